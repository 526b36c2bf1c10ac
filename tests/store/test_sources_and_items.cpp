#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

TEST_CASE("a source never polled has a default fetch state", "[store][sources]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));

  auto state = store->fetch_state("never-polled");

  REQUIRE(state);
  CHECK(state->etag.empty());
  CHECK_FALSE(state->baselined);
  CHECK(state->consecutive_failures == 0);
  CHECK_FALSE(state->last_success);
  CHECK_FALSE(state->next_poll);
}

TEST_CASE("save_fetch_state replaces every field of a source's state", "[store][sources]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  FetchState first;
  first.etag = "\"abc\"";
  first.last_modified = "Tue, 19 Nov 2024 08:00:00 GMT";
  first.baselined = true;
  first.last_success = at(100);
  first.next_poll = at(700);
  REQUIRE(store->save_fetch_state("amnesty", first));

  FetchState failing = first;
  failing.consecutive_failures = 3;
  failing.last_error = "fetch: timeout after 30s";
  failing.next_poll = std::nullopt;
  REQUIRE(store->save_fetch_state("amnesty", failing));

  auto state = store->fetch_state("amnesty");
  REQUIRE(state);
  CHECK(state->etag == "\"abc\"");
  CHECK(state->last_modified == "Tue, 19 Nov 2024 08:00:00 GMT");
  CHECK(state->baselined);
  CHECK(state->consecutive_failures == 3);
  CHECK(state->last_error == "fetch: timeout after 30s");
  CHECK(state->last_success == at(100));
  CHECK_FALSE(state->next_poll);
}

TEST_CASE("list_sources lists every source by name with its state", "[store][sources]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  FetchState broken;
  broken.consecutive_failures = 2;
  broken.last_error = "HTTP 503";
  REQUIRE(store->save_fetch_state("zeta", broken));
  commit(*store, make_poll("alpha", {make_record("alpha", "a1")}));

  auto sources = store->list_sources();

  REQUIRE(sources);
  REQUIRE(sources->size() == 2);
  CHECK(sources->at(0).name == "alpha");
  CHECK(sources->at(0).state.baselined);
  CHECK(sources->at(1).name == "zeta");
  CHECK(sources->at(1).state.consecutive_failures == 2);
  CHECK(sources->at(1).state.last_error == "HTTP 503");
}

TEST_CASE("seen_items returns fingerprints and topics for known keys of that source only", "[store][items]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1", "fp-1", {"landmines"}),
                                       make_record("amnesty", "a2", "fp-2", {})}));
  commit(*store, make_poll("hrw", {make_record("hrw", "h1", "fp-h1")}));

  auto seen = store->seen_items("amnesty", {"a1", "a2", "h1", "never"});

  REQUIRE(seen);
  CHECK(seen->size() == 2);
  CHECK(seen->at("a1").fingerprint == "fp-1");
  CHECK(seen->at("a1").topics == std::vector<std::string>{"landmines"});
  CHECK(seen->at("a2").fingerprint == "fp-2");
  CHECK(seen->at("a2").topics.empty());
  CHECK(seen->count("h1") == 0);  // another source's key
  auto none = store->seen_items("amnesty", {});
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("known_links finds canonical links recorded by any source", "[store][items]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto amnesty = make_record("amnesty", "a1");
  amnesty.canonical_link = "https://news.example/story";
  auto hrw = make_record("hrw", "h1");
  hrw.canonical_link = "https://other.example/report";
  auto linkless = make_record("hrw", "h2");
  linkless.canonical_link = "";
  commit(*store, make_poll("amnesty", {amnesty}));
  commit(*store, make_poll("hrw", {hrw, linkless}));

  auto known = store->known_links(
      {"https://news.example/story", "https://other.example/report", "https://unknown.example/", ""});

  REQUIRE(known);
  CHECK(*known == std::unordered_set<std::string>{"https://news.example/story", "https://other.example/report"});
}

TEST_CASE("a changed item is updated in place and keeps its first sighting", "[store][items]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, make_poll("amnesty", {make_record("amnesty", "a1", "fp-old", {"landmines"}, at(1000))}));

  auto changed = make_record("amnesty", "a1", "fp-new", {"landmines", "ukraine"}, at(5000));
  changed.item.title = "Updated title";
  commit(*store, make_poll("amnesty", {changed}));

  auto seen = store->seen_items("amnesty", {"a1"});
  REQUIRE(seen);
  CHECK(seen->at("a1").fingerprint == "fp-new");
  CHECK(seen->at("a1").topics == std::vector<std::string>{"landmines", "ukraine"});
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == 1);
  CHECK(sql_integer(file, "SELECT first_seen FROM items WHERE key = 'a1'") == 1000);
  CHECK(sql_text(file, "SELECT title FROM items WHERE key = 'a1'") == "Updated title");
}

TEST_CASE("every field of an item comes back with its alert", "[store][items]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto record = make_record("kyiv", "k1");
  record.item.id = "urn:uuid:6f1c";
  record.item.title = "Україна: «міни» — 100 % cleared";
  record.item.link = "https://kyiv.example/статті/1";
  record.item.published = at(1700000000);
  record.item.updated = std::nullopt;
  record.item.summary = "<p>Short</p>";
  record.item.content = "<p>Long text with a NUL-free \"quote\" and 'apostrophe'</p>";
  record.item.authors = {"Олена", "Jean-Luc"};
  record.item.lang = "uk";
  commit(*store, make_poll("kyiv", {record}, {make_alert("k1-desk", "k1")}));

  auto due = store->due_alerts(at(1000), 1);

  REQUIRE(due);
  REQUIRE(due->size() == 1);
  const Item& item = due->front().item;
  CHECK(item.id == "urn:uuid:6f1c");
  CHECK(item.source == "kyiv");
  CHECK(item.title == record.item.title);
  CHECK(item.link == record.item.link);
  CHECK(item.published == at(1700000000));
  CHECK_FALSE(item.updated);
  CHECK(item.summary == record.item.summary);
  CHECK(item.content == record.item.content);
  CHECK(item.authors == record.item.authors);
  CHECK(item.lang == "uk");
}

TEST_CASE("topics and authors that are not valid UTF-8 are stored, not refused", "[store][items]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto record = make_record("hostile", "x1", "fp", {"ok"});
  record.item.authors = {std::string("bad \xff\xfe byte")};

  commit(*store, make_poll("hostile", {record}, {make_alert("x1-desk", "x1")}));

  auto due = store->due_alerts(at(1000), 1);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  REQUIRE(due->front().item.authors.size() == 1);
  CHECK_THAT(due->front().item.authors.front(), Catch::StartsWith("bad "));
}
