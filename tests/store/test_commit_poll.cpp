#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

// Everything a failed commit could have left behind for `source`.
void require_untouched(Store& store, const std::string& file, const std::string& source, bool baselined) {
  auto state = store.fetch_state(source);
  REQUIRE(state);
  CHECK(state->baselined == baselined);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items WHERE source = '" + source + "' AND key LIKE 'new-%'") == 0);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM alerts WHERE id LIKE 'new-%'") == 0);
}

}  // namespace

TEST_CASE("commit_poll records the source state, the items and pending alerts together", "[store][commit]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto poll = make_poll("amnesty", {make_record("amnesty", "a1"), make_record("amnesty", "a2")},
                        {make_alert("a1-desk", "a1", at(100)), make_alert("a1-ops", "a1", at(100), "ops")});
  poll.state.last_success = at(100);

  commit(*store, poll);

  auto state = store->fetch_state("amnesty");
  REQUIRE(state);
  CHECK(state->last_success == at(100));
  auto seen = store->seen_items("amnesty", {"a1", "a2"});
  REQUIRE(seen);
  CHECK(seen->size() == 2);
  auto pending = store->list_alerts(AlertState::pending);
  REQUIRE(pending);
  REQUIRE(pending->size() == 2);
  const AlertRow& row = pending->front();
  CHECK(row.alert.id == "a1-desk");
  CHECK(row.alert.channel == "desk");
  CHECK(row.alert.topics == std::vector<std::string>{"landmines"});
  CHECK(row.alert.attempts == 0);
  CHECK(row.alert.created == at(100));
  CHECK(row.next_attempt == at(100));  // due as soon as it exists
  CHECK_FALSE(row.delivered_at);
  CHECK(row.alert.item.title == "Title of a1");
}

TEST_CASE("an alert for an item that is not recorded leaves nothing of the poll behind", "[store][commit]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto store = open_store(file);
  auto poll = make_poll("amnesty", {make_record("amnesty", "new-1")}, {make_alert("new-alert", "missing-key")});

  auto committed = store->commit_poll(poll);

  REQUIRE_FALSE(committed);
  CHECK_THAT(committed.error().message, Catch::StartsWith("store: commit_poll: "));
  CHECK_THAT(committed.error().message, Catch::Contains("FOREIGN KEY"));
  require_untouched(*store, file, "amnesty", false);
  auto sources = store->list_sources();
  REQUIRE(sources);
  CHECK(sources->empty());
}

TEST_CASE("a duplicate alert id in one poll leaves the earlier state as it was", "[store][commit]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto store = open_store(file);
  auto earlier = make_poll("amnesty", {make_record("amnesty", "old-1")});
  earlier.state.baselined = false;
  earlier.state.etag = "\"v0\"";
  commit(*store, earlier);

  auto poll = make_poll("amnesty", {make_record("amnesty", "new-1"), make_record("amnesty", "old-1", "changed")},
                        {make_alert("new-alert", "new-1"), make_alert("new-alert", "new-1")});
  auto committed = store->commit_poll(poll);

  REQUIRE_FALSE(committed);
  CHECK_THAT(committed.error().message, Catch::Contains("UNIQUE constraint failed: alerts.id"));
  require_untouched(*store, file, "amnesty", false);
  CHECK(store->fetch_state("amnesty").value().etag == "\"v0\"");
  CHECK(store->seen_items("amnesty", {"old-1"}).value().at("old-1").fingerprint == "fp");
}

TEST_CASE("an alert id used by an earlier poll is refused with the whole new poll", "[store][commit]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1")}, {make_alert("story-desk", "a1")}));

  auto again = store->commit_poll(
      make_poll("hrw", {make_record("hrw", "new-1")}, {make_alert("story-desk", "new-1")}));

  REQUIRE_FALSE(again);
  require_untouched(*store, file, "hrw", false);
  auto alerts = store->list_alerts(std::nullopt);
  REQUIRE(alerts);
  REQUIRE(alerts->size() == 1);
  CHECK(alerts->front().alert.item.source == "amnesty");
}

TEST_CASE("an item that names another source is refused", "[store][commit]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto store = open_store(file);

  auto committed = store->commit_poll(make_poll("amnesty", {make_record("hrw", "new-1")}));

  REQUIRE_FALSE(committed);
  CHECK_THAT(committed.error().message, Catch::Contains("belongs to source \"hrw\""));
  require_untouched(*store, file, "amnesty", false);
}

TEST_CASE("the store keeps working after a failed commit", "[store][commit]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  REQUIRE_FALSE(store->commit_poll(make_poll("amnesty", {make_record("amnesty", "a1")}, {make_alert("x", "nope")})));

  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1")}, {make_alert("x", "a1")}));

  auto due = store->due_alerts(at(1000), 10);
  REQUIRE(due);
  CHECK(ids_of(*due) == std::vector<std::string>{"x"});
}

TEST_CASE("an item can alert later on a new topic under a new alert id", "[store][commit]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1", "fp-1", {"landmines"})},
                           {make_alert("a1-landmines-desk", "a1", at(100))}));

  auto later = make_alert("a1-ukraine-desk", "a1", at(200));
  later.topics = {"ukraine"};
  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1", "fp-2", {"landmines", "ukraine"})}, {later}));

  auto due = store->due_alerts(at(300), 10);
  REQUIRE(due);
  CHECK(ids_of(*due) == std::vector<std::string>{"a1-landmines-desk", "a1-ukraine-desk"});
  CHECK(due->back().topics == std::vector<std::string>{"ukraine"});
}
