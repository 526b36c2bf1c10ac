#pragma once
#include <optional>
#include <string>
#include <vector>

#include "topics/query.hpp"  // QueryError

namespace vigil::topics {

// One configured [[topic]].
struct TopicSpec {
  std::string name{};
  std::string query{};
  std::vector<std::string> notify{};           // channel names
  std::vector<std::string> languages{"en"};    // stemming languages (ISO 639-1)
  std::optional<double> min_score{};           // unset: any hit matches
  std::vector<std::string> sources{};          // empty: every source
};

// A query that does not parse, and whose.
struct TopicError {
  std::string topic;
  QueryError error;
};

}  // namespace vigil::topics
