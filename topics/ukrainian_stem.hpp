#pragma once
// A light stemmer for Ukrainian (Snowball has none), private to topics/stem.cpp.
#include <string>
#include <string_view>

namespace vigil::topics::detail {

// The stem of a folded Ukrainian word (text/words.hpp: lower case, й→и, ї→і): the
// longest noun, adjective or common verb ending is stripped, keeping at least three
// letters, so `україна`, `україни`, `україною` all give `украін`.
std::string ukrainian_stem(std::string_view folded_word);

}  // namespace vigil::topics::detail
