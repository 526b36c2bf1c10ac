#include "daemon/scrape.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include <boost/asio/post.hpp>

namespace vigil::daemon {

namespace {

double seconds_since_epoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Taken when the program loads, before main: the process's start as far as anyone can tell
// (a sandbox with ProcSubset=pid hides /proc/stat's boot time, which /proc/self/stat needs).
const double kProcessStart = seconds_since_epoch();

}  // namespace

ProcessStats read_process_stats() {
  ProcessStats stats;
  stats.start_time = kProcessStart;
  // statm: size resident shared text lib data dt, in pages.
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (statm >> size >> resident) {
    const long page = ::sysconf(_SC_PAGESIZE);
    stats.resident_bytes = resident * static_cast<std::uint64_t>(page > 0 ? page : 4096);
  }
  rusage usage{};
  if (::getrusage(RUSAGE_SELF, &usage) == 0) {
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    stats.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }
  return stats;
}

std::uint64_t store_size(const std::filesystem::path& db_file) {
  std::uint64_t total = 0;
  for (const auto& file : {db_file, std::filesystem::path(db_file.string() + "-wal")}) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(file, error);
    if (!error) total += bytes;
  }
  return total;
}

EndpointHandlers scrape_handlers(ScrapeInputs inputs) {
  auto in = std::make_shared<ScrapeInputs>(std::move(inputs));
  EndpointHandlers handlers;
  handlers.metrics = [in](EndpointHandlers::MetricsReply reply) {
    auto names = in->sources ? in->sources() : std::vector<std::string>{};
    boost::asio::post(in->cpu, [in, names = std::move(names), reply = std::move(reply)] {
      const auto tallies = in->store.tally_alerts();
      if (!tallies) return reply(std::unexpected(tallies.error().message));
      const auto sources = in->store.list_sources();
      if (!sources) return reply(std::unexpected(sources.error().message));
      in->metrics.observe_outbox(*tallies, now_utc());
      in->metrics.observe_sources(*sources, names);
      in->metrics.observe_store_size(store_size(in->store_file));
      in->metrics.observe_process(read_process_stats());
      reply(in->metrics.render());
    });
  };
  handlers.health = [in](EndpointHandlers::HealthReply reply) {
    if (auto problem = in->liveness.problem()) return reply(std::move(problem));
    // The store answers a cheap query, or says why not.
    boost::asio::post(in->cpu, [in, reply = std::move(reply)] {
      const auto probe = in->store.next_alert_due();
      reply(probe ? std::nullopt : std::optional<std::string>(probe.error().message));
    });
  };
  return handlers;
}

}  // namespace vigil::daemon
