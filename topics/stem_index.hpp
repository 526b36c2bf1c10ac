#pragma once
// stem() with the language looked up once: the matcher stems every distinct word of an item in
// each of its languages, and finding the language by name for each word showed in profiles.
// Private to topics/.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::topics::detail {

// The stemmer of `language` (as stem() accepts it), or nothing when it has none.
std::optional<std::size_t> stemmer_index(std::string_view language);

// Whether stemmer `other` is a different stemmer than `own` for words of the same script (so
// its stems could meet words of `own`'s language by accident): English and French do, English
// and Russian do not, Norwegian's nb/nn/no are one stemmer.
bool competes_with(std::size_t own, std::size_t other);

// The same as stem(language, folded_word) for the language of `index`.
std::string stem_at(std::size_t index, std::string_view folded_word);

}  // namespace vigil::topics::detail
