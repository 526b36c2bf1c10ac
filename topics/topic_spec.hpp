#pragma once
#include <string>
#include <vector>

namespace vigil::topics {

// One configured [[topic]].
struct TopicSpec {
  std::string name;
  std::string query;
  std::vector<std::string> notify;  // channel names
};

}  // namespace vigil::topics
