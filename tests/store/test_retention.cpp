// Housekeeping in the store: what `retention` prunes and, above all, what it must keep (items a
// feed still lists, items with undelivered alerts, stories of the dedup window), and the space
// it gives back. Times are explicit: day N is N days after the epoch.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

constexpr std::int64_t kDay = 24 * 3600;
Timestamp day(std::int64_t n) { return at(n * kDay); }

// A poll of `source` at `when` whose document lists `listed` (already recorded) besides `records`.
PollCommit poll_at(const std::string& source, Timestamp when, std::vector<ItemRecord> records,
                   std::vector<std::string> listed = {}, std::vector<NewAlert> alerts = {}) {
  for (auto& record : records) record.first_seen = when;
  auto poll = make_poll(source, std::move(records), std::move(alerts));
  poll.listed = std::move(listed);
  poll.listed_at = when;
  return poll;
}

// Everything a pass at `now` removes with retention 180 days and a 14-day dedup window.
PruneCounts prune_at(Store& store, Timestamp now, std::size_t batch = 2000) {
  PruneCounts total;
  for (int calls = 0; calls < 100; ++calls) {
    auto counts = store.prune({.before = now - std::chrono::days(180), .stories_since = now - std::chrono::days(14),
                               .batch = batch});
    if (!counts) FAIL(counts.error().message);
    total.items += counts->items;
    total.clusters += counts->clusters;
    total.alerts += counts->alerts;
    if (!counts->more) break;
  }
  return total;
}

std::int64_t items_named(const std::string& file, const std::string& key) {
  return sql_integer(file, "SELECT COUNT(*) FROM items WHERE key = '" + key + "'");
}

std::int64_t alerts_named(const std::string& file, const std::string& id) {
  return sql_integer(file, "SELECT COUNT(*) FROM alerts WHERE id = '" + id + "'");
}

ItemRecord in_story(const std::string& source, const std::string& key, const std::string& cluster, Timestamp story_at) {
  auto record = make_record(source, key, "fp-" + key);
  record.cluster = cluster;
  record.story_at = story_at;
  record.signature = "sig-" + key;
  return record;
}

}  // namespace

TEST_CASE("an item its feed stopped listing is pruned once retention has passed since it was last seen",
          "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "old"), make_record("wire", "kept")}));
  commit(*store, poll_at("wire", day(1200), {}, {"kept"}));  // "old" is gone from the feed

  const auto counts = prune_at(*store, day(1201));

  CHECK(counts.items == 1);
  CHECK(items_named(file, "old") == 0);
  CHECK(items_named(file, "kept") == 1);
}

TEST_CASE("an item of the source's current document stays however long ago it was read (304s since)",
          "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1"), make_record("wire", "a2")}));

  const auto counts = prune_at(*store, day(1500));  // not modified for 500 days

  CHECK(counts.items == 0);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == 2);
}

TEST_CASE("an item first seen long ago but listed recently is kept: age counts from its last listing",
          "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "evergreen"), make_record("wire", "news")}));
  commit(*store, poll_at("wire", day(1300), {}, {"evergreen", "news"}));
  commit(*store, poll_at("wire", day(1302), {make_record("wire", "fresh")}));  // both left the feed

  CHECK(prune_at(*store, day(1400)).items == 0);  // 100 days after they were last listed
  CHECK(items_named(file, "evergreen") == 1);

  CHECK(prune_at(*store, day(1490)).items == 2);  // 190 days after
  CHECK(items_named(file, "evergreen") == 0);
  CHECK(items_named(file, "fresh") == 1);
}

TEST_CASE("a poll moves an item's last sight at most once a day", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1")}));
  CHECK(sql_integer(file, "SELECT last_seen FROM items") == 1000 * kDay);

  commit(*store, poll_at("wire", day(1000) + std::chrono::hours(6), {}, {"a1"}));
  CHECK(sql_integer(file, "SELECT last_seen FROM items") == 1000 * kDay);
  CHECK(sql_integer(file, "SELECT listed_at FROM sources") == 1000 * kDay + 6 * 3600);

  commit(*store, poll_at("wire", day(1002), {}, {"a1"}));
  CHECK(sql_integer(file, "SELECT last_seen FROM items") == 1002 * kDay);
}

TEST_CASE("a changed item counts as listed by the poll that records it", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1", "fp-1")}));
  auto changed = poll_at("wire", day(1100), {make_record("wire", "a1", "fp-2")});
  changed.items.front().first_seen = day(1000);
  commit(*store, changed);
  CHECK(sql_integer(file, "SELECT last_seen FROM items") == 1100 * kDay);
  CHECK(sql_integer(file, "SELECT first_seen FROM items") == 1000 * kDay);
}

TEST_CASE("items with a pending, sending or retrying alert are never pruned, nor are those alerts",
          "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000),
                         {make_record("wire", "pending"), make_record("wire", "sending"), make_record("wire", "retrying"),
                          make_record("wire", "delivered")},
                         {},
                         {make_alert("a-pending", "pending", day(1000), "desk"),
                          make_alert("a-sending", "sending", day(1000), "ops"),
                          make_alert("a-retrying", "retrying", day(1000), "mail"),
                          make_alert("a-delivered", "delivered", day(1000), "desk")}));
  REQUIRE(store->claim_due_alerts(day(1000), 10, {"ops"}));
  REQUIRE(store->mark_retry("a-retrying", "451 later", day(2000)));
  REQUIRE(store->mark_delivered("a-delivered", "250 ok", day(1000)));
  commit(*store, poll_at("wire", day(1002), {make_record("wire", "other")}));  // all four leave the feed
  REQUIRE(sql_text(file, "SELECT state FROM alerts WHERE id = 'a-sending'") == "sending");

  const auto counts = prune_at(*store, day(1500));

  CHECK(counts.items == 1);
  CHECK(counts.alerts == 1);
  CHECK(items_named(file, "delivered") == 0);
  CHECK(alerts_named(file, "a-delivered") == 0);
  for (const std::string key : {"pending", "sending", "retrying"}) {
    CHECK(items_named(file, key) == 1);
    CHECK(alerts_named(file, "a-" + key) == 1);
  }
}

TEST_CASE("a delivered alert is kept for retention after its delivery, and keeps its item", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "late")}, {}, {make_alert("a1", "late", day(1000))}));
  REQUIRE(store->mark_dead("a1", "550 refused"));
  REQUIRE(store->requeue("a1", day(1390)));  // an operator sent it again, much later
  REQUIRE(store->mark_delivered("a1", "250 ok", day(1390)));
  commit(*store, poll_at("wire", day(1002), {}));

  CHECK(prune_at(*store, day(1500)).items == 0);
  CHECK(alerts_named(file, "a1") == 1);
  CHECK(items_named(file, "late") == 1);

  const auto counts = prune_at(*store, day(1600));
  CHECK(counts.alerts == 1);
  CHECK(counts.items == 1);
}

TEST_CASE("dead alerts older than retention are pruned", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1")}, {}, {make_alert("dead", "a1", day(1000))}));
  REQUIRE(store->mark_dead("dead", "550 refused"));

  CHECK(prune_at(*store, day(1100)).alerts == 0);
  const auto counts = prune_at(*store, day(1200));
  CHECK(counts.alerts == 1);
  CHECK(counts.items == 0);  // still in the feed's current document
  CHECK(items_named(file, "a1") == 1);
}

TEST_CASE("a story with an item in the dedup window stays whole, with the alert that says who had it",
          "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  // Story S: alerted on desk at day 1000; a near-duplicate from another source joined it lately.
  commit(*store, poll_at("wire", day(1000), {in_story("wire", "w1", "S", day(1000))}, {},
                         {make_alert("a-S", "w1", day(1000), "desk")}));
  REQUIRE(store->mark_delivered("a-S", "250 ok", day(1000)));
  commit(*store, poll_at("wire", day(1002), {}));  // w1 leaves the wire's feed
  commit(*store, poll_at("ngo", day(1395), {in_story("ngo", "n1", "S", day(1395))}));
  // Story T: every item old and gone from its feed.
  commit(*store, poll_at("paper", day(1000), {in_story("paper", "p1", "T", day(1000)), in_story("paper", "p2", "T", day(1000))},
                         {}, {make_alert("a-T", "p1", day(1000), "desk")}));
  REQUIRE(store->mark_delivered("a-T", "250 ok", day(1000)));
  commit(*store, poll_at("paper", day(1002), {}));

  const auto counts = prune_at(*store, day(1400));  // day 1395 is in the 14-day window

  CHECK(counts.items == 2);
  CHECK(counts.clusters == 1);
  CHECK(counts.alerts == 1);
  CHECK(items_named(file, "w1") == 1);
  CHECK(alerts_named(file, "a-S") == 1);
  CHECK(alerts_named(file, "a-T") == 0);
  const auto stories = store->stories({"S"});
  REQUIRE(stories);
  CHECK(stories->at("S").alerted_channels == std::vector<std::string>{"desk"});
  CHECK(stories->at("S").sources == std::vector<std::string>{"wire", "ngo"});
  auto window = store->signatures_since(day(1400) - std::chrono::days(14));
  REQUIRE(window);
  CHECK(window->size() == 1);

  // Once the window has moved past it, the story goes too (n1 stays: its feed still lists it).
  const auto later = prune_at(*store, day(1420));
  CHECK(later.items == 1);
  CHECK(later.alerts == 1);
  CHECK(later.clusters == 0);
  CHECK(items_named(file, "n1") == 1);
}

TEST_CASE("a story counts as removed only when none of its items is left", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, poll_at("wire", day(1000), {in_story("wire", "w1", "S", day(1000))}));
  commit(*store, poll_at("wire", day(1002), {}));
  commit(*store, poll_at("ngo", day(1000), {in_story("ngo", "n1", "S", day(1000))}));  // still listed

  const auto counts = prune_at(*store, day(1400));
  CHECK(counts.items == 1);
  CHECK(counts.clusters == 0);
}

TEST_CASE("pruning goes in batches and says when there is more", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  std::vector<ItemRecord> records;
  for (int i = 0; i < 5; ++i) records.push_back(make_record("wire", "k" + std::to_string(i)));
  commit(*store, poll_at("wire", day(1000), records));
  commit(*store, poll_at("wire", day(1002), {}));

  auto first = store->prune({.before = day(1300), .stories_since = day(1300), .batch = 2});
  REQUIRE(first);
  CHECK(first->items == 2);
  CHECK(first->more);
  CHECK(prune_at(*store, day(1500), 2).items == 3);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == 0);
}

TEST_CASE("retention applies to notices without an item too", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  sql_execute(file,
              "INSERT INTO alerts (id, channel, item_source, item_key, state, created, delivered_at, kind)"
              " VALUES ('notice', 'desk', NULL, NULL, 'delivered', " + std::to_string(1000 * kDay) + ", " +
                  std::to_string(1000 * kDay) + ", 'health')");
  CHECK(prune_at(*store, day(1500)).alerts == 1);
  CHECK(alerts_named(file, "notice") == 0);
}

TEST_CASE("a new store gives freed pages back: compacting after a prune shrinks the file", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  CHECK(sql_integer(file, "PRAGMA auto_vacuum") == 2);  // incremental
  std::vector<ItemRecord> records;
  for (int i = 0; i < 1500; ++i) {
    auto record = make_record("wire", "k" + std::to_string(i));
    record.item.content = std::string(2000, static_cast<char>('a' + i % 26));
    records.push_back(std::move(record));
  }
  commit(*store, poll_at("wire", day(1000), records));
  commit(*store, poll_at("wire", day(1002), {}));
  REQUIRE(store->compact(true));
  const auto full = std::filesystem::file_size(file);

  CHECK(prune_at(*store, day(1500)).items == 1500);
  auto freed = store->compact(true);
  REQUIRE(freed);
  CHECK(*freed > 1500 * 2000);
  CHECK(std::filesystem::file_size(file) < full / 4);
  CHECK(std::filesystem::file_size(file + "-wal") == 0);  // truncated by the checkpoint
}

TEST_CASE("a store made without auto-vacuum is switched to incremental once, keeping its data", "[store][retention]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  {
    auto store = open_store(file);
    commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1")}, {}, {make_alert("alert-1", "a1", day(1000))}));
  }
  sql_execute(file, "PRAGMA auto_vacuum = NONE; VACUUM");  // as stores before housekeeping were
  REQUIRE(sql_integer(file, "PRAGMA auto_vacuum") == 0);

  auto store = open_store(file);

  CHECK(sql_integer(file, "PRAGMA auto_vacuum") == 2);
  CHECK(sql_text(file, "PRAGMA journal_mode") == "wal");
  CHECK(sql_text(file, "PRAGMA integrity_check") == "ok");
  CHECK(items_named(file, "a1") == 1);
  auto due = store->due_alerts(day(1000), 10);
  REQUIRE(due);
  CHECK(ids_of(*due) == std::vector<std::string>{"alert-1"});
}

TEST_CASE("upgrading a store counts every item it has as listed at the upgrade", "[store][retention][schema]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  {
    auto store = open_store(file);
    commit(*store, poll_at("wire", day(1000), {make_record("wire", "a1"), make_record("wire", "a2")}));
  }
  // Back to the schema before the housekeeping step.
  const auto step = sql_integer(file, "SELECT version FROM schema_version WHERE description LIKE 'housekeeping:%'");
  sql_execute(file,
              "DROP INDEX items_by_last_seen; ALTER TABLE items DROP COLUMN last_seen;"
              " ALTER TABLE sources DROP COLUMN listed_at; DELETE FROM schema_version WHERE version >= " +
                  std::to_string(step));
  const auto before_upgrade = now_utc();

  auto store = open_store(file);

  CHECK(sql_integer(file, "SELECT MIN(last_seen) FROM items") >= before_upgrade.time_since_epoch().count());
  CHECK(sql_integer(file, "SELECT listed_at FROM sources") >= before_upgrade.time_since_epoch().count());
  // Years later, without another poll, they are still the source's current document.
  CHECK(prune_at(*store, now_utc() + std::chrono::days(1000)).items == 0);
}
