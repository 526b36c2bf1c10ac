#pragma once
// Runs the source health checks (daemon/source_health.hpp) on the CPU pool: every minute, and
// soon after each poll; queues the notices as alerts on the health_notify channels.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "model/source.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct HealthSettings {
  std::vector<SourceSpec> sources;
  std::vector<std::string> channels;  // [daemon] health_notify; empty: no checks
  std::chrono::seconds alert_after_failing{6 * 3600};
};

class HealthMonitor {
 public:
  // `queued` runs on the io thread after notices were queued (the dispatcher's wake).
  HealthMonitor(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
                std::function<void()> queued);

  // Replaces the settings (at start and on reload); the next check uses them.
  void configure(HealthSettings settings);
  void start();
  // A poll finished: check again shortly (coalesced).
  void poke();
  void stop();

 private:
  void schedule(std::chrono::milliseconds delay);
  void check();
  // On the CPU pool: returns how many notices were queued.
  std::size_t check_all();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  store::Store& store_;
  std::function<void()> queued_;
  boost::asio::steady_timer timer_;
  std::mutex mutex_;  // guards settings_ (read on the CPU pool, replaced on the io thread)
  HealthSettings settings_;
  bool checking_ = false;
  bool stopped_ = false;
  std::chrono::steady_clock::time_point next_check_{};
};

}  // namespace vigil::daemon
