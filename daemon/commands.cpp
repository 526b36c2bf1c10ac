#include "daemon/commands.hpp"

#include <cstdio>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"

namespace vigil::daemon {

// Prints every diagnostic on stderr; returns the config when there was no error.
std::optional<config::Config> load_and_report(const std::filesystem::path& file) {
  auto loaded = config::load_config(file);
  for (const auto& d : loaded.diagnostics) fmt::print(stderr, "{}\n", d.to_string());
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
