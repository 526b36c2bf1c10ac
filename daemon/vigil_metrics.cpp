#include "daemon/vigil_metrics.hpp"

#include <algorithm>
#include <chrono>

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "unknown"
#endif

namespace vigil::daemon {

namespace {

double epoch_seconds(Timestamp t) { return static_cast<double>(t.time_since_epoch().count()); }

// Fetch outcomes known in advance start at 0, so rate() works from the first scrape.
constexpr const char* kFetchOutcomes[] = {"ok",        "not_modified", "timeout",  "connect", "too_large",
                                          "too_many_redirects", "http_status", "protocol", "other"};

}  // namespace

const char* attempt_outcome(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::delivered: return "delivered";
    case DeliveryOutcome::retry: return "retrying";
    case DeliveryOutcome::permanent: return "dead";
  }
  return "retrying";
}

// The table of vigil's metrics: name (with its unit), help, labels.
Metrics::Metrics()
    : build_info_(registry_.gauge("vigil_build_info", "vigil's version; always 1", {"version"})),
      fetches_(registry_.counter("vigil_fetches_total",
                                 "fetches of sources' documents by outcome: ok, not_modified, or the error kind "
                                 "(timeout, connect, too_large, too_many_redirects, http_status, protocol, other)",
                                 {"outcome"})),
      fetch_duration_(registry_.histogram("vigil_fetch_duration_seconds",
                                          "time from the start of a fetch to its last byte, any outcome",
                                          {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60})),
      unreadable_(registry_.counter("vigil_parse_errors_total",
                                    "fetched documents that could not be read as a feed, page or sitemap")),
      items_parsed_(registry_.counter("vigil_items_parsed_total", "items read from the documents of committed polls")),
      items_new_(registry_.counter("vigil_items_new_total", "items recorded for the first time")),
      items_changed_(registry_.counter("vigil_items_changed_total",
                                       "items recorded again because their text changed")),
      matches_(registry_.counter("vigil_matches_total",
                                 "items matching a topic they did not match before (baseline polls included)",
                                 {"topic"})),
      alerts_queued_(registry_.counter("vigil_alerts_queued_total", "alerts put in the outbox", {"channel"})),
      attempts_(registry_.counter("vigil_delivery_attempts_total",
                                  "alerts moved on by a delivery attempt, by the state it left them in: delivered, "
                                  "retrying or dead",
                                  {"channel", "outcome"})),
      alerts_(registry_.gauge("vigil_alerts", "alerts in the store by channel and state", {"channel", "state"})),
      outbox_depth_(registry_.gauge("vigil_outbox_depth", "alerts waiting for delivery: pending, sending or retrying")),
      outbox_oldest_age_(registry_.gauge("vigil_outbox_oldest_age_seconds",
                                         "age of the oldest alert waiting for delivery; 0 when none waits")),
      source_failing_(registry_.gauge("vigil_source_failing",
                                      "1 when the source's last poll failed (or it answered 410 Gone), else 0",
                                      {"source"})),
      source_last_success_(registry_.gauge("vigil_source_last_success_timestamp_seconds",
                                           "when the source was last polled successfully (Unix time); absent "
                                           "before its first success",
                                           {"source"})),
      store_size_(registry_.gauge("vigil_store_size_bytes", "size of the SQLite store: vigil.db and its -wal file")),
      resident_memory_(registry_.gauge("vigil_process_resident_memory_bytes", "resident memory of the vigil process")),
      cpu_seconds_(registry_.counter("vigil_process_cpu_seconds_total", "CPU time of the vigil process, user and system")),
      start_time_(registry_.gauge("vigil_process_start_time_seconds", "when the vigil process started (Unix time)")) {
  build_info_.set({VIGIL_VERSION}, 1);
  for (const char* outcome : kFetchOutcomes) fetches_.add({outcome}, 0);
}

void Metrics::fetched(const FetchResult& result) {
  if (result.error == FetchErrorKind::cancelled) return;
  const char* outcome = !result.ok() ? to_string(result.error) : result.not_modified ? "not_modified" : "ok";
  fetches_.add({outcome});
  fetch_duration_.observe(std::chrono::duration<double>(result.elapsed).count());
}

void Metrics::unreadable_document() { unreadable_.add(); }

void Metrics::committed(std::size_t items_read, const store::PollCommit& commit,
                        const std::unordered_map<std::string, store::SeenItem>& seen) {
  items_parsed_.add({}, static_cast<double>(items_read));
  for (const auto& record : commit.items) {
    const auto before = seen.find(record.key);
    (before == seen.end() ? items_new_ : items_changed_).add();
    for (const auto& topic : record.topics) {
      const bool known = before != seen.end() && std::find(before->second.topics.begin(), before->second.topics.end(),
                                                           topic) != before->second.topics.end();
      if (!known) matches_.add({topic});
    }
  }
  for (const auto& alert : commit.alerts) alerts_queued_.add({alert.channel});
}

void Metrics::attempted(std::string_view channel, DeliveryOutcome outcome, std::size_t alerts) {
  attempts_.add({std::string(channel), attempt_outcome(outcome)}, static_cast<double>(alerts));
}

void Metrics::observe_outbox(const std::vector<store::AlertTally>& tallies, Timestamp now) {
  std::vector<std::pair<LabelValues, double>> samples;
  std::size_t waiting = 0;
  std::optional<Timestamp> oldest;
  for (const auto& tally : tallies) {
    samples.push_back({{tally.channel, store::to_string(tally.state)}, static_cast<double>(tally.count)});
    const bool undelivered = tally.state == store::AlertState::pending || tally.state == store::AlertState::sending ||
                             tally.state == store::AlertState::retrying;
    if (!undelivered) continue;
    waiting += tally.count;
    if (!oldest || tally.oldest < *oldest) oldest = tally.oldest;
  }
  alerts_.replace(std::move(samples));
  outbox_depth_.set({}, static_cast<double>(waiting));
  outbox_oldest_age_.set({}, oldest ? std::max(0.0, epoch_seconds(now) - epoch_seconds(*oldest)) : 0.0);
}

void Metrics::observe_sources(const std::vector<store::SourceRow>& rows, const std::vector<std::string>& configured) {
  std::unordered_map<std::string, const FetchState*> stored;
  for (const auto& row : rows) stored[row.name] = &row.state;
  std::vector<std::pair<LabelValues, double>> failing, last_success;
  for (const auto& name : configured) {
    const auto found = stored.find(name);
    const FetchState* state = found == stored.end() ? nullptr : found->second;
    failing.push_back({{name}, state && (state->consecutive_failures > 0 || state->gone) ? 1.0 : 0.0});
    if (state && state->last_success) last_success.push_back({{name}, epoch_seconds(*state->last_success)});
  }
  source_failing_.replace(std::move(failing));
  source_last_success_.replace(std::move(last_success));
}

void Metrics::observe_store_size(std::uint64_t bytes) { store_size_.set({}, static_cast<double>(bytes)); }

void Metrics::observe_process(const ProcessStats& stats) {
  resident_memory_.set({}, static_cast<double>(stats.resident_bytes));
  cpu_seconds_.set({}, stats.cpu_seconds);
  start_time_.set({}, stats.start_time);
}

}  // namespace vigil::daemon
