#pragma once
// The immutable Config loaded from one TOML file, made of the modules' option structs.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "alerts/channel_spec.hpp"
#include "model/source.hpp"
#include "topics/topic_spec.hpp"

namespace vigil::config {

struct DaemonOptions {
  std::filesystem::path state;           // directory of the embedded store
  std::chrono::seconds interval{600};    // default poll interval of sources
  std::size_t concurrency = 64;          // fetches in flight, all hosts
  std::size_t per_host = 2;              // fetches in flight per host
  std::string user_agent = "vigil/0.1 (+https://github.com/vigil-news/vigil)";
  std::string listen = "127.0.0.1:9470"; // "" disables; served by a later release
};

struct Config {
  std::filesystem::path file;            // where it was loaded from
  DaemonOptions daemon;
  std::vector<SourceSpec> sources;
  std::vector<topics::TopicSpec> topics;
  std::vector<alerts::ChannelSpec> channels;
};

// One finding, printed as "file:line:col: error: message" (or "warning:").
struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string file;
  int line = 0;  // 1-based; 0 when the finding has no position (a missing file)
  int column = 0;
  std::string message;  // names the key and what was expected
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Config> config;          // set when there are no errors
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in file order
  bool ok() const { return config.has_value(); }
};

LoadResult load_config(const std::filesystem::path& file);

// "45s", "10m", "1h30m", "30d", "0"; nullopt when malformed.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace vigil::config
