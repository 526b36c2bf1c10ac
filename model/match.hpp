#pragma once
#include <string>
#include <vector>

namespace vigil {

// One topic that matched one item, and why.
struct Match {
  std::string topic;
  std::vector<std::string> terms;  // the query terms that fired, as written in the query
};

}  // namespace vigil
