#pragma once
// Per-source timers: each source is polled when due, then again when the poll says (its
// interval, a backoff, a Retry-After). A source is never polled twice at once. A Retry-After
// with retry_after_scope = "host" holds every source on that host until it passes; a source
// that answered 410 Gone is not polled again by this scheduler, until a reload changes it.
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/poller.hpp"
#include "model/source.hpp"

namespace vigil::daemon {

class Scheduler {
 public:
  Scheduler(boost::asio::io_context& io, Poller& poller, std::function<void(const PollSummary&)> on_polled);

  // Starts polling `sources`; `first_due[i]` is when source i is due (now, or a stored next_poll);
  // `host_holds` are Retry-After holds of whole hosts still running from before (host -> end).
  void start(const std::vector<SourceSpec>& sources, const std::vector<Timestamp>& first_due,
             std::unordered_map<std::string, Timestamp> host_holds = {});
  // Cancels every timer; polls in flight complete but no new one starts.
  void stop();

  // A reload: `sources` is the new list. A source of a new name is due now. One no longer
  // listed is dropped: a poll in flight completes and reports, but nothing is scheduled after
  // it. One that stays keeps its schedule (due no later than one new interval from now) and
  // takes the new spec for its next poll; the `poll_now` ones (their URL or type changed) and
  // changed ones that had answered 410 Gone are due now.
  void reconfigure(const std::vector<SourceSpec>& sources, const std::unordered_set<std::string>& poll_now);

 private:
  struct Entry {
    SourceSpec source;
    std::string host;  // the per-host limit key of its URL
    boost::asio::steady_timer timer;
    bool polling = false;
    bool gone = false;       // 410: not armed again until a reload changes the source
    bool removed = false;    // by a reload: never armed again
    bool poll_again = false; // a reload asked for a poll while one was in flight
  };
  using EntryPtr = std::shared_ptr<Entry>;
  EntryPtr make_entry(const SourceSpec& source);
  void arm(const EntryPtr& entry, Timestamp due);
  void poll(const EntryPtr& entry);
  void polled(const EntryPtr& entry, const PollSummary& summary);

  boost::asio::io_context& io_;
  Poller& poller_;
  std::function<void(const PollSummary&)> on_polled_;
  // In config order; handlers hold their entry, so a removed one lives until they ran.
  std::vector<EntryPtr> entries_;
  std::unordered_map<std::string, Timestamp> host_holds_;  // host -> Retry-After end
  bool stopped_ = false;
};

}  // namespace vigil::daemon
