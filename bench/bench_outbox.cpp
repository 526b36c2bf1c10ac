// The outbox's cost per alert (issue 7), on a real SQLite file opened as the daemon opens it
// (open_sqlite_store: WAL, synchronous=NORMAL), in a fresh temporary directory per run:
//
// BM_CommitPoll/items:N/alerts:A  commit_poll of one source's poll with N new items (N = 1, 10,
//                                 100) and, with A = 1, one alert per item: what a poll that
//                                 finds N matching items writes. A = 0 commits the same items
//                                 without alerts; the difference is the outbox's own share.
// BM_ClaimDue/backlog:D/next_due:B  claim_due_alerts(now, 32, {channel}), the dispatcher's
//                                 batch (its max in flight), from an outbox holding D due alerts
//                                 (32, 1,000, 10,000; the claimed ones are made due again after
//                                 each claim, untimed, so D stays put); with B = 1 also
//                                 next_alert_due(), as every dispatcher check does.
// BM_MarkDelivered                mark_delivered of one claimed alert at a time, as the dispatcher
//                                 records each acknowledgement (one transaction each).
//
// Counters, all per alert (per item for A = 0): items_per_second (alerts per second, wall
// time), us_per_alert (wall microseconds), cpu_us_per_alert (CPU microseconds of the calling
// thread) and wchar_per_alert (bytes the process handed to write(2) during the timed loop, from
// /proc/self/io: WAL frames, and the checkpoints that copy them into the database file).
//
// Every store starts as a copy of the same history, so no figure is taken on a toy database:
// 10,000 items in 20 sources with one delivered alert each. Items look like what feeds
// deliver: a headline, an HTML summary of one paragraph and about 1.5 KB of HTML content, an
// encoded dedup signature of 450 bytes, a match explanation with a snippet. Alert ids are
// random UUIDs like the daemon's, so they land all over the primary-key index.
//
// VIGIL_BENCH_DIR chooses where the temporary directories go (default $TMPDIR, else /tmp):
// the figures depend on the filesystem under it.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "bench/synthetic.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using vigil::Item;
using vigil::Match;
using vigil::Timestamp;
using vigil::bench::Rng;
using vigil::store::ItemRecord;
using vigil::store::NewAlert;
using vigil::store::PollCommit;
using vigil::store::Store;

constexpr std::size_t kHistoryItems = 10'000;
constexpr std::size_t kHistorySources = 20;
constexpr std::size_t kClaimBatch = 32;   // Dispatcher::max_in_flight_
constexpr std::size_t kMarkPool = 1'000;   // claimed alerts made at a time for BM_MarkDelivered
constexpr std::size_t kContentBytes = 1'500;
const std::string kChannel = "desk";
const Timestamp kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27};

template <typename T>
T require(vigil::store::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

// A directory under VIGIL_BENCH_DIR / TMPDIR / /tmp, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    const char* base = std::getenv("VIGIL_BENCH_DIR");
    if (base == nullptr || *base == '\0') base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/vigil-outbox-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed under " + pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Bytes this process passed to write(2) and friends so far.
std::uint64_t bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::uint64_t value = 0;
  while (io >> key >> value)
    if (key == "wchar:") return value;
  return 0;
}

std::string uuid(Rng& rng) {
  const std::uint64_t a = rng.next(), b = rng.next();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>((a & 0x0fff) | 0x4000),
                static_cast<unsigned>(((b >> 48) & 0x3fff) | 0x8000),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

// Source `source`'s item number `n`, with its record and its alert on kChannel.
struct Generated {
  ItemRecord record;
  NewAlert alert;
};

Generated generate(Rng& rng, const std::string& source, std::size_t n) {
  Generated g;
  Item& item = g.record.item;
  item.source = source;
  item.title = vigil::bench::headline(rng);
  item.link = "https://" + source + ".example.org/news/2026/11/story-" + std::to_string(n);
  item.id = item.link;
  item.published = kNow - std::chrono::minutes(n % 600);
  item.summary = vigil::bench::paragraph(rng, true);
  while (item.content.size() < kContentBytes) item.content += vigil::bench::paragraph(rng, true);
  item.authors = {"Field Desk"};
  item.lang = "en";
  g.record.key = item.link;
  g.record.canonical_link = item.link;
  g.record.fingerprint = uuid(rng).substr(0, 32);
  g.record.topics = {"landmines"};
  g.record.first_seen = kNow;
  g.record.cluster = source + '\x1f' + item.link;
  g.record.story_at = item.published;
  g.record.signature.resize(450);
  for (auto& byte : g.record.signature) byte = static_cast<char>(rng.next());

  Match match;
  match.topic = "landmines";
  match.terms = {"landmine"};
  match.score = 2.5;
  match.snippet = item.summary.substr(0, 200);
  match.highlights = {{10, 18}, {60, 68}};
  g.alert = NewAlert{uuid(rng), kChannel, {"landmines"}, {match}, {}, false, g.record.key, kNow};
  return g;
}

// A poll of `source` with `items` new items numbered from `first`, and their alerts if asked.
PollCommit make_poll(Rng& rng, const std::string& source, std::size_t first, std::size_t items, bool alerts) {
  PollCommit poll;
  poll.source = source;
  poll.state.etag = "\"bench-" + std::to_string(first) + "\"";
  poll.state.baselined = true;
  poll.state.last_success = kNow;
  for (std::size_t i = 0; i < items; ++i) {
    auto g = generate(rng, source, first + i);
    poll.items.push_back(std::move(g.record));
    if (alerts) poll.alerts.push_back(std::move(g.alert));
  }
  return poll;
}

// Claims every due alert and marks it delivered.
void deliver_all(Store& store) {
  for (;;) {
    auto claimed = require(store.claim_due_alerts(kNow, 500, {kChannel}));
    if (claimed.empty()) return;
    for (const auto& alert : claimed) require(store.mark_delivered(alert.id, "250 2.0.0 queued", kNow));
  }
}

// The history every run starts from, built once per process.
const fs::path& history_file() {
  static ScratchDir dir;
  static const fs::path file = [] {
    const auto path = dir.path() / "history.db";
    auto store = require(vigil::store::open_sqlite_store(path));
    Rng rng(7);
    const std::size_t per_source = kHistoryItems / kHistorySources;
    for (std::size_t s = 0; s < kHistorySources; ++s)
      for (std::size_t first = 0; first < per_source; first += 100)
        require(store->commit_poll(make_poll(rng, "history-" + std::to_string(s), first, 100, true)));
    deliver_all(*store);
    return path;  // closing the last connection checkpoints the WAL into the file
  }();
  return file;
}

// A fresh copy of the history in its own directory, opened as the daemon opens it.
struct RunStore {
  ScratchDir dir;
  std::unique_ptr<Store> store;

  RunStore() {
    const auto& history = history_file();
    const auto copy = dir.path() / "vigil.db";
    fs::copy_file(history, copy);
    if (fs::exists(history.string() + "-wal")) fs::copy_file(history.string() + "-wal", copy.string() + "-wal");
    store = require(vigil::store::open_sqlite_store(copy));
  }
};

// What the timed loop used so far, by this thread (SQLite does all its work in the caller's).
struct Usage {
  double wall_us = 0;
  double cpu_us = 0;
  std::uint64_t written = 0;

  static Usage now() {
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    return {std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count(),
            static_cast<double>(cpu.tv_sec) * 1e6 + static_cast<double>(cpu.tv_nsec) / 1e3, bytes_written()};
  }
  Usage operator-(const Usage& o) const { return {wall_us - o.wall_us, cpu_us - o.cpu_us, written - o.written}; }
  Usage& operator+=(const Usage& o) {
    wall_us += o.wall_us, cpu_us += o.cpu_us, written += o.written;
    return *this;
  }
};

// Per-alert counters of a timed loop. Work done while timing is paused (refilling the outbox)
// is left out of them as Google Benchmark leaves it out of its times.
class PerAlert {
 public:
  explicit PerAlert(benchmark::State& state) : state_(state), start_(Usage::now()) {}
  void pause() {
    state_.PauseTiming();
    paused_at_ = Usage::now();
  }
  void resume() {
    excluded_ += Usage::now() - paused_at_;
    state_.ResumeTiming();
  }
  void report(std::size_t alerts) const {
    Usage used = Usage::now() - start_;
    used.wall_us -= excluded_.wall_us, used.cpu_us -= excluded_.cpu_us, used.written -= excluded_.written;
    const double n = alerts > 0 ? static_cast<double>(alerts) : 1.0;
    state_.SetItemsProcessed(static_cast<std::int64_t>(alerts));
    state_.counters["us_per_alert"] = used.wall_us / n;
    state_.counters["cpu_us_per_alert"] = used.cpu_us / n;
    state_.counters["wchar_per_alert"] = static_cast<double>(used.written) / n;
  }

 private:
  benchmark::State& state_;
  Usage start_;
  Usage paused_at_;
  Usage excluded_;
};

void BM_CommitPoll(benchmark::State& state) {
  const auto items = static_cast<std::size_t>(state.range(0));
  const bool alerts = state.range(1) != 0;
  RunStore run;
  Rng rng(11);
  // One poll made once; each iteration renames its items and alerts (new keys, new ids), which
  // costs little beside the commit.
  PollCommit poll = make_poll(rng, "bench", 0, items, alerts);
  std::size_t serial = 0;
  PerAlert meter(state);
  for (auto _ : state) {
    for (std::size_t i = 0; i < items; ++i, ++serial) {
      auto& record = poll.items[i];
      record.key = "https://bench.example.org/news/2026/11/story-" + std::to_string(serial);
      record.item.link = record.key;
      record.item.id = record.key;
      record.canonical_link = record.key;
      record.cluster = "bench\x1f" + record.key;
      if (alerts) {
        poll.alerts[i].item_key = record.key;
        poll.alerts[i].id = uuid(rng);
      }
    }
    require(run.store->commit_poll(poll));
  }
  meter.report(serial);
  state.counters["items_per_poll"] = static_cast<double>(items);
}
BENCHMARK(BM_CommitPoll)
    ->ArgNames({"items", "alerts"})
    ->ArgsProduct({{1, 10, 100}, {1, 0}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Fills the outbox of `run` with `count` due alerts (source "bench", items numbered from `first`).
void add_due_alerts(RunStore& run, Rng& rng, std::size_t first, std::size_t count) {
  for (std::size_t done = 0; done < count; done += 100)
    require(run.store->commit_poll(make_poll(rng, "bench", first + done, std::min<std::size_t>(100, count - done), true)));
}

void BM_ClaimDue(benchmark::State& state) {
  const auto backlog = static_cast<std::size_t>(state.range(0));
  const bool next_due = state.range(1) != 0;
  RunStore run;
  Rng rng(13);
  add_due_alerts(run, rng, 0, backlog);
  const std::size_t batch_size = std::min(kClaimBatch, backlog);
  std::size_t claimed = 0;
  PerAlert meter(state);
  for (auto _ : state) {
    auto batch = require(run.store->claim_due_alerts(kNow, kClaimBatch, {kChannel}));
    if (next_due) benchmark::DoNotOptimize(require(run.store->next_alert_due()));
    if (batch.size() != batch_size) throw std::runtime_error("claimed " + std::to_string(batch.size()) + " alerts");
    claimed += batch.size();
    // The claimed alerts are due again (as after a restart), so every claim sees the same backlog.
    meter.pause();
    require(run.store->requeue_interrupted(kNow));
    meter.resume();
  }
  meter.report(claimed);
  state.counters["batch"] = static_cast<double>(batch_size);
}
BENCHMARK(BM_ClaimDue)
    ->ArgNames({"backlog", "next_due"})
    ->ArgsProduct({{32, 1'000, 10'000}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

void BM_MarkDelivered(benchmark::State& state) {
  RunStore run;
  Rng rng(17);
  std::vector<std::string> sending;
  std::size_t next = 0;
  std::size_t made = 0;
  std::size_t marked = 0;
  PerAlert meter(state);
  for (auto _ : state) {
    if (next == sending.size()) {
      meter.pause();
      add_due_alerts(run, rng, made, kMarkPool);
      made += kMarkPool;
      sending.clear();
      next = 0;
      for (auto batch = require(run.store->claim_due_alerts(kNow, kMarkPool, {kChannel})); auto& alert : batch)
        sending.push_back(std::move(alert.id));
      meter.resume();
    }
    require(run.store->mark_delivered(sending[next++], "250 2.0.0 queued as vigil-bench", kNow));
    ++marked;
  }
  meter.report(marked);
}
BENCHMARK(BM_MarkDelivered)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
