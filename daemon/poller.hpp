#pragma once
// Runs one source through the pipeline: fetch (io thread) -> parse, match, plan (CPU pool) ->
// one store transaction. The only place where fetch, parse, topics, dedup and store meet.
// When to poll next is the fetch policy's decision (feeds/fetch_policy.hpp); the poller
// records it and reports it in the PollSummary for the scheduler.
#include <atomic>
#include <deque>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/follow.hpp"
#include "daemon/poll_plan.hpp"
#include "daemon/robots_cache.hpp"
#include "feeds/parse_source.hpp"
#include "daemon/stories.hpp"
#include "daemon/vigil_metrics.hpp"
#include "model/source.hpp"
#include "net/client.hpp"
#include "store/store.hpp"
#include "topics/matcher.hpp"

namespace vigil::daemon {

struct PollSummary {
  std::string source;
  bool ok = false;
  bool not_modified = false;
  bool baseline = false;
  bool skipped = false;       // not fetched: a Retry-After still holds the source
  bool gone = false;          // 410: the scheduler stops polling it
  std::size_t items = 0;      // in the document
  std::size_t recorded = 0;   // new or changed
  std::size_t matched = 0;
  std::size_t alerts = 0;     // queued in the outbox
  std::string error;
  Timestamp next_poll{};      // when the source should be polled again
  std::optional<Timestamp> hold_host_until;  // Retry-After for every source on this host
};

// What polls match and where their alerts go: built from the topics and channels of one
// config, replaced whole by a reload. A poll keeps the rules it started with to its end.
struct PollRules {
  topics::Matcher matcher;
  Routing routing;                                            // topic -> channels
  std::unordered_map<std::string, DuplicatesMode> duplicates;  // per channel
};

class Poller {
 public:
  Poller(boost::asio::io_context& io, boost::asio::thread_pool& cpu, net::Client& client, store::Store& store,
         std::shared_ptr<const PollRules> rules, Stories& stories, Metrics& metrics);

  // A reload's new topics and channels, for polls that start from now on (io thread).
  void update(std::shared_ptr<const PollRules> rules) { rules_ = std::move(rules); }

  // Polls `source` now, unless a server's Retry-After still holds it; `done` runs on the io thread.
  void poll(const SourceSpec& source, std::function<void(PollSummary)> done);
  std::size_t in_flight() const { return in_flight_; }
  // Stopping: fetches still waiting for their turn are dropped (their sources keep their state).
  void stop();

 private:
  // One poll on its way: fetched on the io thread, then read, followed and committed on the
  // CPU pool, hopping back to the io thread for each extra round of fetches.
  struct Job {
    SourceSpec source;
    std::shared_ptr<const PollRules> rules;
    FetchState state;
    FetchState before;                 // the state before this poll's success was noted
    FetchResult result;                // the document that was read
    PollSummary summary;
    std::function<void(PollSummary)> finish;
    feeds::SourceDocument document;
    std::vector<Candidate> candidates;
    std::unordered_map<std::string, store::SeenItem> seen;
    std::vector<FetchedPage> pages;    // child sitemaps or followed pages
    std::vector<std::size_t> followed; // the candidate of each followed page
  };
  using Stage = void (Poller::*)(const std::shared_ptr<Job>&);

  void fetch(const SourceSpec& source, FetchState state, std::function<void(PollSummary)> finish);
  void on_cpu(const std::shared_ptr<Job>& job, Stage stage);
  void read_document(const std::shared_ptr<Job>& job);
  void read_child_sitemaps(const std::shared_ptr<Job>& job);
  void read_items(const std::shared_ptr<Job>& job);
  void read_followed_pages(const std::shared_ptr<Job>& job);
  void commit(const std::shared_ptr<Job>& job);
  void forget_validators(const std::shared_ptr<Job>& job);
  void done(const std::shared_ptr<Job>& job);
  void fail(const std::shared_ptr<Job>& job, std::string error);
  void fail_before(const std::shared_ptr<Job>& job, std::string error);  // with the state before the poll
  void body_processed();
  void record_failure(const SourceSpec& source, FetchState state, const FetchResult& result, std::string error,
                      PollSummary& summary);
  void note_redirect(const SourceSpec& source, const FetchState& before, const FetchResult& result);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  net::Client& client_;
  store::Store& store_;
  std::shared_ptr<const PollRules> rules_;  // io thread only; jobs hold their own
  Stories& stories_;
  Metrics& metrics_;
  std::atomic<std::size_t> in_flight_{0};
  // Backpressure: fetched bodies waiting for (or in) CPU processing. Past the limit, new fetches
  // wait, so a cold cycle over thousands of feeds does not hold every body in memory at once.
  std::size_t bodies_waiting_ = 0;                     // io thread only
  std::deque<std::function<void()>> deferred_fetches_;  // io thread only
  static constexpr std::size_t kMaxBodiesWaiting = 16;
  std::unordered_set<std::string> warned_insecure_;  // io thread only
  RobotsCache robots_;                               // io thread only
  static constexpr std::size_t kMaxChildSitemaps = 3;
};

}  // namespace vigil::daemon
