#pragma once
// One item as the matcher reads it: each field's plain text, tokens and per-language keys,
// computed once for all topics. Private to topics/.
#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "topics/compiled.hpp"
#include "text/words.hpp"

namespace vigil::topics::detail {

struct FieldText {
  std::string text;                  // plain text: the title as is, summary and content from HTML
  std::vector<text::Token> tokens;   // ordered by position (text/words.hpp)
  std::vector<std::uint32_t> first_at;  // tokens at position p: [first_at[p], first_at[p + 1])
  // keys[lang * tokens.size() + t]: token t's stem in language `lang` (Compiled::languages),
  // viewing either the token's word or Document::stems; empty when the item is not read in
  // that language (its declared language holds that stemmer back).
  std::vector<std::string_view> keys;
  std::size_t max_span = 1;  // the longest compound's span

  std::size_t positions() const { return first_at.empty() ? 0 : first_at.size() - 1; }
  std::string_view key(LangId lang, std::size_t token) const {
    return keys[lang * tokens.size() + token];
  }
};

struct Document {
  std::array<FieldText, kFieldCount> fields;
  std::deque<std::string> stems;  // storage for keys that differ from their word
};

// Reads an item's fields and stems every token in every language of `compiled`.
void read_document(const Item& item, const Compiled& compiled, Document& out);

}  // namespace vigil::topics::detail
