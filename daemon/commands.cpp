#include "daemon/commands.hpp"

#include <cstdio>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "config/secrets.hpp"
#include "daemon/logging.hpp"

namespace vigil::daemon {

// Prints every diagnostic on stderr (logs it, with JSON lines or under the journal); returns
// the config when there was no error.
std::optional<config::Config> load_and_report(const std::filesystem::path& file) {
  auto loaded = config::load_config(file);
  for (const auto& d : loaded.diagnostics) {
    if (log::stderr_is_plain_text()) fmt::print(stderr, "{}\n", d.to_string());
    else if (d.severity == config::Diagnostic::Severity::error) spdlog::error("{}", d.to_string());
    else spdlog::warn("{}", d.to_string());
  }
  // Before anything can log: the config's secrets are redacted from every log line.
  if (loaded.config) log::add_secrets(config::secrets_of(*loaded.config));
  return std::move(loaded.config);
}

int cmd_check_config(const std::filesystem::path& file) {
  auto config = load_and_report(file);
  if (!config) return 1;
  fmt::print("ok\n");
  return 0;
}

int cmd_run(const std::filesystem::path& file, const RunOptions& options) {
  auto config = load_and_report(file);
  if (!config) return 1;
  return run_daemon(*config, options);
}

}  // namespace vigil::daemon
