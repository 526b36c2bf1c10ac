#pragma once
// Talking to the service manager (systemd's notify protocol, through libsystemd's sd_notify):
// READY=1 once vigil really serves, STATUS= with what it is doing, WATCHDOG=1 pings,
// RELOADING=1 and STOPPING=1. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
//
// The notifier is used from the io thread only.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "store/store.hpp"

namespace vigil::daemon {

class ServiceNotifier {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC (with WATCHDOG_PID, when set, naming this process).
  ServiceNotifier();

  // Whether a service manager listens (NOTIFY_SOCKET is set).
  bool active() const { return active_; }
  // WATCHDOG_USEC: the manager restarts vigil when no ping came for this long.
  std::optional<std::chrono::microseconds> watchdog_timeout() const { return watchdog_; }

  void ready(std::string_view status);
  // RELOADING=1 with MONOTONIC_USEC (as systemd 253+ wants; older ones ignore it).
  void reloading(std::string_view status);
  void stopping(std::string_view status);
  // STATUS=; sent only when the text changed.
  void status(std::string_view text);
  void watchdog_ping();

 private:
  void send(const std::string& message);

  bool active_ = false;
  std::optional<std::chrono::microseconds> watchdog_;
  std::string last_status_;
};

// What STATUS= reports.
struct ServiceCounts {
  std::size_t sources = 0;
  std::size_t failing = 0;   // sources whose last poll failed
  std::size_t pending = 0;   // alerts not delivered yet (pending, held, sending or retrying)
  std::size_t dead = 0;      // alerts given up on
  // Not shown: deliveries finished so far; when it moves, the outbox changed.
  std::size_t settled = 0;
};

// "120 sources, 2 failing, 3 alerts pending" (", 1 dead" when there are dead alerts).
std::string status_line(const ServiceCounts& counts);

// Keeps STATUS= current: refreshed after polls and deliveries, at most once per `every` (the
// alert counts come from the store, on the CPU pool). Does nothing outside systemd.
class StatusReporter {
 public:
  // Called on the io thread: sources, failing and settled (pending and dead come from the store).
  using LocalCounts = std::function<ServiceCounts()>;

  StatusReporter(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
                 ServiceNotifier& notifier, LocalCounts local,
                 std::chrono::milliseconds every = std::chrono::seconds(2));

  // Something changed (a poll finished, a reload): STATUS= is refreshed within `every`.
  void changed();
  // Refreshes when the local counts moved since the last refresh (the watchdog's beat calls it).
  void check();
  // Added to the line after "; " until replaced ("last reload rejected: ..."); "" for none.
  void note(std::string text) { note_ = std::move(text); }
  // While held (reloading), the reload's own STATUS= stands; release() refreshes.
  void hold() { held_ = true; }
  void release();
  // For good: stopping.
  void stop();

 private:
  void refresh();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  store::Store& store_;
  ServiceNotifier& notifier_;
  LocalCounts local_;
  std::chrono::milliseconds every_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point last_refresh_{};
  ServiceCounts last_local_{};
  std::string note_;
  bool scheduled_ = false;
  bool refreshing_ = false;
  bool again_ = false;  // changed() while refreshing
  bool held_ = false;
  bool stopped_ = false;
};

}  // namespace vigil::daemon
