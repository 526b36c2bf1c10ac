#pragma once
// Stemming of folded words (text/words.hpp) by language, so `landmines` finds
// `landmine` and `мины` finds `мин`: Snowball stemmers (libstemmer) for the languages it has,
// and a light suffix rule set for Ukrainian, which Snowball lacks.
//
// Languages are ISO 639-1 codes ("en", "fr", "uk"); Snowball's English names ("english")
// are accepted too. A language without a stemmer, or an unknown code, stems nothing: its
// words are only folded. Words of another script than the language's are returned as they
// are (an English stemmer leaves `мины` alone, and does so without calling libstemmer).
//
// Thread-safe: each thread keeps its own libstemmer handles.
#include <string>
#include <string_view>
#include <vector>

namespace vigil::topics {

// True when `language` has a stemmer here (Snowball's or our Ukrainian one).
bool has_stemmer(std::string_view language);

// The ISO 639-1 codes that have a stemmer, sorted (for error messages and docs).
std::vector<std::string> stemmer_languages();

// The stem of one folded word in `language`; the word itself when nothing applies.
std::string stem(std::string_view language, std::string_view folded_word);

}  // namespace vigil::topics
