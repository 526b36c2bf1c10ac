#include "daemon/scheduler.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "net/client.hpp"

namespace vigil::daemon {

Scheduler::Scheduler(boost::asio::io_context& io, Poller& poller, std::function<void(const PollSummary&)> on_polled)
    : io_(io), poller_(poller), on_polled_(std::move(on_polled)) {}

void Scheduler::start(const std::vector<SourceSpec>& sources, const std::vector<Timestamp>& first_due,
                      std::unordered_map<std::string, Timestamp> host_holds) {
  host_holds_ = std::move(host_holds);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    entries_.push_back(std::make_unique<Entry>(
        Entry{sources[i], net::host_of(sources[i].url).value_or(sources[i].url), boost::asio::steady_timer(io_)}));
    arm(*entries_.back(), i < first_due.size() ? first_due[i] : now_utc());
  }
}

void Scheduler::stop() {
  stopped_ = true;
  for (auto& e : entries_) e->timer.cancel();
}

void Scheduler::arm(Entry& entry, Timestamp due) {
  if (stopped_) return;
  entry.timer.expires_after(std::max<std::chrono::seconds>(due - now_utc(), std::chrono::seconds(0)));
  entry.timer.async_wait([this, &entry](const boost::system::error_code& ec) {
    if (!ec && !stopped_) poll(entry);
  });
}

void Scheduler::poll(Entry& entry) {
  if (entry.polling) return;
  if (const auto hold = host_holds_.find(entry.host); hold != host_holds_.end()) {
    if (hold->second > now_utc()) {
      spdlog::debug("source {}: host {} asked to wait (Retry-After) until {}", entry.source.name, entry.host,
                    format_rfc3339(hold->second));
      return arm(entry, hold->second);
    }
    host_holds_.erase(hold);
  }
  entry.polling = true;
  poller_.poll(entry.source, [this, &entry](PollSummary summary) {
    entry.polling = false;
    on_polled_(summary);
    polled(entry, summary);
  });
}

void Scheduler::polled(Entry& entry, const PollSummary& summary) {
  if (summary.hold_host_until) {
    auto& until = host_holds_[entry.host];
    until = std::max(until, *summary.hold_host_until);
  }
  if (summary.gone) {
    spdlog::info("source {}: not polled again until vigil restarts", entry.source.name);
    return;
  }
  auto next = summary.next_poll;
  if (next == Timestamp{}) next = now_utc() + entry.source.interval;
  arm(entry, next);
}

}  // namespace vigil::daemon
