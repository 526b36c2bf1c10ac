#pragma once
// vigil's metrics: every name and help text is in vigil_metrics.cpp, once. The poller and the
// dispatcher count what happens as it happens; the gauges of the store, the sources and the
// process are refreshed at scrape time (daemon/scrape.hpp). Thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/metrics.hpp"
#include "model/alert.hpp"
#include "model/fetch.hpp"
#include "model/time.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

// Read from /proc and getrusage at scrape time.
struct ProcessStats {
  std::uint64_t resident_bytes = 0;
  double cpu_seconds = 0;   // user + system
  double start_time = 0;    // seconds since the Unix epoch
};

class Metrics {
 public:
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The poller: one fetch of a source's document (not counted when cancelled by a shutdown).
  void fetched(const FetchResult& result);
  // A fetched document that could not be read as the source's type.
  void unreadable_document();
  // A committed poll: `items_read` in the document, the records and alerts it committed;
  // `seen` is what the store knew of those items before.
  void committed(std::size_t items_read, const store::PollCommit& commit,
                 const std::unordered_map<std::string, store::SeenItem>& seen);
  // The dispatcher: `alerts` alerts of `channel` (several for a digest) moved on by one attempt.
  void attempted(std::string_view channel, DeliveryOutcome outcome, std::size_t alerts = 1);

  // Scrape time. `configured` names the sources of the config in force: others are not shown.
  void observe_outbox(const std::vector<store::AlertTally>& tallies, Timestamp now);
  void observe_sources(const std::vector<store::SourceRow>& rows, const std::vector<std::string>& configured);
  void observe_store_size(std::uint64_t bytes);
  void observe_process(const ProcessStats& stats);

  // The exposition text (format 0.0.4).
  std::string render() const { return registry_.render(); }

 private:
  MetricRegistry registry_;
  Gauge& build_info_;
  Counter& fetches_;
  Histogram& fetch_duration_;
  Counter& unreadable_;
  Counter& items_parsed_;
  Counter& items_new_;
  Counter& items_changed_;
  Counter& matches_;
  Counter& alerts_queued_;
  Counter& attempts_;
  Gauge& alerts_;
  Gauge& outbox_depth_;
  Gauge& outbox_oldest_age_;
  Gauge& source_failing_;
  Gauge& source_last_success_;
  Gauge& store_size_;
  Gauge& resident_memory_;
  Counter& cpu_seconds_;
  Gauge& start_time_;
};

// The state an attempt's outcome moved its alert to: "delivered", "retrying" or "dead".
const char* attempt_outcome(DeliveryOutcome outcome);

}  // namespace vigil::daemon
