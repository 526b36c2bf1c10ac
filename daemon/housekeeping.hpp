#pragma once
// The "housekeeping" task: hourly, on the CPU pool, it prunes what `retention` lets go (items
// their feed stopped listing, stories, delivered and dead alerts), forgets items' text after
// `keep_text`, and keeps the store compact. One info line when it removed anything.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "store/store.hpp"

namespace vigil::daemon {

struct HousekeepingOptions {
  std::chrono::seconds retention{180 * 24 * 3600};   // 0 keeps everything
  std::chrono::seconds keep_text{30 * 24 * 3600};    // 0 keeps no text
  std::chrono::seconds dedup_window{14 * 24 * 3600};  // stories this recent stay whole
};

struct HousekeepingReport {
  store::PruneCounts pruned;           // totals of every batch (`more` unused)
  std::size_t texts_forgotten = 0;
  std::uintmax_t bytes_reclaimed = 0;  // free pages given back to the file system
  bool interrupted = false;            // stopped between batches (shutting down)
};

// One pass, blocking (the task runs it on the CPU pool). Prunes in batches, so the poller's
// commits get the store between them, until done or `stopping` is set; then forgets old text and
// compacts. Returns the first store error.
store::Result<HousekeepingReport> housekeep(store::Store& store, const HousekeepingOptions& options, Timestamp now,
                                            const std::atomic<bool>& stopping);

// "housekeeping: 1,204 items, 9 clusters and 3,311 alerts older than 180d removed; text of 88
// items forgotten"; "" when nothing was removed or forgotten.
std::string describe(const HousekeepingReport& report, const HousekeepingOptions& options);

class Housekeeping {
 public:
  static constexpr const char* kName = "housekeeping";
  static constexpr std::chrono::hours kEvery{1};

  Housekeeping(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
               HousekeepingOptions options);

  // A pass now on the CPU pool; with `repeat`, another kEvery after each pass ends. Io thread.
  void start(bool repeat);
  // No more passes; a pass under way stops after its current batch. Io thread.
  void stop();
  // From the next pass on (a reload). Any thread.
  void set_options(const HousekeepingOptions& options);

 private:
  void run_pass();
  void schedule_next();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& cpu_;
  store::Store& store_;
  boost::asio::steady_timer timer_;
  std::mutex options_mutex_;
  HousekeepingOptions options_;
  std::atomic<bool> stopping_{false};
  bool repeat_ = false;  // io thread only
};

}  // namespace vigil::daemon
