// The housekeeping task's pass: retention and keep_text in one go, and its one log line.
#include <catch2/catch.hpp>

#include "daemon/housekeeping.hpp"
#include "tests/support/child_process.hpp"

using namespace vigil;
using namespace vigil::daemon;

namespace {

Timestamp day(std::int64_t n) { return Timestamp{std::chrono::days(n)}; }

std::unique_ptr<store::Store> open_store(const std::string& file) {
  auto store = store::open_sqlite_store(file);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

store::ItemRecord record(const std::string& key, Timestamp seen) {
  store::ItemRecord r;
  r.key = key;
  r.first_seen = seen;
  r.item.id = key;
  r.item.source = "wire";
  r.item.title = "Title " + key;
  r.item.summary = "Summary of " + key;
  return r;
}

// A poll of "wire" at `when` recording `records`.
void poll(store::Store& store, Timestamp when, std::vector<store::ItemRecord> records) {
  store::PollCommit commit{.source = "wire", .state = {}, .items = std::move(records), .alerts = {}};
  commit.state.baselined = true;
  commit.listed_at = when;
  REQUIRE(store.commit_poll(commit));
}

}  // namespace

TEST_CASE("the housekeeping line counts what went, with thousands grouped", "[daemon][housekeeping]") {
  const HousekeepingOptions options{.retention = std::chrono::days(180)};
  HousekeepingReport report;
  CHECK(describe(report, options).empty());

  report.pruned = {.items = 1204, .clusters = 9, .alerts = 3311};
  report.texts_forgotten = 88;
  CHECK(describe(report, options) ==
        "housekeeping: 1,204 items, 9 clusters and 3,311 alerts older than 180d removed; text of 88 items forgotten");

  report.pruned = {.items = 1, .clusters = 0, .alerts = 1};
  report.texts_forgotten = 0;
  CHECK(describe(report, options) == "housekeeping: 1 item, 0 clusters and 1 alert older than 180d removed");

  report.pruned = {};
  report.texts_forgotten = 1234567;
  CHECK(describe(report, options) == "housekeeping: text of 1,234,567 items forgotten");
}

TEST_CASE("one housekeeping pass prunes by retention and forgets text by keep_text", "[daemon][housekeeping]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  poll(*store, day(1000), {record("old", day(1000))});
  poll(*store, day(1300), {record("recent", day(1300))});  // "old" left the feed
  const std::atomic<bool> stopping{false};
  const HousekeepingOptions options{.retention = std::chrono::days(180), .keep_text = std::chrono::days(30),
                                    .dedup_window = std::chrono::days(14)};

  auto report = housekeep(*store, options, day(1400), stopping);

  REQUIRE(report);
  CHECK(report->pruned.items == 1);
  CHECK(report->texts_forgotten == 1);  // "recent", first seen 100 days before
  CHECK_FALSE(report->interrupted);
  CHECK(store->seen_items("wire", {"old", "recent"})->size() == 1);
}

TEST_CASE("retention 0 keeps everything; keep_text still applies", "[daemon][housekeeping]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  poll(*store, day(1000), {record("old", day(1000))});
  poll(*store, day(1300), {});
  const std::atomic<bool> stopping{false};

  auto report = housekeep(*store, {.retention = std::chrono::seconds(0), .keep_text = std::chrono::days(30)},
                          day(5000), stopping);

  REQUIRE(report);
  CHECK(report->pruned.items == 0);
  CHECK(report->texts_forgotten == 1);
  CHECK(store->seen_items("wire", {"old"})->size() == 1);
}

TEST_CASE("a pass asked to stop removes nothing more", "[daemon][housekeeping]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  poll(*store, day(1000), {record("old", day(1000))});
  poll(*store, day(1300), {});
  const std::atomic<bool> stopping{true};

  auto report = housekeep(*store, {}, day(1400), stopping);

  REQUIRE(report);
  CHECK(report->interrupted);
  CHECK(report->pruned.items == 0);
  CHECK(store->seen_items("wire", {"old"})->size() == 1);
}
