#include "daemon/liveness.hpp"

#include <fmt/format.h>

namespace vigil::daemon {

void Liveness::failed(std::string reason) {
  const std::lock_guard lock(mutex_);
  last_failure_ = std::move(reason);
  last_failure_at_ = Clock::now();
}

std::optional<std::string> Liveness::problem(Clock::time_point now) const {
  const auto last = Clock::time_point(Clock::duration(last_heartbeat_.load()));
  const auto silent = std::chrono::duration_cast<std::chrono::seconds>(now - last);
  if (silent <= stall_after()) return std::nullopt;
  auto message = fmt::format("the event loop, CPU pool or store has made no progress for {} s", silent.count());
  const std::lock_guard lock(mutex_);
  // Only an error newer than the last good heartbeat explains the stall.
  if (!last_failure_.empty() && last_failure_at_ > last) message += "; last error: " + last_failure_;
  return message;
}

}  // namespace vigil::daemon
