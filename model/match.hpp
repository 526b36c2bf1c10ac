#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace vigil {

// A byte range [begin, end) of a snippet that a query term matched.
struct Highlight {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const Highlight&) const = default;
};

// One topic that matched one item, and why.
struct Match {
  std::string topic;
  std::vector<std::string> terms;  // the query terms that fired, as written in the query
  double score = 0;                // how much the item is about the topic (see topics/matcher.hpp)
  // About 200 characters of plain text around the strongest hit, cut on word boundaries
  // ("…" marks a cut), and where the hits lie in it (none for the query `*`).
  std::string snippet;
  std::vector<Highlight> highlights;
};

}  // namespace vigil
