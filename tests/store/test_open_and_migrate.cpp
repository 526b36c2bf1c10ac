#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

TEST_CASE("a fresh open creates the directory, the database and its schema", "[store][schema]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("state/nested/vigil.db");

  auto store = open_store(file);

  CHECK(std::filesystem::exists(file));
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM schema_version") >= 1);
  CHECK(sql_integer(file, "SELECT MIN(version) FROM schema_version") == 1);
  for (const char* table : {"sources", "items", "alerts"})
    CHECK(sql_integer(file, std::string("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
                                table + "'") == 1);
  CHECK(sql_text(file, "PRAGMA journal_mode") == "wal");
}

TEST_CASE("reopening a store keeps items, source state and alerts", "[store][schema]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  {
    auto store = open_store(file);
    auto poll = make_poll("amnesty", {make_record("amnesty", "a1", "fp-a1", {"landmines", "ukraine"})},
                          {make_alert("alert-1", "a1", at(500)), make_alert("alert-2", "a1", at(600), "ops")});
    poll.state.last_modified = "Wed, 20 Nov 2024 14:05:00 GMT";
    poll.state.next_poll = at(2000);
    commit(*store, poll);
    REQUIRE(store->mark_retry("alert-2", "HTTP 503", at(9000)));
  }

  auto store = open_store(file);  // a restart

  auto state = store->fetch_state("amnesty");
  REQUIRE(state);
  CHECK(state->etag == "\"v1\"");
  CHECK(state->last_modified == "Wed, 20 Nov 2024 14:05:00 GMT");
  CHECK(state->next_poll == at(2000));
  auto seen = store->seen_items("amnesty", {"a1"});
  REQUIRE(seen);
  REQUIRE(seen->count("a1") == 1);
  CHECK(seen->at("a1").fingerprint == "fp-a1");
  CHECK(seen->at("a1").topics == std::vector<std::string>{"landmines", "ukraine"});
  auto due = store->due_alerts(at(1000), 10);
  REQUIRE(due);
  CHECK(ids_of(*due) == std::vector<std::string>{"alert-1"});
  auto retrying = store->list_alerts(AlertState::retrying);
  REQUIRE(retrying);
  REQUIRE(retrying->size() == 1);
  CHECK(retrying->front().next_attempt == at(9000));
  CHECK(retrying->front().alert.attempts == 1);
}

TEST_CASE("opening a migrated database again applies no step twice", "[store][schema]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  open_store(file);
  const auto steps = sql_integer(file, "SELECT COUNT(*) FROM schema_version");
  const auto version = sql_integer(file, "SELECT MAX(version) FROM schema_version");
  sql_execute(file, "UPDATE schema_version SET applied_at = 42");

  open_store(file);
  open_store(file);

  CHECK(sql_integer(file, "SELECT COUNT(*) FROM schema_version") == steps);
  CHECK(sql_integer(file, "SELECT MAX(version) FROM schema_version") == version);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM schema_version WHERE applied_at <> 42") == 0);
}

TEST_CASE("a database with a newer schema than this build is refused", "[store][schema]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  open_store(file);
  const auto known = sql_integer(file, "SELECT MAX(version) FROM schema_version");
  sql_execute(file, "INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 0)");

  auto reopened = open_sqlite_store(file);

  REQUIRE_FALSE(reopened);
  CHECK(reopened.error().message ==
        "store: database schema version 999 is newer than this vigil (" + std::to_string(known) + ")");
}

TEST_CASE("a file that is not an SQLite database is an error, not a crash", "[store][schema]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  vigil::test::write_file(file, std::string(4096, 'x'));

  auto store = open_sqlite_store(file);

  REQUIRE_FALSE(store);
  CHECK_THAT(store.error().message, Catch::StartsWith("store: "));
  CHECK_THAT(store.error().message, Catch::Contains("not a database"));
}

TEST_CASE("a state directory that cannot be created is an error naming it", "[store][schema]") {
  vigil::test::TempDir dir;
  vigil::test::write_file(dir.file("occupied"), "a file where a directory should be");

  auto store = open_sqlite_store(dir.file("occupied/vigil.db"));

  REQUIRE_FALSE(store);
  CHECK_THAT(store.error().message, Catch::StartsWith("store: cannot create directory " + dir.file("occupied")));
}

TEST_CASE("every alert state has a printable name", "[store]") {
  CHECK(std::string(to_string(AlertState::pending)) == "pending");
  CHECK(std::string(to_string(AlertState::retrying)) == "retrying");
  CHECK(std::string(to_string(AlertState::delivered)) == "delivered");
  CHECK(std::string(to_string(AlertState::dead)) == "dead");
}
