#pragma once
// Parses Prometheus text exposition with Debian's python3-prometheus-client (prom_parse.py),
// the way a real scraper would read it. Header-only: shared by the daemon and integration tests.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"

namespace vigil::test {

// The families as prom_parse.py prints them; throws with the parser's complaint when the text
// does not parse.
inline nlohmann::json parse_exposition(const std::string& text) {
  TempDir dir;
  write_file(dir.file("metrics.txt"), text);
  ChildProcess parser({VIGIL_DEBIAN_PYTHON, std::string(VIGIL_SOURCE_DIR) + "/tests/support/prom_parse.py",
                       dir.file("metrics.txt")},
                      dir.file("stderr.txt"));
  std::string line;
  try {
    line = parser.read_line(std::chrono::seconds(30));
  } catch (const std::exception&) {
    parser.wait();
    throw std::runtime_error("prom_parse.py: " + read_file(dir.file("stderr.txt")));
  }
  if (parser.wait() != 0) throw std::runtime_error("prom_parse.py: " + read_file(dir.file("stderr.txt")));
  return nlohmann::json::parse(line);
}

// The first sample `name` whose labels include `labels`; nullptr when there is none.
inline const nlohmann::json* find_sample(const nlohmann::json& families, const std::string& name,
                                         const nlohmann::json& labels = nlohmann::json::object()) {
  for (const auto& family : families)
    for (const auto& sample : family["samples"]) {
      if (sample["name"] != name) continue;
      bool all = true;
      for (const auto& [key, value] : labels.items())
        if (!sample["labels"].contains(key) || sample["labels"][key] != value) all = false;
      if (all) return &sample;
    }
  return nullptr;
}

// The sample's value, or -1 when there is no such sample.
inline double sample_value(const nlohmann::json& families, const std::string& name,
                           const nlohmann::json& labels = nlohmann::json::object()) {
  const auto* sample = find_sample(families, name, labels);
  return sample != nullptr && (*sample)["value"].is_number() ? (*sample)["value"].get<double>() : -1;
}

}  // namespace vigil::test
