#include "daemon/dispatcher.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace vigil::daemon {

namespace asio = boost::asio;

Dispatcher::Dispatcher(asio::io_context& io, asio::thread_pool& cpu, store::Store& store, Channels& channels,
                       std::map<std::string, std::chrono::seconds> retry_max)
    : io_(io),
      cpu_(cpu),
      store_(store),
      channels_(channels),
      retry_max_(std::move(retry_max)),
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
  asio::post(cpu_, [this, room] {
    auto due = room ? store_.due_alerts(now_utc(), room + in_flight_.size()) : store::Result<std::vector<Alert>>{};
    auto next = store_.next_alert_due();
    asio::post(io_, [this, due = std::move(due), next = std::move(next)]() mutable {
      checking_ = false;
      auto finished = std::move(finished_during_check_);
      finished_during_check_.clear();
      if (!due) spdlog::error("dispatcher: {}", due.error().message);
      if (!next) spdlog::error("dispatcher: {}", next.error().message);
      std::size_t started = 0;
      if (due && !stopped_) {
        for (auto& alert : *due) {
          if (in_flight_.contains(alert.id) || finished.contains(alert.id) ||
              in_flight_.size() >= max_in_flight_)
            continue;
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
  auto channel = channels_.find(alert.channel);
  if (channel == channels_.end()) {
    // The channel was removed from the config: keep the alert; it is sent if the channel returns.
    if (warned_missing_.insert(alert.channel).second)
      spdlog::warn("dispatcher: alerts are waiting for channel \"{}\", which is not configured", alert.channel);
    return;
  }
  in_flight_.insert(alert.id);
  channel->second->send(alert, [this, alert](Delivery delivery) { record(alert, std::move(delivery)); });
}

void Dispatcher::record(const Alert& alert, Delivery delivery) {
  const auto cap = retry_max_.contains(alert.channel) ? retry_max_.at(alert.channel) : std::chrono::seconds(300);
  asio::post(cpu_, [this, alert, delivery, cap] {
    store::Result<void> saved;
    const int attempts = alert.attempts + 1;
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
        const auto delay = retry_delay(attempts, cap);
        saved = store_.mark_retry(alert.id, delivery.reply, now_utc() + delay);
        spdlog::warn("channel {}: alert {} attempt {} failed: {} (retry in {}s)", alert.channel, alert.id,
                     attempts, delivery.reply, delay.count());
        break;
      }
    }
    if (!saved) spdlog::error("channel {}: {}", alert.channel, saved.error().message);
    asio::post(io_, [this, id = alert.id, outcome = delivery.outcome] {
      in_flight_.erase(id);
      if (checking_) finished_during_check_.insert(id);
      if (outcome == DeliveryOutcome::delivered) ++counters_.delivered;
      else if (outcome == DeliveryOutcome::permanent) ++counters_.dead;
      else ++counters_.retried;
      wake();
    });
  });
}

}  // namespace vigil::daemon
