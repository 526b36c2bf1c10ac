#include "topics/document.hpp"

#include <cctype>
#include <optional>
#include <unordered_map>

#include "text/html.hpp"
#include "topics/stem.hpp"

namespace vigil::topics::detail {
namespace {

void index_positions(FieldText& field) {
  std::size_t positions = 0;
  field.max_span = 1;
  for (const auto& token : field.tokens) {
    positions = std::max(positions, token.position + token.span);
    field.max_span = std::max(field.max_span, token.span);
  }
  field.first_at.assign(positions + 1, static_cast<std::uint32_t>(field.tokens.size()));
  for (std::size_t t = field.tokens.size(); t-- > 0;)
    field.first_at[field.tokens[t].position] = static_cast<std::uint32_t>(t);
  // Every position has its plain token, but keep the table monotonic whatever tokenize gives.
  for (std::size_t p = positions; p-- > 0;)
    field.first_at[p] = std::min(field.first_at[p], field.first_at[p + 1]);
}

// The language the item declares (the primary subtag of its BCP 47 `lang`, "en" of "en-GB"),
// when it has a stemmer; whether any topic uses it does not matter, so a topic's matches never
// depend on which other topics exist.
std::optional<std::string> item_language(const Item& item) {
  std::string primary;
  for (const char c : item.lang) {
    if (c == '-' || c == '_') break;
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (primary.empty() || !has_stemmer(primary)) return std::nullopt;
  return primary;
}

// The script a stemming language is written in, coarsely: stems of languages in different
// scripts never meet, so only languages sharing the item's script are held back.
enum class Script { latin, cyrillic, greek, arabic, armenian, hebrew };
Script script_of(std::string_view language) {
  if (language == "ru" || language == "uk" || language == "sr") return Script::cyrillic;
  if (language == "el") return Script::greek;
  if (language == "ar") return Script::arabic;
  if (language == "hy") return Script::armenian;
  if (language == "yi") return Script::hebrew;
  return Script::latin;
}

}  // namespace

void read_document(const Item& item, const Compiled& compiled, Document& out) {
  // Summary and content are HTML; one line of text each, so snippets read cleanly.
  constexpr text::HtmlTextOptions html{.layout = text::TextLayout::one_line};
  out.fields[kTitle].text = item.title;
  out.fields[kSummary].text = text::html_to_text(item.summary, html);
  out.fields[kContent].text = text::html_to_text(item.content, html);
  out.stems.clear();

  // An item that says its language is stemmed in that language only, among the languages of
  // its script: stemming English text with the French stemmer makes `bomb` meet the query's
  // `bombies` (both `bomb`). Words still match every topic's terms exactly (the "" language).
  // Languages of other scripts still stem, because sites often declare one language for every
  // page (a Ukrainian page tagged "en" keeps its Ukrainian inflections). Without a known
  // language, every language stems.
  const auto own = item_language(item);
  enum class Key { word, stem, none };
  auto key_kind = [&](std::size_t lang) {
    const auto& language = compiled.languages[lang];
    if (language.empty()) return Key::word;
    if (!own || language == *own || script_of(language) != script_of(*own)) return Key::stem;
    return Key::none;
  };

  // The same word is stemmed once per item and language, however often it occurs.
  std::unordered_map<std::string_view, std::size_t> first_stem;  // word -> index in out.stems
  const std::size_t languages = compiled.languages.size();
  for (auto& field : out.fields) {
    field.tokens = text::tokenize(field.text);
    index_positions(field);
    field.keys.assign(languages * field.tokens.size(), {});
    for (std::size_t t = 0; t < field.tokens.size(); ++t) {
      const std::string_view word = field.tokens[t].word;
      auto [cached, inserted] = first_stem.try_emplace(word, out.stems.size());
      if (inserted) {  // one slot per language; "" where the key is the word itself
        for (std::size_t lang = 0; lang < languages; ++lang)
          out.stems.push_back(key_kind(lang) == Key::stem ? stem(compiled.languages[lang], word) : std::string());
      }
      for (std::size_t lang = 0; lang < languages; ++lang) {
        const Key kind = key_kind(lang);
        const std::string_view key = kind == Key::stem   ? std::string_view(out.stems[cached->second + lang])
                                     : kind == Key::word ? word
                                                         : std::string_view();  // never looked up
        field.keys[lang * field.tokens.size() + t] = key;
      }
    }
  }
}

}  // namespace vigil::topics::detail
