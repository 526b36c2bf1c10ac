#pragma once
// One function per CLI subcommand; each returns the process exit status.
#include <filesystem>

#include "daemon/runtime.hpp"

namespace vigil::daemon {

int cmd_check_config(const std::filesystem::path& config_file);
int cmd_run(const std::filesystem::path& config_file, const RunOptions& options);

}  // namespace vigil::daemon
