#pragma once
// The dispatcher drains the outbox: it loads due alerts (CPU pool), hands each to its channel
// (io thread) and records the outcome. An alert is marked delivered only after the channel's
// server accepted it; failures are retried with exponential backoff and jitter.
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "alerts/channel.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct DeliveryCounters {
  std::size_t delivered = 0;
  std::size_t retried = 0;
  std::size_t dead = 0;
};

// How a channel retries: the delay cap, and when it gives up (the alert goes dead, visible in
// `vigil alerts --state dead`, and may be re-queued with `vigil alerts retry`).
struct RetryPolicy {
  std::chrono::seconds retry_max{300};
  int max_attempts = 0;                        // 0: no limit
  std::chrono::seconds give_up_after{0};       // 0: never

  // Whether a failed attempt number `attempts` of an alert created at `created` is the last.
  bool gives_up(int attempts, Timestamp created, Timestamp now) const;
};

class Dispatcher {
 public:
  using Channels = std::map<std::string, std::unique_ptr<alerts::Channel>>;

  Dispatcher(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
             Channels& channels, std::map<std::string, RetryPolicy> policies);

  // At start: alerts a crash left `sending` become due again (they may have reached their
  // receiver: a repeat carries the same Message-ID / webhook-id). Call before the first wake().
  void requeue_interrupted();

  // Checks the outbox now (new alerts were committed, or the daemon started).
  void wake();
  // No new sends start after stop(); sends in flight complete and are recorded.
  void stop();

  bool idle() const { return in_flight_.empty() && !checking_ && !recheck_ && !wake_pending_; }
  // True when the last check found nothing due now (used by `vigil once` to know it is done).
  bool drained() const { return idle() && last_check_empty_; }
  const DeliveryCounters& counters() const { return counters_; }

  // Delay before attempt `attempts + 1` after `attempts` failed ones: 5 s doubling, capped at
  // `cap`, with +-20% jitter (the first retry comes within about 10 s).
  static std::chrono::seconds retry_delay(int attempts, std::chrono::seconds cap);

 private:
  void check();
  void deliver(Alert alert);
  void record(const Alert& alert, Delivery delivery);
  void arm_timer(std::optional<Timestamp> next_due);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  store::Store& store_;
  Channels& channels_;
  std::map<std::string, RetryPolicy> policies_;
  boost::asio::steady_timer timer_;       // next retry time, or the safety-net re-check
  boost::asio::steady_timer wake_timer_;  // coalesces bursts of wake() into one outbox query
  std::unordered_set<std::string> in_flight_;  // alert ids being sent: never sent twice at once
  DeliveryCounters counters_;
  bool checking_ = false;
  bool wake_pending_ = false;
  bool recheck_ = false;
  bool stopped_ = false;
  bool last_check_empty_ = false;
  std::size_t max_in_flight_ = 32;
};

}  // namespace vigil::daemon
