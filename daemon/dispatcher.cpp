#include "daemon/dispatcher.hpp"

#include "daemon/poll_plan.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

bool RetryPolicy::gives_up(int attempts, Timestamp created, Timestamp now) const {
  if (max_attempts > 0 && attempts >= max_attempts) return true;
  return give_up_after.count() > 0 && now - created >= give_up_after;
}

Dispatcher::Dispatcher(asio::io_context& io, asio::thread_pool& cpu, store::Store& store, Channels& channels,
                       std::map<std::string, ChannelPolicy> policies, Metrics& metrics)
    : io_(io),
      cpu_(cpu),
      store_(store),
      channels_(channels),
      policies_(std::move(policies)),
      metrics_(metrics),
      timer_(io),
      wake_timer_(io) {}

namespace {
// A burst of commits and delivery outcomes (thousands in a cold cycle) becomes one outbox query
// per this period instead of one each; alerts wait at most this long.
constexpr auto kWakeCoalesce = std::chrono::milliseconds(20);
}  // namespace

std::chrono::seconds Dispatcher::retry_delay(int attempts, std::chrono::seconds cap) {
  const int doublings = std::clamp(attempts - 1, 0, 20);
  const double base = std::min(5.0 * static_cast<double>(1LL << doublings), static_cast<double>(cap.count()));
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(base * jitter(rng))));
}

void Dispatcher::requeue_interrupted() {
  auto interrupted = store_.requeue_interrupted(now_utc());
  if (!interrupted) return spdlog::error("dispatcher: {}", interrupted.error().message);
  if (interrupted->empty()) return;
  spdlog::warn("dispatcher: {} alert(s) were being sent when vigil stopped; sending them again (a receiver that "
               "got one sees the same Message-ID / webhook-id twice)",
               interrupted->size());
  for (const auto& id : *interrupted) spdlog::debug("dispatcher: alert {} was in flight", id);
}

void Dispatcher::wake() {
  if (stopped_) return;
  if (checking_) {
    recheck_ = true;  // a check is running: run another one right after it
    return;
  }
  if (wake_pending_) return;
  wake_pending_ = true;
  wake_timer_.expires_after(kWakeCoalesce);
  wake_timer_.async_wait([this](const boost::system::error_code& ec) {
    wake_pending_ = false;
    if (ec || stopped_) return;
    if (checking_) recheck_ = true;
    else check();
  });
}

void Dispatcher::stop() {
  stopped_ = true;
  timer_.cancel();
  wake_timer_.cancel();
}

namespace {
// Held alerts claimed per check: a digest's alerts are claimed together (up to kMaxDigestAlerts
// per digest; more go out in the next check).
constexpr std::size_t kHeldPerCheck = 1000;
}  // namespace

Dispatcher::Checked Dispatcher::claim_and_plan(std::size_t room, const std::vector<std::string>& channels) {
  Checked checked;
  const auto now = now_utc();
  // The rate windows are read before this check claims anything (claimed alerts are `sending`).
  std::map<std::string, store::SentMessages> sent;
  for (const auto& name : channels) {
    const auto policy = policies_.find(name);
    if (policy == policies_.end() || !policy->second.pacing.rate_limit) continue;
    auto window = store_.messages_sent(name, now - policy->second.pacing.rate_limit->per);
    if (!window) spdlog::error("dispatcher: {}", window.error().message);
    sent[name] = window.value_or(store::SentMessages{});
  }
  auto held = room ? store_.claim_held_alerts(now, kHeldPerCheck, channels) : store::Result<std::vector<Alert>>{};
  // Claimed alerts are marked sending in the same transaction: exactly what is sent next.
  auto fresh = room ? store_.claim_due_alerts(now, room, channels) : store::Result<std::vector<Alert>>{};
  if (!held) spdlog::error("dispatcher: {}", held.error().message);
  if (!fresh) {
    checked.send = std::unexpected(fresh.error());
    checked.next = store_.next_alert_due();
    return checked;
  }
  std::map<std::string, PacingInput> inputs;
  for (auto& alert : *fresh) inputs[alert.channel].fresh.push_back(std::move(alert));
  if (held)
    for (auto& alert : *held) inputs[alert.channel].held.push_back(std::move(alert));
  checked.send.emplace();
  for (auto& [channel, input] : inputs) {
    input.now = now;
    input.sent = sent[channel];
    const auto policy = policies_.find(channel);
    auto plan = plan_pacing(policy == policies_.end() ? alerts::PacingOptions{} : policy->second.pacing,
                            std::move(input));
    if (!plan.hold.empty()) {
      if (auto saved = store_.hold_alerts(plan.hold, plan.hold_until); !saved)
        log::for_channel(channel).error("{}", saved.error().message);
      else
        log::for_channel(channel).debug("{} alert(s) held until {}", plan.hold.size(), format_rfc3339(plan.hold_until));
    }
    for (auto& digest : plan.digests) {
      if (digest.id.empty()) {
        // Named before it is sent: a repeat after a crash or a failure carries the same id.
        digest.id = new_alert_id();
        std::vector<std::string> ids;
        for (const auto& alert : digest.alerts) ids.push_back(alert.id);
        if (auto saved = store_.assign_digest(ids, digest.id); !saved) {
          log::for_channel(channel).error("{}", saved.error().message);
          continue;  // still `sending`: the next start re-queues them
        }
      }
      checked.digests.push_back(std::move(digest));
    }
    for (auto& alert : plan.send) checked.send->push_back(std::move(alert));
  }
  checked.next = store_.next_alert_due();
  return checked;
}

void Dispatcher::reconfigure(std::map<std::string, ChannelPolicy> policies, std::function<void()> swap_channels) {
  reconfigure_ = Reconfigure{std::move(policies), std::move(swap_channels)};
  if (checking_) return;  // claim_and_plan reads the policies on the CPU pool
  apply_reconfigure();
  wake();
}

void Dispatcher::apply_reconfigure() {
  if (!reconfigure_) return;
  auto next = std::move(*reconfigure_);
  reconfigure_.reset();
  policies_ = std::move(next.policies);
  next.swap_channels();
  recheck_ = !stopped_;  // alerts of an added channel may be due now
}

void Dispatcher::check() {
  checking_ = true;
  recheck_ = false;
  const std::size_t room = max_in_flight_ > in_flight_.size() ? max_in_flight_ - in_flight_.size() : 0;
  std::vector<std::string> channels;
  for (const auto& [name, channel] : channels_) channels.push_back(name);
  asio::post(cpu_, [this, room, channels = std::move(channels)] {
    auto checked = claim_and_plan(room, channels);
    asio::post(io_, [this, checked = std::move(checked)]() mutable {
      checking_ = false;
      if (!checked.send) spdlog::error("dispatcher: {}", checked.send.error().message);
      if (!checked.next) spdlog::error("dispatcher: {}", checked.next.error().message);
      std::size_t started = 0;
      // A claim is exclusive (the alerts are `sending` now), so every claimed alert goes out.
      // Claimed while stopping: they stay `sending` and the next start sends them.
      if (!stopped_) {
        if (checked.send)
          for (auto& alert : *checked.send) {
            deliver(std::move(alert));
            ++started;
          }
        for (auto& digest : checked.digests) {
          deliver_digest(std::move(digest));
          ++started;
        }
      }
      last_check_empty_ = checked.send && started == 0 && in_flight_.empty();
      apply_reconfigure();  // a reload that waited for this check
      if (stopped_) return;
      if (recheck_) return check();
      arm_timer(checked.next ? *checked.next : std::nullopt);
    });
  });
}

void Dispatcher::arm_timer(std::optional<Timestamp> next_due) {
  // Re-check at the next retry time, and at least every minute as a safety net.
  auto delay = std::chrono::seconds(60);
  if (next_due) delay = std::clamp<std::chrono::seconds>(*next_due - now_utc(), std::chrono::seconds(1), delay);
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopped_) wake();
  });
}

void Dispatcher::deliver(Alert alert) {
  // Only alerts of configured channels are claimed; those of a channel removed from the config
  // wait in the outbox and are sent if it returns.
  auto channel = channels_.find(alert.channel);
  in_flight_.insert(alert.id);
  channel->second->send(alert, [this, alert](Delivery delivery) { record(alert, std::move(delivery)); });
}

void Dispatcher::deliver_digest(Digest digest) {
  auto channel = channels_.find(digest.channel);
  in_flight_.insert(digest.id);
  channel->second->send_digest(digest, [this, digest](Delivery delivery) { record_digest(digest, std::move(delivery)); });
}

Delivery Dispatcher::apply_policy(Delivery delivery, const RetryPolicy& policy, int attempts, Timestamp created,
                                  Timestamp now) const {
  if (delivery.outcome == DeliveryOutcome::retry && policy.gives_up(attempts, created, now)) {
    delivery.outcome = DeliveryOutcome::permanent;
    delivery.reply = fmt::format("gave up after {} attempt(s) over {}s: {}", attempts,
                                 std::chrono::duration_cast<std::chrono::seconds>(now - created).count(),
                                 delivery.reply);
  }
  return delivery;
}

void Dispatcher::record(const Alert& alert, Delivery delivery) {
  const auto found = policies_.find(alert.channel);
  const auto policy = found != policies_.end() ? found->second.retry : RetryPolicy{};
  asio::post(cpu_, [this, alert, delivery, policy]() mutable {
    store::Result<void> saved;
    const int attempts = alert.attempts + 1;
    const auto now = now_utc();
    delivery = apply_policy(std::move(delivery), policy, attempts, alert.created, now);
    switch (delivery.outcome) {
      case DeliveryOutcome::delivered:
        saved = store_.mark_delivered(alert.id, delivery.reply, now);
        // Feed text (the title) stays out of the log: it is hostile and may carry control characters.
        log::for_channel(alert.channel).with_source(alert.item.source).info("delivered alert {} (source {})", alert.id,
                                                                            alert.item.source);
        break;
      case DeliveryOutcome::permanent:
        saved = store_.mark_dead(alert.id, delivery.reply);
        log::for_channel(alert.channel).with_source(alert.item.source).error("alert {} refused permanently: {}",
                                                                             alert.id, delivery.reply);
        break;
      case DeliveryOutcome::retry: {
        // The server's own wait wins over our backoff when it is longer.
        const auto delay = std::max(retry_delay(attempts, policy.retry_max),
                                    delivery.retry_after.value_or(std::chrono::seconds(0)));
        saved = store_.mark_retry(alert.id, delivery.reply, now + delay);
        log::for_channel(alert.channel).with_source(alert.item.source).warn(
            "alert {} attempt {} failed: {} (retry in {}s)", alert.id, attempts, delivery.reply, delay.count());
        break;
      }
    }
    if (!saved) log::for_channel(alert.channel).with_source(alert.item.source).error("{}", saved.error().message);
    metrics_.attempted(alert.channel, delivery.outcome);
    asio::post(io_, [this, id = alert.id, outcome = delivery.outcome] { finished(id, outcome); });
  });
}

void Dispatcher::record_digest(const Digest& digest, Delivery delivery) {
  const auto found = policies_.find(digest.channel);
  const auto policy = found != policies_.end() ? found->second.retry : RetryPolicy{};
  asio::post(cpu_, [this, digest, delivery, policy]() mutable {
    // The digest retries as one: its attempts and age are its oldest alert's.
    int attempts = 0;
    Timestamp created = digest.alerts.front().created;
    std::vector<std::string> ids;
    for (const auto& alert : digest.alerts) {
      attempts = std::max(attempts, alert.attempts + 1);
      created = std::min(created, alert.created);
      ids.push_back(alert.id);
    }
    const auto now = now_utc();
    delivery = apply_policy(std::move(delivery), policy, attempts, created, now);
    store::Result<void> saved;
    switch (delivery.outcome) {
      case DeliveryOutcome::delivered:
        saved = store_.record_digest(ids, store::AlertState::delivered, delivery.reply, now);
        log::for_channel(digest.channel).info("delivered digest {} of {} alerts", digest.id, ids.size());
        break;
      case DeliveryOutcome::permanent:
        saved = store_.record_digest(ids, store::AlertState::dead, delivery.reply, now);
        log::for_channel(digest.channel).error("digest {} of {} alerts refused permanently: {}", digest.id, ids.size(),
                                               delivery.reply);
        break;
      case DeliveryOutcome::retry: {
        const auto delay = std::max(retry_delay(attempts, policy.retry_max),
                                    delivery.retry_after.value_or(std::chrono::seconds(0)));
        saved = store_.record_digest(ids, store::AlertState::retrying, delivery.reply, now + delay);
        log::for_channel(digest.channel).warn("digest {} of {} alerts, attempt {} failed: {} (retry in {}s)", digest.id,
                                              ids.size(), attempts, delivery.reply, delay.count());
        break;
      }
    }
    if (!saved) log::for_channel(digest.channel).error("{}", saved.error().message);
    metrics_.attempted(digest.channel, delivery.outcome, ids.size());
    asio::post(io_, [this, id = digest.id, outcome = delivery.outcome] { finished(id, outcome); });
  });
}

void Dispatcher::finished(const std::string& key, DeliveryOutcome outcome) {
  in_flight_.erase(key);
  if (outcome == DeliveryOutcome::delivered) ++counters_.delivered;
  else if (outcome == DeliveryOutcome::permanent) ++counters_.dead;
  else ++counters_.retried;
  wake();
}

}  // namespace vigil::daemon
