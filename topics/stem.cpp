#include "topics/stem.hpp"

#include <array>
#include <cstdint>
#include <libstemmer.h>
#include <memory>
#include <optional>
#include <unordered_map>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "text/utf8.hpp"
#include "topics/stem_index.hpp"
#include "topics/ukrainian_stem.hpp"

namespace vigil::topics {
namespace {

// The script a language's words are written in, told from their first letter.
enum class Script : std::uint8_t { latin, cyrillic, latin_or_cyrillic, greek, arabic, armenian, hebrew };

struct Language {
  std::string_view code;       // ISO 639-1
  std::string_view algorithm;  // Snowball's name; "" for our own Ukrainian rules
  Script script;
};

// Snowball 2.2's stemmers by ISO code, sorted by code. Hindi, Nepali and Tamil are left out
// on purpose: folding strips their vowel signs (they are marks), and Snowball's rules for
// them, written for words with vowel signs, then cut away consonants instead.
constexpr std::array<Language, 28> languages{{
    {"ar", "arabic", Script::arabic},       {"ca", "catalan", Script::latin},
    {"da", "danish", Script::latin},        {"de", "german", Script::latin},
    {"el", "greek", Script::greek},         {"en", "english", Script::latin},
    {"es", "spanish", Script::latin},       {"eu", "basque", Script::latin},
    {"fi", "finnish", Script::latin},       {"fr", "french", Script::latin},
    {"ga", "irish", Script::latin},         {"hu", "hungarian", Script::latin},
    {"hy", "armenian", Script::armenian},   {"id", "indonesian", Script::latin},
    {"it", "italian", Script::latin},       {"lt", "lithuanian", Script::latin},
    {"nb", "norwegian", Script::latin},     {"nl", "dutch", Script::latin},
    {"nn", "norwegian", Script::latin},     {"no", "norwegian", Script::latin},
    {"pt", "portuguese", Script::latin},    {"ro", "romanian", Script::latin},
    {"ru", "russian", Script::cyrillic},    {"sr", "serbian", Script::latin_or_cyrillic},
    {"sv", "swedish", Script::latin},       {"tr", "turkish", Script::latin},
    {"uk", "", Script::cyrillic},           {"yi", "yiddish", Script::hebrew},
}};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != b[i]) return false;
  return true;
}

// The index in `languages` of an ISO code ("en", "en-GB", "pt_BR") or a Snowball name
// ("english"), whatever the case. Called for every word stemmed, so codes go first.
std::optional<std::size_t> find_language(std::string_view language) {
  for (std::size_t i = 0; i < language.size(); ++i)
    if (language[i] == '-' || language[i] == '_') {
      language = language.substr(0, i);
      break;
    }
  if (language.size() == 2) {
    const char first = ascii_lower(language[0]);
    const char second = ascii_lower(language[1]);
    for (std::size_t i = 0; i < languages.size(); ++i)
      if (languages[i].code[0] == first && languages[i].code[1] == second) return i;
    return std::nullopt;
  }
  if (ascii_iequal(language, "ukrainian")) language = "uk";
  for (std::size_t i = 0; i < languages.size(); ++i)
    if (ascii_iequal(language, languages[i].code) ||
        (!languages[i].algorithm.empty() && ascii_iequal(language, languages[i].algorithm)))
      return i;
  return std::nullopt;
}

bool in_script(char32_t cp, Script script) {
  const bool latin = cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF);
  const bool cyrillic = cp >= 0x0400 && cp <= 0x052F;
  switch (script) {
    case Script::latin: return latin;
    case Script::cyrillic: return cyrillic;
    case Script::latin_or_cyrillic: return latin || cyrillic;
    case Script::greek: return (cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF);
    case Script::arabic:
      return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
             (cp >= 0x08A0 && cp <= 0x08FF);
    case Script::armenian: return cp >= 0x0530 && cp <= 0x058F;
    case Script::hebrew: return cp >= 0x0590 && cp <= 0x05FF;
  }
  return false;
}

bool ends_with_vowel(std::string_view word) {
  static constexpr std::string_view vowels[] = {"а", "е", "и", "о", "у", "ы", "э", "ю", "я"};
  for (const auto vowel : vowels)
    if (word.ends_with(vowel)) return true;
  return false;
}

// Folding turned й into и, which hides Snowball's endings -ый, -ий, -ой, -ей, -ай (`новый`,
// `Украиной`). A final и after a vowel is nearly always such a й, so it is given back.
std::string russian_input(std::string_view folded) {
  std::string word(folded);
  constexpr std::string_view i = "и";
  if (word.size() >= 2 * i.size() && std::string_view(word).ends_with(i) &&
      ends_with_vowel(std::string_view(word).substr(0, word.size() - i.size())))
    word.replace(word.size() - i.size(), i.size(), "й");
  return word;
}

// Snowball strips -ов/-ев from nominatives (`Харьков` → `харьк`, `Киев` → `ки`) but keeps them
// before case endings (`Харькова` → `харьков`); stripping them there too lets all cases meet.
std::string russian_output(std::string stem) {
  for (const std::string_view syllable : {"ов", "ев"}) {
    if (!std::string_view(stem).ends_with(syllable)) continue;
    const auto rest = std::string_view(stem).substr(0, stem.size() - syllable.size());
    if (text::utf8_length(rest) >= 2) stem.resize(rest.size());
    break;
  }
  return stem;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const noexcept { sb_stemmer_delete(stemmer); }
};
using StemmerHandle = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// libstemmer handles keep state between calls, so each thread has its own, made on first use.
sb_stemmer* snowball(std::size_t language) {
  thread_local std::array<StemmerHandle, languages.size()> handles;
  auto& handle = handles[language];
  if (!handle) handle.reset(sb_stemmer_new(std::string(languages[language].algorithm).c_str(), "UTF_8"));
  return handle.get();
}

std::string snowball_stem(std::size_t language, std::string_view word) {
  sb_stemmer* stemmer = snowball(language);
  if (stemmer == nullptr) return std::string(word);  // out of memory: leave the word whole
  const auto* stemmed = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                        static_cast<int>(word.size()));
  if (stemmed == nullptr) return std::string(word);
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

// Stemming costs 100-300 ns a word in Snowball, and news repeats its words from item to item:
// each thread remembers the stems of the last words it saw, per language.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(s.data(), s.size()));
  }
};
using StemCache = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;
constexpr std::size_t max_cached_stems = 8192;  // per language and thread: about 1 MB
thread_local std::array<StemCache, languages.size()> stem_caches;

}  // namespace

bool has_stemmer(std::string_view language) { return find_language(language).has_value(); }

std::vector<std::string> stemmer_languages() {
  std::vector<std::string> codes;
  for (const auto& language : languages) codes.emplace_back(language.code);
  return codes;
}

std::string stem(std::string_view language, std::string_view folded_word) {
  const auto index = find_language(language);
  if (!index) return std::string(folded_word);
  return detail::stem_at(*index, folded_word);
}

namespace detail {

std::optional<std::size_t> stemmer_index(std::string_view language) { return find_language(language); }

bool competes_with(std::size_t own, std::size_t other) {
  if (own >= languages.size() || other >= languages.size()) return false;
  const auto& a = languages[own];
  const auto& b = languages[other];
  if (a.code == b.code || (!a.algorithm.empty() && a.algorithm == b.algorithm)) return false;
  auto latin = [](Script s) { return s == Script::latin || s == Script::latin_or_cyrillic; };
  auto cyrillic = [](Script s) { return s == Script::cyrillic || s == Script::latin_or_cyrillic; };
  return a.script == b.script || (latin(a.script) && latin(b.script)) || (cyrillic(a.script) && cyrillic(b.script));
}

std::string stem_at(std::size_t index, std::string_view folded_word) {
  // Longer "words" are runs of code or data, not words of a language: left whole.
  constexpr std::size_t max_word_bytes = 256;
  if (index >= languages.size() || folded_word.empty() || folded_word.size() > max_word_bytes)
    return std::string(folded_word);
  const Language& lang = languages[index];
  if (!in_script(text::decode_utf8(folded_word, 0).cp, lang.script)) return std::string(folded_word);

  auto& cache = stem_caches[index];
  if (const auto cached = cache.find(folded_word); cached != cache.end()) return cached->second;
  std::string stemmed;
  if (lang.code == "uk") stemmed = detail::ukrainian_stem(folded_word);
  else if (lang.code == "ru") stemmed = russian_output(snowball_stem(index, russian_input(folded_word)));
  else stemmed = snowball_stem(index, folded_word);
  // Only word-sized entries, so hostile text of long "words" cannot grow the cache past ~1 MB.
  constexpr std::size_t max_cached_word_bytes = 64;
  if (folded_word.size() > max_cached_word_bytes) return stemmed;
  if (cache.size() >= max_cached_stems) cache.clear();  // crude, but the frequent words return at once
  cache.emplace(folded_word, stemmed);
  return stemmed;
}

}  // namespace detail

}  // namespace vigil::topics
