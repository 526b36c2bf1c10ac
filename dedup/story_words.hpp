#pragma once
// The words dedup compares, read once per item: folded the way topics read text
// (text/words.hpp), plain words only (a compound such as "antipersonnel" is skipped, its parts
// are there).
#include <string>
#include <vector>

#include "model/item.hpp"

namespace vigil::dedup {

struct StoryWords {
  // The title's words; a title-only comparison needs a title, so an item without one lends
  // the first words of its text. A site name after " | " is not part of the title.
  std::vector<std::string> title;
  // The title's names: words written with a capital inside a sentence-case title ("Kharkiv",
  // "UN"), folded; a word that opens the title or a clause is not one, and a title in Title
  // Case or capitals has none (every word is capitalized there). Lets two titles that differ
  // in a place or a person ("drone attack on Kharkiv" / "on Kherson") tell two stories apart.
  std::vector<std::string> title_names;
  // The text: summary and content as plain text, without what every story of a publisher
  // shares. A summary that is the content's own lede (a teaser) is read once, and a trailing
  // press-release section ("About <org>", "Notes to editors", "Media contact", "###", "ENDS")
  // or a WordPress "The post ... appeared first on ..." line is cut, so two statements of one
  // organization are not alike because of it.
  std::vector<std::string> text;
};

StoryWords story_words(const Item& item);

}  // namespace vigil::dedup
