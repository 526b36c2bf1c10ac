// Schema version 2: source health and polite scheduling survive restarts, and a version 1
// database upgrades in place without losing its state.
#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;
using namespace std::chrono_literals;

namespace {

FetchState full_health() {
  FetchState state;
  state.etag = "\"v7\"";
  state.baselined = true;
  state.consecutive_failures = 2;
  state.last_error = "HTTP 429 Too Many Requests (Retry-After 2m)";
  state.last_error_at = at(5000);
  state.last_success = at(4000);
  state.last_new_item = at(3000);
  state.next_poll = at(5120);
  state.retry_after_until = at(5120);
  state.permanent_url = "https://moved.example.org/feed";
  state.interval = 900s;
  state.feed_ttl = 1800s;
  state.publishing_interval = 3600s;
  state.discovered_feed = "https://ngo.example/feed.xml";
  state.discovered_from = "https://ngo.example/";
  return state;
}

void check_same_health(const FetchState& got, const FetchState& want) {
  CHECK(got.consecutive_failures == want.consecutive_failures);
  CHECK(got.last_error == want.last_error);
  CHECK(got.last_error_at == want.last_error_at);
  CHECK(got.last_success == want.last_success);
  CHECK(got.last_new_item == want.last_new_item);
  CHECK(got.next_poll == want.next_poll);
  CHECK(got.retry_after_until == want.retry_after_until);
  CHECK(got.gone == want.gone);
  CHECK(got.permanent_url == want.permanent_url);
  CHECK(got.interval == want.interval);
  CHECK(got.feed_ttl == want.feed_ttl);
  CHECK(got.publishing_interval == want.publishing_interval);
  CHECK(got.discovered_feed == want.discovered_feed);
  CHECK(got.discovered_from == want.discovered_from);
}

}  // namespace

TEST_CASE("the schema is at version 8", "[store][schema]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  open_store(file);
  CHECK(sql_integer(file, "SELECT MAX(version) FROM schema_version") == 8);
}

TEST_CASE("every health field of a source survives a restart", "[store][sources][health]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  const auto want = full_health();
  REQUIRE(open_store(file)->save_fetch_state("wire", want));

  auto store = open_store(file);
  auto got = store->fetch_state("wire");
  REQUIRE(got);
  check_same_health(*got, want);
  auto listed = store->list_sources();
  REQUIRE(listed);
  REQUIRE(listed->size() == 1);
  check_same_health(listed->front().state, want);
}

TEST_CASE("clearing health fields stores NULLs, and a gone source stays gone", "[store][sources][health]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  REQUIRE(store->save_fetch_state("wire", full_health()));
  FetchState gone;
  gone.gone = true;
  gone.consecutive_failures = 1;
  gone.last_error = "HTTP 410 Gone";
  REQUIRE(store->save_fetch_state("wire", gone));
  auto got = store->fetch_state("wire");
  REQUIRE(got);
  check_same_health(*got, gone);
  CHECK_FALSE(got->interval);
  CHECK_FALSE(got->next_poll);
}

TEST_CASE("health is part of the poll's transaction", "[store][sources][health]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto poll = make_poll("wire", {make_record("wire", "w1")});
  poll.state.last_new_item = at(777);
  poll.state.interval = 600s;
  commit(*store, poll);
  auto got = store->fetch_state("wire");
  REQUIRE(got);
  CHECK(got->last_new_item == at(777));
  CHECK(got->interval == 600s);
}

TEST_CASE("a version 1 database migrates to the latest keeping every source's state", "[store][schema]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  open_store(file);
  // Back to what version 1 created: the source columns it had, one recorded source.
  for (const char* index : {"items_by_first_seen", "items_by_cluster", "items_by_story_at", "items_by_last_seen"})
    sql_execute(file, std::string("DROP INDEX ") + index);
  for (const char* column : {"cluster", "story_at", "signature", "last_seen"})
    sql_execute(file, std::string("ALTER TABLE items DROP COLUMN ") + column);
  sql_execute(file, "DROP TABLE alerts; DROP TABLE source_health");
  sql_execute(file,
              "CREATE TABLE alerts (id TEXT PRIMARY KEY, channel TEXT NOT NULL, item_source TEXT NOT NULL,"
              " item_key TEXT NOT NULL, topics TEXT NOT NULL DEFAULT '[]', state TEXT NOT NULL CHECK (state IN"
              " ('pending', 'retrying', 'delivered', 'dead')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER,"
              " created INTEGER NOT NULL, delivered_at INTEGER, last_reply TEXT NOT NULL DEFAULT '',"
              " FOREIGN KEY (item_source, item_key) REFERENCES items(source, key)) STRICT;"
              "CREATE INDEX alerts_by_due ON alerts(state, next_attempt);"
              "CREATE INDEX alerts_by_item ON alerts(item_source, item_key)");
  sql_execute(file, "DELETE FROM schema_version WHERE version >= 3");
  for (const char* column : {"last_error_at", "last_new_item", "retry_after_until", "gone", "permanent_url",
                             "interval_seconds", "feed_ttl_seconds", "publishing_interval_seconds",
                             "discovered_feed", "discovered_from", "listed_at"})
    sql_execute(file, std::string("ALTER TABLE sources DROP COLUMN ") + column);
  sql_execute(file, "DELETE FROM schema_version WHERE version = 2");
  sql_execute(file,
              "INSERT INTO sources (name, etag, last_modified, baselined, consecutive_failures, last_error,"
              " last_success, next_poll) VALUES ('old', '\"e1\"', 'Tue, 19 Nov 2024 08:00:00 GMT', 1, 3,"
              " 'HTTP 503', 100, 700)");

  auto store = open_store(file);

  CHECK(sql_integer(file, "SELECT MAX(version) FROM schema_version") == 8);
  auto state = store->fetch_state("old");
  REQUIRE(state);
  CHECK(state->etag == "\"e1\"");
  CHECK(state->baselined);
  CHECK(state->consecutive_failures == 3);
  CHECK(state->last_error == "HTTP 503");
  CHECK(state->last_success == at(100));
  CHECK(state->next_poll == at(700));
  CHECK_FALSE(state->last_new_item);
  CHECK_FALSE(state->gone);
  CHECK(state->permanent_url.empty());
  CHECK_FALSE(state->interval);
}
