#include "daemon/dispatcher.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace vigil::daemon {

namespace asio = boost::asio;

bool RetryPolicy::gives_up(int attempts, Timestamp created, Timestamp now) const {
  if (max_attempts > 0 && attempts >= max_attempts) return true;
  return give_up_after.count() > 0 && now - created >= give_up_after;
}

Dispatcher::Dispatcher(asio::io_context& io, asio::thread_pool& cpu, store::Store& store, Channels& channels,
                       std::map<std::string, RetryPolicy> policies)
    : io_(io),
      cpu_(cpu),
      store_(store),
      channels_(channels),
      policies_(std::move(policies)),
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

void Dispatcher::check() {
  checking_ = true;
  recheck_ = false;
  const std::size_t room = max_in_flight_ > in_flight_.size() ? max_in_flight_ - in_flight_.size() : 0;
  std::vector<std::string> channels;
  for (const auto& [name, channel] : channels_) channels.push_back(name);
  asio::post(cpu_, [this, room, channels = std::move(channels)] {
    // Claimed alerts are marked sending in the same transaction: exactly what is sent next.
    auto due = room ? store_.claim_due_alerts(now_utc(), room, channels) : store::Result<std::vector<Alert>>{};
    auto next = store_.next_alert_due();
    asio::post(io_, [this, due = std::move(due), next = std::move(next)]() mutable {
      checking_ = false;
      if (!due) spdlog::error("dispatcher: {}", due.error().message);
      if (!next) spdlog::error("dispatcher: {}", next.error().message);
      std::size_t started = 0;
      // A claim is exclusive (the alerts are `sending` now), so every claimed alert goes out.
      // Claimed while stopping: they stay `sending` and the next start sends them.
      if (due && !stopped_) {
        for (auto& alert : *due) {
          deliver(std::move(alert));
          ++started;
        }
      }
      last_check_empty_ = due && started == 0 && in_flight_.empty();
      if (stopped_) return;
      if (recheck_) return check();
      arm_timer(next ? *next : std::nullopt);
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

void Dispatcher::record(const Alert& alert, Delivery delivery) {
  const auto policy = policies_.contains(alert.channel) ? policies_.at(alert.channel) : RetryPolicy{};
  asio::post(cpu_, [this, alert, delivery, policy]() mutable {
    store::Result<void> saved;
    const int attempts = alert.attempts + 1;
    const auto now = now_utc();
    if (delivery.outcome == DeliveryOutcome::retry && policy.gives_up(attempts, alert.created, now)) {
      delivery.outcome = DeliveryOutcome::permanent;
      delivery.reply = fmt::format("gave up after {} attempt(s) over {}s: {}", attempts,
                                   std::chrono::duration_cast<std::chrono::seconds>(now - alert.created).count(),
                                   delivery.reply);
    }
    switch (delivery.outcome) {
      case DeliveryOutcome::delivered:
        saved = store_.mark_delivered(alert.id, delivery.reply, now_utc());
        // Feed text (the title) stays out of the log: it is hostile and may carry control characters.
        spdlog::info("channel {}: delivered alert {} (source {})", alert.channel, alert.id, alert.item.source);
        break;
      case DeliveryOutcome::permanent:
        saved = store_.mark_dead(alert.id, delivery.reply);
        spdlog::error("channel {}: alert {} refused permanently: {}", alert.channel, alert.id, delivery.reply);
        break;
      case DeliveryOutcome::retry: {
        // The server's own wait wins over our backoff when it is longer.
        const auto delay = std::max(retry_delay(attempts, policy.retry_max),
                                    delivery.retry_after.value_or(std::chrono::seconds(0)));
        saved = store_.mark_retry(alert.id, delivery.reply, now_utc() + delay);
        spdlog::warn("channel {}: alert {} attempt {} failed: {} (retry in {}s)", alert.channel, alert.id,
                     attempts, delivery.reply, delay.count());
        break;
      }
    }
    if (!saved) spdlog::error("channel {}: {}", alert.channel, saved.error().message);
    asio::post(io_, [this, id = alert.id, outcome = delivery.outcome] {
      in_flight_.erase(id);
      if (outcome == DeliveryOutcome::delivered) ++counters_.delivered;
      else if (outcome == DeliveryOutcome::permanent) ++counters_.dead;
      else ++counters_.retried;
      wake();
    });
  });
}

}  // namespace vigil::daemon
