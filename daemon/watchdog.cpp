#include "daemon/watchdog.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <thread>
#include <utility>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace vigil::daemon {

namespace asio = boost::asio;

namespace {

// Without a systemd watchdog, the heartbeat only feeds /healthz.
constexpr auto kPeriodWithoutWatchdog = std::chrono::seconds(5);

std::chrono::milliseconds period_for(const ServiceNotifier& notifier) {
  if (const auto timeout = notifier.watchdog_timeout())
    return std::max(std::chrono::milliseconds(10), std::chrono::duration_cast<std::chrono::milliseconds>(*timeout / 2));
  return kPeriodWithoutWatchdog;
}

}  // namespace

Watchdog::Watchdog(asio::io_context& io, asio::thread_pool& cpu, Liveness& liveness, ServiceNotifier& notifier,
                   Probe probe, Beat on_beat, std::optional<std::chrono::milliseconds> period)
    : io_(io),
      cpu_(cpu),
      liveness_(liveness),
      notifier_(notifier),
      probe_(std::move(probe)),
      on_beat_(std::move(on_beat)),
      period_(period.value_or(period_for(notifier))),
      timer_(io) {
  // /healthz calls the daemon stalled after a few missed beats, and no sooner than systemd would.
  using std::chrono::milliseconds;
  const auto timeout = notifier.watchdog_timeout();
  const milliseconds patience = timeout ? std::chrono::duration_cast<milliseconds>(*timeout) : std::chrono::seconds(60);
  liveness_.set_stall_after(std::chrono::ceil<std::chrono::seconds>(std::max<milliseconds>(3 * period_, patience)));
}

void Watchdog::start() {
  stopped_ = false;
  timer_.expires_after(std::chrono::milliseconds(0));
  arm();
}

void Watchdog::stop() {
  stopped_ = true;
  timer_.cancel();
}

void Watchdog::arm() {
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    // A steady rhythm: the next tick counts from this one, not from when the beat comes back
    // (after a stall, from now: no burst of ticks to catch up).
    timer_.expires_at(std::max(timer_.expiry() + period_, std::chrono::steady_clock::now()));
    if (!beating_) beat();
    arm();
  });
}

void Watchdog::beat() {
  beating_ = true;
  asio::post(cpu_, [this] {
    auto failure = probe_();
    asio::post(io_, [this, failure = std::move(failure)] {
      beating_ = false;
      if (stopped_) return;
      if (failure) {
        // No stamp, no ping: a store that keeps failing ends the pings like a hung one.
        if (!store_failing_) spdlog::error("watchdog: {}; no heartbeat until the store answers", *failure);
        store_failing_ = true;
        liveness_.failed(*failure);
        return;
      }
      if (std::exchange(store_failing_, false)) spdlog::info("watchdog: the store answers again");
      liveness_.heartbeat();
      notifier_.watchdog_ping();
      if (on_beat_) on_beat_();
    });
  });
}

void arm_test_wedge(asio::io_context& io) {
  const char* after = std::getenv("VIGIL_TEST_WEDGE_AFTER_READY");
  if (after == nullptr || *after == '\0') return;
  const auto seconds = std::chrono::seconds(std::atoi(after));
  spdlog::warn("VIGIL_TEST_WEDGE_AFTER_READY is set: the event loop blocks for good in {} s (test only)",
               seconds.count());
  auto timer = std::make_shared<asio::steady_timer>(io, seconds);
  timer->async_wait([timer](const boost::system::error_code& ec) {
    if (ec) return;
    spdlog::warn("test wedge: blocking the event loop now");
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  });
}

}  // namespace vigil::daemon
