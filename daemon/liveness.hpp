#pragma once
// Whether the daemon is making progress: the watchdog's heartbeat (daemon/watchdog.hpp) stamps
// it after each round trip from the io loop through the CPU pool and the store; the systemd
// watchdog pings and /healthz read it. Thread-safe.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

namespace vigil::daemon {

class Liveness {
 public:
  using Clock = std::chrono::steady_clock;

  // A loop counts as stalled when it has not stamped for `stall_after`.
  explicit Liveness(std::chrono::seconds stall_after = std::chrono::seconds(60)) : stall_after_(stall_after.count()) {}

  // The io loop's heartbeat made a round trip through the CPU pool and the store.
  void heartbeat(Clock::time_point now = Clock::now()) {
    last_heartbeat_.store(now.time_since_epoch().count());
    beats_.fetch_add(1);
  }
  // A heartbeat reached the store, which answered with an error: reported by problem() once
  // the heartbeats have stalled.
  void failed(std::string reason);
  // The stall threshold follows the heartbeat's period (the watchdog's timeout under systemd).
  void set_stall_after(std::chrono::seconds stall_after) { stall_after_.store(stall_after.count()); }
  std::chrono::seconds stall_after() const { return std::chrono::seconds(stall_after_.load()); }

  // nullopt while healthy, else why not ("the event loop, CPU pool or store has made no
  // progress for 95 s").
  std::optional<std::string> problem(Clock::time_point now = Clock::now()) const;
  // Heartbeats so far.
  std::size_t beats() const { return beats_.load(); }

 private:
  std::atomic<std::chrono::seconds::rep> stall_after_;
  std::atomic<Clock::rep> last_heartbeat_{Clock::now().time_since_epoch().count()};
  std::atomic<std::size_t> beats_{0};
  mutable std::mutex mutex_;  // guards last_failure_
  std::string last_failure_;
  Clock::time_point last_failure_at_{};
};

}  // namespace vigil::daemon
