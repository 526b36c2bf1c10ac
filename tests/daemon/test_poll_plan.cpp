// The semantics users rely on, decided by plan_poll: baseline, max_age, one alert per item and
// channel listing its topics, re-alerting only for new topics, exact duplicates.
#include <catch2/catch.hpp>

#include <set>

#include "daemon/poll_plan.hpp"

using namespace vigil;
using namespace std::chrono_literals;

namespace {

const Timestamp kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 12h;

Item item(std::string id, std::string title, std::string link = {}) {
  Item i;
  i.id = std::move(id);
  i.source = "ngo";
  i.title = std::move(title);
  i.link = link.empty() ? "https://ngo.example.org/" + i.id : std::move(link);
  i.published = kNow - 1h;
  return i;
}

struct Fixture {
  SourceSpec source{.name = "ngo", .url = "https://ngo.example.org/feed", .interval = 600s, .baseline = true,
                    .max_age = std::chrono::days(7)};
  std::unordered_map<std::string, store::SeenItem> seen;
  std::unordered_set<std::string> known_links;
  daemon::Routing routing{{"landmines", {"desk", "ops"}}, {"ukraine", {"desk"}}};
  topics::Matcher matcher = *topics::Matcher::compile({
      {.name = "landmines", .query = R"(landmine OR "anti-personnel mine")", .notify = {"desk", "ops"}},
      {.name = "ukraine", .query = "Ukraine OR Kyiv", .notify = {"desk"}},
  });

  std::unordered_map<std::string, daemon::StoryVerdict> stories;
  std::unordered_map<std::string, daemon::DuplicatesMode> duplicates;

  daemon::PollPlan plan(std::vector<Item> items, bool first_poll = false) {
    daemon::PollInput in{.source = &source, .first_poll = first_poll, .now = kNow, .seen = &seen,
                         .known_links = &known_links, .stories = &stories, .duplicates = &duplicates};
    return daemon::plan_poll(daemon::prepare_candidates(std::move(items)), in, matcher, routing);
  }
};

std::set<std::string> channels_of(const daemon::PollPlan& plan) {
  std::set<std::string> out;
  for (const auto& a : plan.alerts) out.insert(a.channel);
  return out;
}

}  // namespace

TEST_CASE("the first poll of a source is a baseline: items are recorded, nothing alerts", "[daemon][plan]") {
  Fixture f;
  auto plan = f.plan({item("1", "Landmine clearance resumes"), item("2", "Choir concert")}, /*first_poll=*/true);
  CHECK(plan.records.size() == 2);
  CHECK(plan.alerts.empty());
  CHECK(plan.records[0].topics == std::vector<std::string>{"landmines"});
}

TEST_CASE("baseline = false alerts on the first poll", "[daemon][plan]") {
  Fixture f;
  f.source.baseline = false;
  auto plan = f.plan({item("1", "Landmine clearance resumes")}, /*first_poll=*/true);
  CHECK(channels_of(plan) == std::set<std::string>{"desk", "ops"});
}

TEST_CASE("an item matching two topics routed to one channel is one alert listing both", "[daemon][plan]") {
  Fixture f;
  auto plan = f.plan({item("1", "Landmine survey in Ukraine"), item("2", "Library hours")});
  REQUIRE(plan.alerts.size() == 2);  // desk (both topics) and ops (landmines only)
  for (const auto& a : plan.alerts) {
    CHECK(a.item_key == "1");
    if (a.channel == "desk") CHECK(a.topics == std::vector<std::string>{"landmines", "ukraine"});
    else CHECK(a.topics == std::vector<std::string>{"landmines"});
  }
  CHECK(plan.records.size() == 2);
  CHECK(plan.matched == 1);
}

TEST_CASE("an item seen before with the same text is neither recorded nor alerted again", "[daemon][plan]") {
  Fixture f;
  auto first = f.plan({item("1", "Landmine survey")});
  REQUIRE(first.alerts.size() == 2);
  f.seen["1"] = {first.records[0].fingerprint, first.records[0].topics};
  auto again = f.plan({item("1", "Landmine survey")});
  CHECK(again.records.empty());
  CHECK(again.alerts.empty());
  CHECK(again.unchanged == 1);
}

TEST_CASE("an item whose text changes alerts only for topics it did not match before", "[daemon][plan]") {
  Fixture f;
  f.seen["1"] = {"old-fingerprint", {"landmines"}};
  auto plan = f.plan({item("1", "Landmine survey extended to Kyiv region")});
  REQUIRE(plan.alerts.size() == 1);
  CHECK(plan.alerts[0].channel == "desk");
  CHECK(plan.alerts[0].topics == std::vector<std::string>{"ukraine"});
  REQUIRE(plan.records.size() == 1);
  CHECK(plan.records[0].topics == std::vector<std::string>{"landmines", "ukraine"});

  f.seen["1"] = {"older", {"landmines", "ukraine"}};
  auto edit = f.plan({item("1", "Landmine survey extended to Kyiv region (corrected)")});
  CHECK(edit.records.size() == 1);  // the new text is recorded
  CHECK(edit.alerts.empty());
}

TEST_CASE("items older than max_age are recorded without alerting; max_age 0 turns the limit off",
          "[daemon][plan]") {
  Fixture f;
  auto old = item("1", "Landmine survey");
  old.published = kNow - std::chrono::days(8);
  auto plan = f.plan({old});
  CHECK(plan.records.size() == 1);
  CHECK(plan.alerts.empty());

  f.source.max_age = 0s;
  CHECK(f.plan({old}).alerts.size() == 2);
}

TEST_CASE("an item without a date counts as published now", "[daemon][plan]") {
  Fixture f;
  auto undated = item("1", "Landmine survey");
  undated.published.reset();
  CHECK(f.plan({undated}).alerts.size() == 2);
}

TEST_CASE("a new item whose link is already known, or repeated in the same poll, does not alert again",
          "[daemon][plan]") {
  Fixture f;
  f.known_links.insert("https://ngo.example.org/statements/7");
  auto plan = f.plan({item("a", "Landmine survey", "https://www.ngo.example.org/statements/7?utm_source=x"),
                      item("b", "Kyiv talks", "https://ngo.example.org/statements/9"),
                      item("c", "Kyiv talks again", "http://ngo.example.org/statements/9#top")});
  REQUIRE(plan.alerts.size() == 1);
  CHECK(plan.alerts[0].item_key == "b");
  CHECK(plan.records.size() == 3);
}

TEST_CASE("repeated ids in one document are read once; an item without id is keyed by its link",
          "[daemon][plan]") {
  auto candidates = daemon::prepare_candidates(
      {item("1", "first"), item("1", "repeat"), item("", "no id", "https://NGO.example.org/x")});
  REQUIRE(candidates.size() == 2);
  CHECK(candidates[0].item.title == "first");
  CHECK(candidates[1].key == candidates[1].canonical_link);
  CHECK_FALSE(candidates[1].key.empty());
}

TEST_CASE("alert ids are unique and shaped like UUIDs", "[daemon][plan]") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    auto id = daemon::new_alert_id();
    CHECK(id.size() == 36);
    CHECK(id[14] == '4');
    ids.insert(id);
  }
  CHECK(ids.size() == 1000);
}

TEST_CASE("an item of a story a channel had does not alert that channel again", "[daemon][plan][dedup]") {
  Fixture f;
  f.stories["1"] = {.cluster = "wire\x1f" "77", .joined = true, .known = {.alerted_channels = {"desk"}, .sources = {"wire"}}};
  auto plan = f.plan({item("1", "Landmine survey")});
  REQUIRE(plan.alerts.size() == 1);  // ops never had the story
  CHECK(plan.alerts[0].channel == "ops");
  CHECK(plan.alerts[0].also == std::vector<std::string>{"wire"});
  CHECK_FALSE(plan.alerts[0].update);
  REQUIRE(plan.records.size() == 1);
  CHECK(plan.records[0].cluster == "wire\x1f" "77");  // it joins the story
}

TEST_CASE("duplicates = update sends one update per new source of a story", "[daemon][plan][dedup]") {
  Fixture f;
  f.duplicates["desk"] = daemon::DuplicatesMode::update;
  f.stories["1"] = {.cluster = "wire\x1f" "77", .joined = true,
                    .known = {.alerted_channels = {"desk", "ops"}, .sources = {"wire", "agency"}}};
  auto plan = f.plan({item("1", "Landmine survey")});
  REQUIRE(plan.alerts.size() == 1);
  CHECK(plan.alerts[0].channel == "desk");
  CHECK(plan.alerts[0].update);
  CHECK(plan.alerts[0].also == std::vector<std::string>{"wire", "agency"});

  // A source already known to carry the story is no news.
  f.stories["1"].known.sources.push_back("ngo");
  CHECK(f.plan({item("1", "Landmine survey")}).alerts.empty());
}

TEST_CASE("a new story alerts, and a second item of it in the same poll does not", "[daemon][plan][dedup]") {
  Fixture f;
  f.stories["1"] = {.cluster = daemon::story_id("ngo", "1"), .joined = false, .known = {}};
  f.stories["2"] = {.cluster = daemon::story_id("ngo", "1"), .joined = true, .known = {}};
  auto plan = f.plan({item("1", "Landmine survey"), item("2", "Landmine survey (copy)")});
  CHECK(plan.alerts.size() == 2);  // desk and ops, for item 1 only
  for (const auto& a : plan.alerts) CHECK(a.item_key == "1");
  REQUIRE(plan.records.size() == 2);
  CHECK(plan.records[0].cluster == plan.records[1].cluster);
}

TEST_CASE("an item records its story time: published, else first seen", "[daemon][plan][dedup]") {
  Fixture f;
  auto undated = item("2", "Choir");
  undated.published.reset();
  auto plan = f.plan({item("1", "Landmine survey"), undated});
  REQUIRE(plan.records.size() == 2);
  CHECK(plan.records[0].story_at == kNow - 1h);
  CHECK(plan.records[1].story_at == kNow);
  CHECK(plan.records[0].cluster == daemon::story_id("ngo", "1"));  // no verdict: a story of its own
}
