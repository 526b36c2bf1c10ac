#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/liveness.hpp"
#include "daemon/service_notify.hpp"
#include "daemon/watchdog.hpp"

namespace vigil::daemon {
namespace {

using namespace std::chrono_literals;

// Even if the test runner runs under systemd: nothing here talks to it.
bool outside_systemd() {
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  return true;
}

// An io thread and a CPU pool around a Watchdog beating every 20 ms.
struct Beating {
  bool clean_environment = outside_systemd();
  boost::asio::io_context io;
  boost::asio::thread_pool cpu{2};
  Liveness liveness{std::chrono::seconds(1)};
  ServiceNotifier notifier;  // no NOTIFY_SOCKET in tests: pings go nowhere
  std::atomic<int> probes{0};
  std::atomic<int> beats{0};
  std::atomic<bool> store_hangs{false};
  std::atomic<bool> store_fails{false};
  Watchdog watchdog{io, cpu, liveness, notifier,
                    [this]() -> std::optional<std::string> {
                      ++probes;
                      while (store_hangs) std::this_thread::sleep_for(1ms);
                      if (store_fails) return "store: next_alert_due: disk I/O error";
                      return std::nullopt;
                    },
                    [this] { ++beats; }, 20ms};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread;

  Beating() {
    boost::asio::post(io, [this] { watchdog.start(); });
    thread = std::thread([this] { io.run(); });
  }
  ~Beating() {
    store_hangs = false;
    boost::asio::post(io, [this] { watchdog.stop(); });
    work.reset();
    io.stop();
    thread.join();
    cpu.join();
  }

  template <typename P>
  static bool eventually(P predicate) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!predicate() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return predicate();
  }
  // Beats counted over a while that is many periods long.
  int beats_during(std::chrono::milliseconds wait) {
    const int before = beats;
    std::this_thread::sleep_for(wait);
    return beats - before;
  }
};

}  // namespace

TEST_CASE("each round trip through the CPU pool and the store is a beat", "[daemon][watchdog]") {
  Beating b;
  REQUIRE(Beating::eventually([&] { return b.beats >= 3; }));
  CHECK(b.liveness.beats() >= 3);
  CHECK_FALSE(b.liveness.problem());
}

TEST_CASE("a wedged io loop stops the beats", "[daemon][watchdog]") {
  Beating b;
  REQUIRE(Beating::eventually([&] { return b.beats >= 2; }));
  std::atomic<bool> release{false};
  boost::asio::post(b.io, [&] {
    while (!release) std::this_thread::sleep_for(1ms);
  });
  std::this_thread::sleep_for(50ms);  // a beat on its way may still land
  CHECK(b.beats_during(300ms) == 0);
  release = true;
  CHECK(Beating::eventually([&] { return b.beats_during(100ms) > 0; }));
}

TEST_CASE("a hung store stops the beats, and only one probe waits for it", "[daemon][watchdog]") {
  Beating b;
  REQUIRE(Beating::eventually([&] { return b.beats >= 2; }));
  b.store_hangs = true;
  std::this_thread::sleep_for(50ms);
  const int probes = b.probes;
  CHECK(b.beats_during(300ms) == 0);
  CHECK(b.probes == probes);  // no pile of probes behind the hung one
  b.store_hangs = false;
  CHECK(Beating::eventually([&] { return b.beats_during(100ms) > 0; }));
}

TEST_CASE("a failing store stops the beats and explains the stall", "[daemon][watchdog]") {
  Beating b;
  REQUIRE(Beating::eventually([&] { return b.beats >= 2; }));
  b.store_fails = true;
  std::this_thread::sleep_for(50ms);
  CHECK(b.beats_during(300ms) == 0);
  const auto later = Liveness::Clock::now() + b.liveness.stall_after() + 5s;
  const auto problem = b.liveness.problem(later);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("no progress for") && Catch::Contains("disk I/O error"));
}

TEST_CASE("liveness reports a stall only after its threshold", "[daemon][watchdog]") {
  Liveness liveness(std::chrono::seconds(60));
  const auto now = Liveness::Clock::now();
  liveness.heartbeat(now);
  CHECK_FALSE(liveness.problem(now + 59s));
  const auto problem = liveness.problem(now + 95s);
  REQUIRE(problem);
  CHECK(*problem == "the event loop, CPU pool or store has made no progress for 95 s");
  liveness.set_stall_after(std::chrono::seconds(120));
  CHECK_FALSE(liveness.problem(now + 95s));
  liveness.failed("store: old error");  // newer than the heartbeat: named
  CHECK_THAT(liveness.problem(Liveness::Clock::now() + 200s).value_or(""), Catch::Contains("store: old error"));
  liveness.heartbeat();  // a later good beat: the error no longer explains anything
  CHECK_THAT(liveness.problem(Liveness::Clock::now() + 200s).value_or(""), !Catch::Contains("old error"));
}

TEST_CASE("STATUS= reads as counts of sources and alerts", "[daemon][watchdog]") {
  CHECK(status_line({.sources = 120, .failing = 2, .pending = 3}) == "120 sources, 2 failing, 3 alerts pending");
  CHECK(status_line({.sources = 1, .failing = 0, .pending = 1}) == "1 source, 0 failing, 1 alert pending");
  CHECK(status_line({.sources = 4, .failing = 1, .pending = 0, .dead = 2}) == "4 sources, 1 failing, 0 alerts pending, 2 dead");
}

TEST_CASE("outside systemd the notifier is inactive and every message is a no-op", "[daemon][watchdog]") {
  outside_systemd();
  ServiceNotifier notifier;
  CHECK_FALSE(notifier.active());
  CHECK_FALSE(notifier.watchdog_timeout());
  notifier.ready("running");
  notifier.status("x");
  notifier.watchdog_ping();
  notifier.reloading("reloading");
  notifier.stopping("stopping");
}

}  // namespace vigil::daemon
