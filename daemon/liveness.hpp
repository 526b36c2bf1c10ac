#pragma once
// Whether the daemon is making progress: the scheduler's and the dispatcher's loops and the
// store stamp it as they work; the systemd watchdog pings and /healthz read it. Thread-safe.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

namespace vigil::daemon {

class Liveness {
 public:
  using Clock = std::chrono::steady_clock;

  // A loop counts as stalled when it has not stamped for `stall_after`.
  explicit Liveness(std::chrono::seconds stall_after = std::chrono::seconds(60)) : stall_after_(stall_after) {}

  // The io loop's heartbeat made a round trip through the CPU pool and the store.
  void heartbeat(Clock::time_point now = Clock::now()) { last_heartbeat_.store(now.time_since_epoch().count()); }

  // nullopt while healthy, else why not ("the event loop has not run for 95 s").
  std::optional<std::string> problem(Clock::time_point now = Clock::now()) const;

 private:
  std::chrono::seconds stall_after_;
  std::atomic<Clock::rep> last_heartbeat_{Clock::now().time_since_epoch().count()};
};

}  // namespace vigil::daemon
