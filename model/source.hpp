#pragma once
#include <chrono>
#include <string>

namespace vigil {

// One configured [[source]].
struct SourceSpec {
  std::string name;
  std::string url;                      // http(s):// or file:// (only configured sources may use file://)
  std::chrono::seconds interval{600};   // poll period
  bool baseline = true;                 // first poll records items without alerting
  std::chrono::seconds max_age{7 * 24 * 3600};  // older items never alert; 0 = no limit
};

}  // namespace vigil
