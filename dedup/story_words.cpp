#include "dedup/story_words.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utf8proc.h>

#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/words.hpp"

namespace vigil::dedup {
namespace {

// A title-less item lends this many words of its text to the title comparison.
constexpr std::size_t words_for_missing_title = 16;
// A trailing section is only cut after this many words of story: a marker near the start
// is more likely a heading of the story itself ("About the report").
constexpr std::size_t min_story_words_before_boilerplate = 10;
// The teaser test: a summary whose first words appear, in order, early in the content.
constexpr std::size_t teaser_probe_words = 12;
constexpr std::size_t teaser_search_words = 200;

struct Paragraphed {
  std::vector<std::string> words;
  std::vector<bool> starts_paragraph;  // per word
  std::vector<bool> after_rule;        // per word: an end rule ("###") comes before it
};

Paragraphed read_html(std::string_view html) {
  Paragraphed out;
  if (html.empty()) return out;
  const std::string plain = text::html_to_text(html, {.layout = text::TextLayout::paragraphs});
  std::size_t previous_end = 0;
  for (auto& token : text::tokenize(plain)) {
    if (token.span != 1) continue;
    const std::string_view gap = std::string_view(plain).substr(previous_end, token.begin - previous_end);
    out.starts_paragraph.push_back(out.words.empty() || gap.find('\n') != std::string_view::npos);
    out.after_rule.push_back(gap.find("###") != std::string_view::npos);
    previous_end = token.end;
    out.words.push_back(std::move(token.word));
  }
  return out;
}

std::size_t paragraph_length(const Paragraphed& text, std::size_t start) {
  std::size_t end = start + 1;
  while (end < text.words.size() && !text.starts_paragraph[end]) ++end;
  return end - start;
}

bool is_digits(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether the words from `at` on begin a section that press releases and syndicated pieces
// end with. Markers are folded (lower case, no accents).
bool starts_boilerplate(const Paragraphed& text, std::size_t at) {
  if (text.after_rule[at]) return true;
  if (!text.starts_paragraph[at]) return false;
  const auto& w = text.words;
  auto phrase = [&](std::initializer_list<std::string_view> words) {
    if (at + words.size() > w.size()) return false;
    std::size_t i = at;
    for (const auto word : words)
      if (w[i++] != word) return false;
    return true;
  };
  const std::size_t length = paragraph_length(text, at);
  // "About Amnesty International" as a heading, never "About 300 people were ...".
  const bool heading = length <= 6;
  if ((phrase({"about"}) || phrase({"a", "propos"}) || phrase({"uber", "uns"}) || phrase({"acerca", "de"}) ||
       phrase({"о", "нас"}) || phrase({"про", "нас"})) &&
      heading && !(at + 1 < w.size() && is_digits(w[at + 1])))
    return true;
  // WordPress feeds end every item with "The post <title> appeared first on <site>."
  if (phrase({"the", "post"})) {
    for (std::size_t i = at + 2; i + 2 < at + length; ++i)
      if (w[i] == "appeared" && w[i + 1] == "first" && w[i + 2] == "on") return true;
  }
  // Closing sections, with the longest paragraph that may open them (0: any): "Contact" and
  // "ENDS" only as a line of their own, never "Contact tracing resumed in the camps".
  struct Section {
    std::array<std::string_view, 3> words;
    std::size_t max_paragraph;
  };
  static constexpr std::array<Section, 18> sections{{
      {{"notes", "to", "editors"}, 0},
      {{"note", "to", "editors"}, 0},
      {{"notes", "for", "editors"}, 0},
      {{"note", "for", "editors"}, 0},
      {{"media", "contact", ""}, 0},
      {{"media", "contacts", ""}, 0},
      {{"press", "contact", ""}, 0},
      {{"press", "contacts", ""}, 0},
      {{"media", "enquiries", ""}, 0},
      {{"press", "enquiries", ""}, 0},
      {{"media", "inquiries", ""}, 0},
      {{"press", "inquiries", ""}, 0},
      {{"for", "more", "information"}, 0},
      {{"for", "further", "information"}, 0},
      {{"contact", "", ""}, 1},
      {{"contacts", "", ""}, 1},
      {{"contact", "us", ""}, 2},
      {{"ends", "", ""}, 1},
  }};
  for (const auto& section : sections) {
    if (section.max_paragraph != 0 && length > section.max_paragraph) continue;
    std::size_t i = at;
    bool matches = true;
    for (const auto word : section.words) {
      if (word.empty()) break;
      matches = matches && i < w.size() && w[i++] == word;
    }
    if (matches) return true;
  }
  return false;
}

void cut_boilerplate(Paragraphed& text) {
  for (std::size_t at = min_story_words_before_boilerplate; at < text.words.size(); ++at) {
    if (starts_boilerplate(text, at)) {
      text.words.resize(at);
      return;
    }
  }
}

// Whether `summary` is the content's own beginning (a teaser, perhaps cut off with "...").
bool is_teaser_of(const std::vector<std::string>& summary, const std::vector<std::string>& content) {
  if (summary.empty()) return true;
  const std::size_t probe = std::min(summary.size(), teaser_probe_words);
  const std::size_t last_start = std::min(content.size(), teaser_search_words);
  for (std::size_t start = 0; start + probe <= content.size() && start < last_start; ++start) {
    if (std::equal(summary.begin(), summary.begin() + static_cast<std::ptrdiff_t>(probe),
                   content.begin() + static_cast<std::ptrdiff_t>(start)))
      return true;
  }
  return false;
}

bool starts_with_capital(std::string_view word) {
  if (word.empty()) return false;
  const auto first = text::decode_utf8(word, 0);
  return first.valid && utf8proc_isupper(static_cast<utf8proc_int32_t>(first.cp));
}

// Names of a title (see StoryWords::title_names), from its tokens and their spelling.
std::vector<std::string> names_of(std::string_view title, const std::vector<text::Token>& tokens) {
  std::vector<std::string> names;
  std::size_t long_words = 0;
  std::size_t capitalized_long_words = 0;
  std::size_t previous_end = 0;
  bool first = true;
  for (const auto& token : tokens) {
    if (token.span != 1) continue;
    const std::string_view spelled = title.substr(token.begin, token.end - token.begin);
    const std::string_view gap = title.substr(previous_end, token.begin - previous_end);
    previous_end = token.end;
    // After a colon, a dash or an opening quote a new clause starts with a capital anyway.
    static constexpr std::array<std::string_view, 7> clause_marks{":", "\"", " - ", "\u2013", "\u2014", "\u2018",
                                                                  "\u201c"};
    const bool opens_clause = first || std::any_of(clause_marks.begin(), clause_marks.end(), [&](std::string_view mark) {
                                return gap.find(mark) != std::string_view::npos;
                              });
    first = false;
    const bool capital = starts_with_capital(spelled);
    if (spelled.size() >= 4 && !opens_clause) {
      ++long_words;
      capitalized_long_words += capital;
    }
    if (capital && !opens_clause) names.push_back(token.word);
  }
  // Title Case ("Landmine Kills Three In Velmora") or capitals: capitals say nothing there.
  if (long_words >= 2 && capitalized_long_words * 10 >= long_words * 7) names.clear();
  return names;
}

std::string_view title_without_site(std::string_view title) {
  const auto bar = title.rfind(" | ");
  return bar == std::string_view::npos || bar == 0 ? title : title.substr(0, bar);
}

}  // namespace

StoryWords story_words(const Item& item) {
  StoryWords out;
  auto summary = read_html(item.summary);
  auto content = read_html(item.content);
  cut_boilerplate(summary);
  cut_boilerplate(content);
  if (content.words.empty() || !is_teaser_of(summary.words, content.words)) out.text = std::move(summary.words);
  out.text.reserve(out.text.size() + content.words.size());
  std::move(content.words.begin(), content.words.end(), std::back_inserter(out.text));

  // Titles are plain text, but feeds do put markup and references in them.
  const auto title = text::html_to_text(title_without_site(item.title), {.layout = text::TextLayout::one_line});
  const auto tokens = text::tokenize(title);
  out.title_names = names_of(title, tokens);
  for (const auto& token : tokens)
    if (token.span == 1) out.title.push_back(token.word);
  if (out.title.empty()) {
    const auto lent = std::min(out.text.size(), words_for_missing_title);
    out.title.assign(out.text.begin(), out.text.begin() + static_cast<std::ptrdiff_t>(lent));
  }
  return out;
}

}  // namespace vigil::dedup
