#include "daemon/health_monitor.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"
#include "daemon/poll_plan.hpp"
#include "daemon/source_health.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

namespace {
constexpr auto kPeriod = std::chrono::minutes(1);
constexpr auto kAfterPoll = std::chrono::milliseconds(500);  // polls finishing together: one check
}  // namespace

HealthMonitor::HealthMonitor(asio::io_context& io, asio::thread_pool& cpu, store::Store& store,
                             std::function<void()> queued)
    : io_(io), cpu_(cpu), store_(store), queued_(std::move(queued)), timer_(io) {}

void HealthMonitor::configure(HealthSettings settings) {
  const std::lock_guard lock(mutex_);
  settings_ = std::move(settings);
}

void HealthMonitor::start() { schedule(std::chrono::milliseconds(0)); }

void HealthMonitor::poke() {
  if (stopped_ || checking_) return;
  const auto soon = std::chrono::steady_clock::now() + kAfterPoll;
  if (soon < next_check_) schedule(kAfterPoll);
}

void HealthMonitor::stop() {
  stopped_ = true;
  timer_.cancel();
}

void HealthMonitor::schedule(std::chrono::milliseconds delay) {
  if (stopped_) return;
  next_check_ = std::chrono::steady_clock::now() + delay;
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopped_) check();
  });
}

void HealthMonitor::check() {
  checking_ = true;
  asio::post(cpu_, [this] {
    const auto queued = check_all();
    asio::post(io_, [this, queued] {
      checking_ = false;
      if (queued > 0 && queued_) queued_();
      schedule(std::chrono::duration_cast<std::chrono::milliseconds>(kPeriod));
    });
  });
}

std::size_t HealthMonitor::check_all() {
  HealthSettings settings;
  {
    const std::lock_guard lock(mutex_);
    if (settings_.channels.empty()) return 0;
    settings = settings_;
  }
  auto states = store_.list_sources();
  auto records = store_.source_health();
  if (!states || !records) {
    spdlog::error("health: {}", (!states ? states.error() : records.error()).message);
    return 0;
  }
  std::unordered_map<std::string, const FetchState*> by_name;
  for (const auto& row : *states) by_name[row.name] = &row.state;
  const auto now = now_utc();
  std::size_t queued = 0;
  for (const auto& source : settings.sources) {
    const auto state = by_name.find(source.name);
    if (state == by_name.end()) continue;  // never polled yet
    const auto record = records->find(source.name);
    auto verdict = judge_source_health(source, *state->second,
                                       record == records->end() ? std::nullopt : std::optional(record->second), now,
                                       settings.alert_after_failing);
    if (!verdict.changed) continue;
    if (verdict.notice)
      for (const auto& channel : settings.channels) verdict.notice->recipients.push_back({channel, new_alert_id()});
    if (auto saved = store_.save_source_health(source.name, verdict.record, verdict.notice); !saved) {
      log::for_source(source.name).error("health: {}", saved.error().message);
      continue;
    }
    if (verdict.notice) {
      log::for_source(source.name).warn("{}", verdict.notice->title);
      ++queued;
    }
  }
  return queued;
}

}  // namespace vigil::daemon
