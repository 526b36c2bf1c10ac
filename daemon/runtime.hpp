#pragma once
// Wires the stages together for `vigil run` and `vigil once`: one io_context thread for all
// I/O, a CPU pool for parse/match/store work, the scheduler, the poller and the dispatcher.
#include <memory>

#include "config/config.hpp"

namespace vigil::daemon {

struct RunOptions {
  bool once = false;  // one cycle of every source, deliver what is due, exit
};

// Returns the process exit status.
int run_daemon(const config::Config& config, const RunOptions& options);

}  // namespace vigil::daemon
