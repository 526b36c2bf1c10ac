#pragma once
// The snippet of an explanation: about 200 characters of a field's text around its strongest
// hits, cut on word boundaries, with the hits' places. Private to topics/.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/match.hpp"

namespace vigil::topics::detail {

struct Snippet {
  std::string text;
  std::vector<Highlight> highlights;  // byte ranges in `text`, ascending, never overlapping
};

// What the caller knows of a whole text, so that each of its snippets need not find it out.
struct TextFacts {
  bool ascii = false;       // every byte is ASCII
  bool valid_utf8 = false;  // text::is_valid_utf8
};

// `hits` are byte ranges of `text`, in any order; they are sorted and merged in place (the
// caller's buffer, reused). The window goes where the most hits lie close together (the first
// such place on a tie); with no hits it is the start of the text. A cut end gets "…".
Snippet make_snippet(std::string_view text, std::vector<Highlight>& hits, std::size_t max_chars = 200,
                     TextFacts facts = {});

}  // namespace vigil::topics::detail
