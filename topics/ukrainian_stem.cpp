#include "topics/ukrainian_stem.hpp"

#include <span>

// A light stemmer in the manner of the published ones for Russian and Ukrainian (Savoy's
// light stemmers, the Ukrainian ports of Snowball's Russian rules): inflection endings only,
// no derivational suffixes, so related but distinct words stay apart (`україна` and
// `український`). It works on folded words, where й is и and ї is і, so the endings below are
// written that way (`ий` is `ии`, `ої` is `оі`, `їв` is `ів`).
//
// Verbs get only the endings of the productive -увати/-ювати class and of the third person in
// -ає/-яє: the infinitive and past endings (-ти, -ла, -ли) are also the endings of nouns
// whose stems end in т or л (`кімнати`, `школа`), and stripping them would tear those apart.

namespace vigil::topics::detail {
namespace {

// Longest first: the first ending that matches and leaves enough of the word wins.
constexpr std::string_view endings[] = {
    // 7 and 6 letters: reflexive forms of -увати verbs
    "уватися", "увалася", "увалося", "увалися",
    "ується", "юється", "уються", "юються", "увався", "ювався",
    // 5 letters
    "увати", "ювати", "увала", "ювала", "увало", "ювало", "ували", "ювали",
    // 4 letters
    "ував", "ював", "ують", "юють", "ають", "яють", "ього", "ьому", "іями",
    // 3 letters
    "ами", "ями", "ими", "іми", "ого", "ому", "ові", "еві", "єві", "ією", "ьми", "ьою", "ьоі",
    "іям", "іях",
    // 2 letters
    "ою", "ею", "єю", "ом", "ем", "єм", "ам", "ям", "ах", "ях", "ів", "ии", "іи", "оі", "єі",
    "им", "ім", "их", "іх", "еи", "іі", "ія", "ію", "ує", "ює", "ую", "ає", "яє",
    // 1 letter
    "а", "я", "о", "е", "є", "у", "ю", "і", "и", "ь",
};

// Endings of the last syllable of names like Київ/Києва, Харків/Харкова, Львів/Львова,
// Миколаїв/Миколаєва, where і alternates with о, е or є: stripped from what is left after the
// case ending, so every case meets (`киів`, `києв` → `ки`; `харків`, `харков` → `харк`).
constexpr std::string_view alternating_syllables[] = {"ов", "ев", "єв", "ів"};

// Nouns in -оя keep their о before one-letter endings (`зброя`, `зброю` → `збро`) but lose it
// to the adjective ending -ої (`зброї` → `збр`): the о is dropped from every stem.
constexpr std::string_view stem_final_o[] = {"о"};

constexpr std::size_t min_stem_letters = 3;       // `мін` of `міна` is the shortest wanted
constexpr std::size_t min_syllable_rest = 2;      // `ки` of `Київ`

constexpr std::size_t letters(std::string_view utf8) {
  std::size_t count = 0;
  for (const char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

constexpr bool longest_first(std::span<const std::string_view> suffixes) {
  for (std::size_t i = 1; i < suffixes.size(); ++i)
    if (letters(suffixes[i]) > letters(suffixes[i - 1])) return false;
  return true;
}
static_assert(longest_first(endings));

// Strips the first of `suffixes` that ends `word` and leaves at least `min_rest` letters.
std::string_view strip_first(std::string_view word, std::span<const std::string_view> suffixes,
                             std::size_t min_rest) {
  if (word.empty()) return word;
  for (const auto suffix : suffixes) {
    if (suffix.back() != word.back() || !word.ends_with(suffix)) continue;  // cheap test first
    const auto rest = word.substr(0, word.size() - suffix.size());
    if (letters(rest) >= min_rest) return rest;
  }
  return word;
}

}  // namespace

std::string ukrainian_stem(std::string_view folded_word) {
  auto stem = strip_first(folded_word, endings, min_stem_letters);
  stem = strip_first(stem, stem_final_o, min_stem_letters);
  stem = strip_first(stem, alternating_syllables, min_syllable_rest);
  return std::string(stem);
}

}  // namespace vigil::topics::detail
