#include "daemon/housekeeping.hpp"

#include <boost/asio/post.hpp>
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

namespace {

// A prune this large has grown the write-ahead log: fold it in and truncate it afterwards.
constexpr std::size_t kLargePrune = 1000;

// 1204 -> "1,204".
std::string grouped(std::uintmax_t n) {
  std::string digits = std::to_string(n);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

std::string counted(std::uintmax_t n, const char* one, const char* many) {
  return grouped(n) + " " + (n == 1 ? one : many);
}

}  // namespace

store::Result<HousekeepingReport> housekeep(store::Store& store, const HousekeepingOptions& options, Timestamp now,
                                            const std::atomic<bool>& stopping) {
  HousekeepingReport report;
  if (options.retention > std::chrono::seconds::zero()) {
    const store::PruneRules rules{.before = now - options.retention, .stories_since = now - options.dedup_window};
    for (bool more = true; more;) {
      if (stopping.load()) {
        report.interrupted = true;
        return report;
      }
      auto batch = store.prune(rules);
      if (!batch) return std::unexpected(batch.error());
      report.pruned.items += batch->items;
      report.pruned.clusters += batch->clusters;
      report.pruned.alerts += batch->alerts;
      more = batch->more;
    }
  }
  auto forgotten = store.forget_text_before(now - options.keep_text);
  if (!forgotten) return std::unexpected(forgotten.error());
  report.texts_forgotten = *forgotten;

  const std::size_t removed = report.pruned.items + report.pruned.alerts;
  auto reclaimed = store.compact(/*truncate_log=*/removed >= kLargePrune);
  if (!reclaimed) return std::unexpected(reclaimed.error());
  report.bytes_reclaimed = *reclaimed;
  return report;
}

std::string describe(const HousekeepingReport& report, const HousekeepingOptions& options) {
  const auto& p = report.pruned;
  std::string line;
  if (p.items + p.clusters + p.alerts > 0)
    line = fmt::format("{}, {} and {} older than {} removed", counted(p.items, "item", "items"),
                       counted(p.clusters, "cluster", "clusters"), counted(p.alerts, "alert", "alerts"),
                       config::format_duration(options.retention));
  if (report.texts_forgotten > 0)
    line += fmt::format("{}text of {} forgotten", line.empty() ? "" : "; ",
                        counted(report.texts_forgotten, "item", "items"));
  return line.empty() ? line : std::string(Housekeeping::kName) + ": " + line;
}

Housekeeping::Housekeeping(asio::io_context& io, asio::thread_pool& cpu, store::Store& store,
                           HousekeepingOptions options)
    : io_(io), cpu_(cpu), store_(store), timer_(io), options_(options) {}

void Housekeeping::set_options(const HousekeepingOptions& options) {
  const std::lock_guard lock(options_mutex_);
  options_ = options;
}

void Housekeeping::start(bool repeat) {
  repeat_ = repeat;
  stopping_ = false;
  run_pass();
}

void Housekeeping::stop() {
  stopping_ = true;
  repeat_ = false;
  timer_.cancel();
}

void Housekeeping::run_pass() {
  // On the CPU pool: the store's work never holds up I/O.
  asio::post(cpu_, [this] {
    HousekeepingOptions options;
    {
      const std::lock_guard lock(options_mutex_);
      options = options_;
    }
    const auto report = housekeep(store_, options, now_utc(), stopping_);
    if (!report) {
      spdlog::warn("{}: {}", kName, report.error().message);
    } else if (const auto line = describe(*report, options); !line.empty()) {
      spdlog::info("{}", line);
    } else {
      spdlog::debug("{}: nothing to remove", kName);
    }
    if (report && report->bytes_reclaimed > 0)
      spdlog::debug("{}: {} bytes of free pages given back", kName, grouped(report->bytes_reclaimed));
    asio::post(io_, [this] { schedule_next(); });
  });
}

void Housekeeping::schedule_next() {
  if (!repeat_ || stopping_.load()) return;
  timer_.expires_after(kEvery);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) run_pass();
  });
}

}  // namespace vigil::daemon
