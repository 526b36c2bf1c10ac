// Stories in the store: clusters of items, what channels had each, the signatures of the dedup
// window, match explanations and "also reported by" on alerts.
#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

ItemRecord in_story(const std::string& source, const std::string& key, const std::string& cluster,
                    Timestamp first_seen, std::string signature = "sig") {
  ItemRecord record = make_record(source, key, "fp-" + key, {"landmines"}, first_seen);
  record.cluster = cluster;
  record.story_at = first_seen;
  record.signature = std::move(signature);
  return record;
}

}  // namespace

TEST_CASE("a story knows its sources in order and the channels that had it", "[store][stories]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  commit(*store, make_poll("wire", {in_story("wire", "w1", "S", at(100))}, {make_alert("a1", "w1", at(100), "desk")}));
  commit(*store, make_poll("ngo", {in_story("ngo", "n1", "S", at(200))}));
  commit(*store, make_poll("paper", {in_story("paper", "p1", "T", at(300))}, {make_alert("a2", "p1", at(300), "ops")}));

  auto stories = store->stories({"S", "T", "unknown"});
  REQUIRE(stories);
  CHECK(stories->at("S").sources == std::vector<std::string>{"wire", "ngo"});
  CHECK(stories->at("S").alerted_channels == std::vector<std::string>{"desk"});
  CHECK(stories->at("T").alerted_channels == std::vector<std::string>{"ops"});
  CHECK(stories->at("unknown").sources.empty());

  // A dead alert did not reach its channel: the story may still alert there.
  REQUIRE(store->mark_dead("a1", "550 no"));
  CHECK(store->stories({"S"})->at("S").alerted_channels.empty());
}

TEST_CASE("an item keeps its story when its text changes", "[store][stories]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  commit(*store, make_poll("wire", {in_story("wire", "w1", "S", at(100))}));
  auto changed = in_story("wire", "w1", "OTHER", at(500), "sig2");
  changed.fingerprint = "fp-changed";
  commit(*store, make_poll("wire", {changed}));
  CHECK(sql_text(file, "SELECT cluster FROM items WHERE key = 'w1'") == "S");
  CHECK(sql_integer(file, "SELECT story_at FROM items WHERE key = 'w1'") == 100);
  CHECK(sql_text(file, "SELECT signature FROM items WHERE key = 'w1'") == "sig2");
}

TEST_CASE("the signatures of the window come back oldest first, binary intact", "[store][stories]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  const std::string binary("\x00\x01\xff\x1f", 4);
  commit(*store, make_poll("wire", {in_story("wire", "w2", "S2", at(300), binary), in_story("wire", "w1", "S1", at(100)),
                                    in_story("wire", "w0", "S0", at(10))}));
  auto since = store->signatures_since(at(50));
  REQUIRE(since);
  REQUIRE(since->size() == 2);
  CHECK((*since)[0].cluster == "S1");
  CHECK((*since)[0].at == at(100));
  CHECK((*since)[1].signature == binary);
}

TEST_CASE("an alert carries its explanations, and the story's other sources known when it is read",
          "[store][stories]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto alert = make_alert("a1", "w1", at(100), "desk");
  alert.matches = {Match{.topic = "landmines", .terms = {"landmine"}, .score = 3.5, .snippet = "a landmine",
                         .highlights = {{2, 10}}}};
  alert.also = {"agency"};
  commit(*store, make_poll("wire", {in_story("wire", "w1", "S", at(100))}, {alert}));
  commit(*store, make_poll("ngo", {in_story("ngo", "n1", "S", at(200))}));
  commit(*store, make_poll("agency", {in_story("agency", "x1", "S", at(300))}));

  auto due = store->due_alerts(at(1000), 10);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  const Alert& got = due->front();
  REQUIRE(got.matches.size() == 1);
  CHECK(got.matches[0].score == 3.5);
  CHECK(got.matches[0].snippet == "a landmine");
  CHECK(got.matches[0].highlights == std::vector<Highlight>{{2, 10}});
  CHECK(got.also == std::vector<std::string>{"agency", "ngo"});  // recorded first, then found since
  CHECK_FALSE(got.update);
}
