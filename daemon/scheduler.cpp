#include "daemon/scheduler.hpp"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"
#include "daemon/reload_plan.hpp"
#include "net/client.hpp"

namespace vigil::daemon {

Scheduler::Scheduler(boost::asio::io_context& io, Poller& poller, std::function<void(const PollSummary&)> on_polled)
    : io_(io), poller_(poller), on_polled_(std::move(on_polled)) {}

Scheduler::EntryPtr Scheduler::make_entry(const SourceSpec& source) {
  return std::make_shared<Entry>(
      Entry{source, net::host_of(source.url).value_or(source.url), boost::asio::steady_timer(io_)});
}

void Scheduler::start(const std::vector<SourceSpec>& sources, const std::vector<Timestamp>& first_due,
                      std::unordered_map<std::string, Timestamp> host_holds) {
  host_holds_ = std::move(host_holds);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    entries_.push_back(make_entry(sources[i]));
    arm(entries_.back(), i < first_due.size() ? first_due[i] : now_utc());
  }
}

void Scheduler::stop() {
  stopped_ = true;
  for (auto& e : entries_) e->timer.cancel();
}

void Scheduler::reconfigure(const std::vector<SourceSpec>& sources, const std::unordered_set<std::string>& poll_now) {
  std::unordered_map<std::string, EntryPtr> running;
  for (auto& entry : entries_) running.emplace(entry->source.name, entry);
  std::vector<EntryPtr> next;
  const auto now = now_utc();
  for (const auto& source : sources) {
    const auto found = running.find(source.name);
    if (found == running.end()) {  // new: due now
      next.push_back(make_entry(source));
      arm(next.back(), now);
      continue;
    }
    auto entry = found->second;
    running.erase(found);
    const bool revived = entry->gone && !same_source(entry->source, source);
    const bool interval_shorter = source.interval < entry->source.interval;
    entry->source = source;
    entry->host = net::host_of(source.url).value_or(source.url);
    next.push_back(entry);
    if (poll_now.contains(source.name) || revived) {
      entry->gone = false;
      if (entry->polling) entry->poll_again = true;
      else arm(entry, now);
    } else if (interval_shorter && !entry->polling &&
               entry->timer.expiry() > std::chrono::steady_clock::now() + source.interval) {
      arm(entry, now + source.interval);  // never wait longer than one new interval
    }
  }
  for (auto& [name, entry] : running) {  // no longer configured
    entry->removed = true;
    entry->timer.cancel();
  }
  entries_ = std::move(next);
}

void Scheduler::arm(const EntryPtr& entry, Timestamp due) {
  if (stopped_ || entry->removed) return;
  entry->timer.expires_after(std::max<std::chrono::seconds>(due - now_utc(), std::chrono::seconds(0)));
  entry->timer.async_wait([this, entry](const boost::system::error_code& ec) {
    if (!ec && !stopped_ && !entry->removed) poll(entry);
  });
}

void Scheduler::poll(const EntryPtr& entry) {
  if (entry->polling) return;
  if (const auto hold = host_holds_.find(entry->host); hold != host_holds_.end()) {
    if (hold->second > now_utc()) {
      log::for_source(entry->source.name).debug("host {} asked to wait (Retry-After) until {}", entry->host,
                                                format_rfc3339(hold->second));
      return arm(entry, hold->second);
    }
    host_holds_.erase(hold);
  }
  entry->polling = true;
  poller_.poll(entry->source, [this, entry](PollSummary summary) {
    entry->polling = false;
    on_polled_(summary);  // a source dropped by a reload while it ran still reports (its alerts are queued)
    if (!entry->removed) polled(entry, summary);
  });
}

void Scheduler::polled(const EntryPtr& entry, const PollSummary& summary) {
  if (summary.hold_host_until) {
    auto& until = host_holds_[entry->host];
    until = std::max(until, *summary.hold_host_until);
  }
  if (std::exchange(entry->poll_again, false)) return arm(entry, now_utc());
  if (summary.gone) {
    entry->gone = true;
    log::for_source(entry->source.name).info("not polled again until vigil restarts or a reload changes it");
    return;
  }
  auto next = summary.next_poll;
  if (next == Timestamp{}) next = now_utc() + entry->source.interval;
  arm(entry, next);
}

}  // namespace vigil::daemon
