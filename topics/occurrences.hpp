#pragma once
// Where the leaves of all topics occur in one item, and what that means for each topic.
// Private to topics/.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/match.hpp"
#include "topics/compiled.hpp"
#include "topics/document.hpp"

namespace vigil::topics::detail {

struct Occurrence {
  LeafId leaf = 0;
  FieldIndex field = kTitle;
  bool regex = false;          // a regex hit has bytes but no word positions
  std::uint32_t start = 0;     // word positions [start, end)
  std::uint32_t end = 0;
  std::size_t begin_byte = 0;  // in the field's text
  std::size_t end_byte = 0;
};

// Every occurrence of every leaf in the document, sorted by leaf, then field, then position.
// `out` is replaced.
void find_occurrences(const Document& document, const Compiled& compiled, std::vector<Occurrence>& out);

// Evaluates one topic over the occurrences of its leaves (`occurrences` holds exactly those,
// sorted by leaf). Returns the match with terms, score, snippet and highlights, or nothing when
// the query is false or the score is under the topic's min_score.
std::optional<Match> evaluate_topic(const Compiled& compiled, std::size_t topic,
                                    std::span<const Occurrence> occurrences, const Document& document);

}  // namespace vigil::topics::detail
