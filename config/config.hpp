#pragma once
// The immutable Config loaded from one TOML file, made of the modules' option structs.
// The keys, their types, defaults and docs live in one table per section (see keys.hpp).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/channel_spec.hpp"
#include "dedup/deduper.hpp"
#include "model/source.hpp"
#include "topics/topic_spec.hpp"

namespace vigil::config {

struct DaemonOptions {
  std::filesystem::path state;           // directory of the embedded store (relative to the cwd)
  std::chrono::seconds interval{600};    // default poll interval of sources
  std::size_t concurrency = 64;          // fetches in flight, all hosts
  std::size_t per_host = 2;              // fetches in flight per host
  std::chrono::seconds per_host_delay{1};  // least time between two request starts to one host
  std::string user_agent = "vigil/0.1";
  std::string listen = "127.0.0.1:9470"; // "host:port" of /metrics and /healthz; "" disables
  std::string metrics_token;             // bearer token both endpoints require; "" for none (a secret)
  // Defaults of the [[source]] keys of the same names.
  std::chrono::seconds timeout{30};       // whole fetch
  std::size_t max_body = 16 * 1024 * 1024;  // decompressed bytes
  std::optional<std::string> proxy;       // nullopt: libcurl's default (environment variables)
  std::chrono::seconds backoff_max{6 * 3600};  // cap of a failing source's backoff
  // How long items' text stays in the store for `vigil match --stored`; 0 keeps none.
  std::chrono::seconds keep_text{30 * 24 * 3600};
  // Items no longer listed by their feed, stories and delivered or dead alerts older than this
  // are pruned by the hourly housekeeping; 0 keeps everything.
  std::chrono::seconds retention{180 * 24 * 3600};
  // Source health notices: the channels told, and how long a source fails before they are.
  std::vector<std::string> health_notify{};
  std::chrono::seconds alert_after_failing{6 * 3600};
};

struct Config {
  std::filesystem::path file;            // where it was loaded from, as given
  DaemonOptions daemon;
  dedup::DedupOptions dedup;
  std::vector<SourceSpec> sources;       // in file order; file: URLs made absolute
  std::vector<topics::TopicSpec> topics;
  std::vector<alerts::ChannelSpec> channels;  // secrets resolved (${ENV}, *_file)
};

// One finding, printed as "file:line:col: error: message" (or "warning:").
struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string file;
  int line = 0;  // 1-based; 0 when the finding has no position (a missing file)
  int column = 0;
  std::string message;  // names the key and what was expected; never contains a secret
  // "file:line:col: error: message"; "error: message" when there is no position.
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Config> config;          // set when there are no errors
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in file order
  bool ok() const { return config.has_value(); }
};

// Reads, validates and resolves one config file. Never throws for bad input: every problem
// is a Diagnostic, and all of them are collected (not just the first).
LoadResult load_config(const std::filesystem::path& file);

// "45s", "10m", "1h30m", "30d", "0"; nullopt when malformed.
// Units s, m, h, d, each at most once and largest first; no spaces, no sign, no fractions;
// zero only as "0" or "0s".
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest text parse_duration reads back as `d`: 90s -> "1m30s", 0s -> "0".
std::string format_duration(std::chrono::seconds d);

// A size in bytes: "16MiB", "512KiB", "2GiB" (binary), "1MB", "500KB" (decimal), "4096" or
// "4096B"; units are case-insensitive; nullopt when malformed or zero.
std::optional<std::size_t> parse_size(std::string_view text);

}  // namespace vigil::config
