// `vigil backup FILE [--force]`: a consistent copy of the store, safe while the daemon runs.
#include <cstdio>

#include <fmt/core.h>

#include "daemon/commands.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

namespace {

// 12345678 -> "11.8 MiB".
std::string human_size(std::uintmax_t bytes) {
  constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double size = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (size >= 1024 && unit + 1 < std::size(units)) {
    size /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", size, units[unit]);
}

}  // namespace

int cmd_backup(const config::Config& config, const std::filesystem::path& target, bool force) {
  const auto store_file = config.daemon.state / "vigil.db";
  auto report = store::backup_sqlite_store(store_file, target, force);
  if (!report) {
    fmt::print(stderr, "{}\n", report.error().message);
    return 1;
  }
  fmt::print("backup: wrote {} ({}): {} sources, {} items, {} alerts; quick_check ok\n", target.string(),
             human_size(report->bytes), report->sources, report->items, report->alerts);
  return 0;
}

}  // namespace vigil::daemon
