#pragma once
// What /metrics and /healthz read at request time: the store's outbox and sources, the size of
// the store's files and the process's own figures. The store is always queried on the CPU
// pool, so the io thread never waits for it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "daemon/http_endpoints.hpp"
#include "daemon/liveness.hpp"
#include "daemon/vigil_metrics.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct ScrapeInputs {
  boost::asio::thread_pool& cpu;
  store::Store& store;
  Metrics& metrics;
  const Liveness& liveness;
  std::filesystem::path store_file;                   // vigil.db (its -wal file beside it)
  std::function<std::vector<std::string>()> sources;  // the configured sources' names; io thread
};

// /metrics: the gauges refreshed, then the whole text; a store error answers 503.
// /healthz: Liveness::problem(), then a query of the store.
EndpointHandlers scrape_handlers(ScrapeInputs inputs);

// Resident memory from /proc/self/statm, CPU time from getrusage, start time from
// /proc/self/stat (zeros where the system does not tell).
ProcessStats read_process_stats();

// Bytes of `db_file` and of its -wal file (a missing file counts 0).
std::uint64_t store_size(const std::filesystem::path& db_file);

}  // namespace vigil::daemon
