#pragma once
// The dispatcher drains the outbox: it loads due alerts (CPU pool), hands each to its channel
// (io thread) and records the outcome. An alert is marked delivered only after the channel's
// server accepted it; failures are retried with exponential backoff and jitter.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "alerts/channel.hpp"
#include "daemon/pacing_plan.hpp"
#include "daemon/vigil_metrics.hpp"
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

// A channel's delivery rules: how it retries, and when its alerts go out (digests, quiet
// hours, rate limit).
struct ChannelPolicy {
  RetryPolicy retry{};
  alerts::PacingOptions pacing{};
};

class Dispatcher {
 public:
  using Channels = std::map<std::string, std::unique_ptr<alerts::Channel>>;

  Dispatcher(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
             Channels& channels, std::map<std::string, ChannelPolicy> policies, Metrics& metrics);

  // At start: alerts a crash left `sending` become due again (they may have reached their
  // receiver: a repeat carries the same Message-ID / webhook-id). Call before the first wake().
  void requeue_interrupted();

  // Checks the outbox now (new alerts were committed, or the daemon started).
  void wake();
  // No new sends start after stop(); sends in flight complete and are recorded.
  void stop();
  // A reload: `swap_channels` changes the caller's channels map and `policies` replace the
  // current ones, together on the io thread once no check is on its way (a check delivers what
  // it claimed on the channels it claimed them for). Sends in flight finish on their old channel
  // objects, which the caller keeps alive; queued alerts go out with their channel's new
  // settings; a removed channel's alerts wait in the outbox.
  void reconfigure(std::map<std::string, ChannelPolicy> policies, std::function<void()> swap_channels);

  bool idle() const { return in_flight_.empty() && !checking_ && !recheck_ && !wake_pending_; }
  // True when the last check found nothing due now (used by `vigil once` to know it is done).
  bool drained() const { return idle() && last_check_empty_; }
  const DeliveryCounters& counters() const { return counters_; }

  // Delay before attempt `attempts + 1` after `attempts` failed ones: 5 s doubling, capped at
  // `cap`, with +-20% jitter (the first retry comes within about 10 s).
  static std::chrono::seconds retry_delay(int attempts, std::chrono::seconds cap);

 private:
  // What one check found and planned, on the CPU pool; started on the io thread.
  struct Checked {
    store::Result<std::vector<Alert>> send;
    std::vector<Digest> digests;
    store::Result<std::optional<Timestamp>> next;
  };
  Checked claim_and_plan(std::size_t room, const std::vector<std::string>& channels);
  void check();
  void deliver(Alert alert);
  void deliver_digest(Digest digest);
  void record(const Alert& alert, Delivery delivery);
  void record_digest(const Digest& digest, Delivery delivery);
  // The attempt's outcome after the channel's policy: a retry may become a give-up (dead).
  Delivery apply_policy(Delivery delivery, const RetryPolicy& policy, int attempts, Timestamp created,
                        Timestamp now) const;
  void finished(const std::string& key, DeliveryOutcome outcome);
  void arm_timer(std::optional<Timestamp> next_due);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  store::Store& store_;
  Channels& channels_;
  std::map<std::string, ChannelPolicy> policies_;
  Metrics& metrics_;
  boost::asio::steady_timer timer_;       // next retry time, or the safety-net re-check
  boost::asio::steady_timer wake_timer_;  // coalesces bursts of wake() into one outbox query
  std::unordered_set<std::string> in_flight_;  // alert and digest ids being sent: never sent twice at once
  DeliveryCounters counters_;
  bool checking_ = false;
  bool wake_pending_ = false;
  bool recheck_ = false;
  bool stopped_ = false;
  bool last_check_empty_ = false;
  std::size_t max_in_flight_ = 32;
  struct Reconfigure {
    std::map<std::string, ChannelPolicy> policies;
    std::function<void()> swap_channels;
  };
  std::optional<Reconfigure> reconfigure_;  // waiting for the check on its way
  void apply_reconfigure();
};

}  // namespace vigil::daemon
