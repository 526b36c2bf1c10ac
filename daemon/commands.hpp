#pragma once
// One function per CLI subcommand; each returns the process exit status.
#include <filesystem>
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/runtime.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct MatchOptions {
  std::vector<std::string> topics;   // only these (all when empty)
  bool explain = false;              // add terms, score and snippet per topic
  bool stored = false;               // the store's kept items instead of `input`
  std::chrono::seconds since{30 * 24 * 3600};  // with `stored`: items first seen this recently
  std::string input = "-";           // Item JSON lines or a feed document; "-" is stdin
};

int cmd_check_config(const std::filesystem::path& config_file);
int cmd_run(const std::filesystem::path& config_file, const RunOptions& options);
// Loads the config (printing diagnostics); nullopt on errors.
std::optional<config::Config> load_and_report(const std::filesystem::path& config_file);
int cmd_sources(const config::Config& config, bool json);
int cmd_alerts(const config::Config& config, std::optional<store::AlertState> state, bool json);
// Re-queues the alert `id`, or every dead alert (`dead`): pending, due now, attempts from zero.
int cmd_alerts_retry(const config::Config& config, const std::string& id, bool dead);
// Sends a sample alert on `channel` now, rendered (and signed) like a real one; exit 1 with
// the server's answer when it was refused or failed.
int cmd_test_alert(const config::Config& config, const std::string& channel);
int cmd_import_opml(const std::filesystem::path& file);  // prints [[source]] TOML; needs no config
int cmd_export_opml(const config::Config& config);      // prints the sources as OPML 2.0
// A consistent copy of the store at `target` (SQLite's online backup, safe while the daemon
// runs); refuses an existing `target` unless `force`. Prints what it wrote.
int cmd_backup(const config::Config& config, const std::filesystem::path& target, bool force);
int cmd_match(const config::Config& config, const MatchOptions& options);
// The whole of FILE, or of standard input for "-"; the error names the file.
std::expected<std::string, std::string> read_input(const std::string& file);
// Duplicate decisions for Item JSON lines from FILE or "-" (stdin); config optional.
int cmd_dedup(const dedup::DedupOptions& options, const std::string& input);
// A source's document as Item JSON: a feed (or the feed an HTML page advertises), or with
// `configured`, that source's HTML list page or sitemap (file_or_url "" reads its URL).
int cmd_parse(const std::string& file_or_url, const std::string& base, const SourceSpec* configured);
// An article page's main text (or, with `json`, its text and metadata); needs no config.
int cmd_extract(const std::string& file_or_url, const std::string& base, bool json);
// The feeds an HTML page advertises, one per line (URL, type, title) or JSON lines.
int cmd_discover(const std::string& file_or_url, bool json);

}  // namespace vigil::daemon
