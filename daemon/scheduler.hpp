#pragma once
// Per-source timers: each source is polled when due, then again when the poll says (its
// interval, a backoff, a Retry-After). A source is never polled twice at once. A Retry-After
// with retry_after_scope = "host" holds every source on that host until it passes; a source
// that answered 410 Gone is not polled again by this scheduler.
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
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

 private:
  struct Entry {
    SourceSpec source;
    std::string host;  // the per-host limit key of its URL
    boost::asio::steady_timer timer;
    bool polling = false;
  };
  void arm(Entry& entry, Timestamp due);
  void poll(Entry& entry);
  void polled(Entry& entry, const PollSummary& summary);

  boost::asio::io_context& io_;
  Poller& poller_;
  std::function<void(const PollSummary&)> on_polled_;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::unordered_map<std::string, Timestamp> host_holds_;  // host -> Retry-After end
  bool stopped_ = false;
};

}  // namespace vigil::daemon
