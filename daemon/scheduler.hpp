#pragma once
// Per-source timers: each source is polled when due, then again after its interval (or after a
// backoff when it failed). A source is never polled twice at once.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/poller.hpp"
#include "model/source.hpp"

namespace vigil::daemon {

class Scheduler {
 public:
  Scheduler(boost::asio::io_context& io, Poller& poller, std::function<void(const PollSummary&)> on_polled);

  // Starts polling `sources`; `first_due[i]` is when source i is due (now, or a stored next_poll).
  void start(const std::vector<SourceSpec>& sources, const std::vector<Timestamp>& first_due);
  // Cancels every timer; polls in flight complete but no new one starts.
  void stop();

 private:
  struct Entry {
    SourceSpec source;
    boost::asio::steady_timer timer;
    bool polling = false;
  };
  void arm(Entry& entry, Timestamp due);
  void poll(Entry& entry);

  boost::asio::io_context& io_;
  Poller& poller_;
  std::function<void(const PollSummary&)> on_polled_;
  std::vector<std::unique_ptr<Entry>> entries_;
  bool stopped_ = false;
};

}  // namespace vigil::daemon
