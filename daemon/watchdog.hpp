#pragma once
// The watchdog: a heartbeat that proves the daemon makes progress. Every `period` the io loop
// posts a probe to the CPU pool, which runs a cheap store query and posts back; the round trip
// stamps the Liveness (read by /healthz) and pings systemd's watchdog (WATCHDOG=1). A wedged
// io loop (scheduler timers, dispatcher, HTTP server), a CPU pool that never gets to the probe,
// or a store that hangs or fails ends the round trips, so the pings stop and systemd restarts
// vigil after WatchdogSec.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/liveness.hpp"
#include "daemon/service_notify.hpp"

namespace vigil::daemon {

class Watchdog {
 public:
  // Runs on the CPU pool: nullopt when the store answered, else its error.
  using Probe = std::function<std::optional<std::string>()>;
  // Runs on the io thread after each completed round trip.
  using Beat = std::function<void()>;

  // `period`: half of WATCHDOG_USEC under a systemd watchdog, else 5 s (for /healthz); tests
  // may set it.
  Watchdog(boost::asio::io_context& io, boost::asio::thread_pool& cpu, Liveness& liveness, ServiceNotifier& notifier,
           Probe probe, Beat on_beat = {}, std::optional<std::chrono::milliseconds> period = {});

  std::chrono::milliseconds period() const { return period_; }
  void start();
  void stop();

 private:
  void arm();
  void beat();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  Liveness& liveness_;
  ServiceNotifier& notifier_;
  Probe probe_;
  Beat on_beat_;
  std::chrono::milliseconds period_;
  boost::asio::steady_timer timer_;
  bool beating_ = false;  // a round trip is on its way: the next tick does not start another
  bool stopped_ = false;
  bool store_failing_ = false;  // logged once per failing streak
};

// TEST ONLY: with VIGIL_TEST_WEDGE_AFTER_READY=SECONDS in the environment, the io loop blocks
// for good that many seconds after this call (made when READY=1 is sent), so a test can see the
// watchdog pings stop. Never set it in production: the daemon stops working and, under
// systemd, is restarted by the watchdog.
void arm_test_wedge(boost::asio::io_context& io);

}  // namespace vigil::daemon
