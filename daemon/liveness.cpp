#include "daemon/liveness.hpp"

#include <fmt/format.h>

namespace vigil::daemon {

std::optional<std::string> Liveness::problem(Clock::time_point now) const {
  const auto last = Clock::time_point(Clock::duration(last_heartbeat_.load()));
  const auto silent = std::chrono::duration_cast<std::chrono::seconds>(now - last);
  if (silent > stall_after_)
    return fmt::format("the event loop, CPU pool or store has made no progress for {} s", silent.count());
  return std::nullopt;
}

}  // namespace vigil::daemon
