// The whole pipeline through the real binary: after a baseline poll, new matching items in an
// RSS 2.0, an RSS 1.0 and an Atom feed produce exactly one email and one webhook each, with the
// right content; other items produce none; a restart re-sends nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

const std::vector<FeedEntry> kRssBefore = {
    {"fw-1", "Coalition repeats its landmine clearance appeal", "Old news at the first poll.", "/s/1"},
    {"fw-2", "Volunteer day in the park", "Bring gloves.", "/s/2"},
};
const FeedEntry kRssNewMatch = {"fw-3", "Coalition condemns new landmine use near the border",
                                "Witnesses reported fresh devices on a farm track.", "/s/3"};
const FeedEntry kRssNewOther = {"fw-4", "Bake sale raises funds for the clinic", "Cakes sold out by noon.", "/s/4"};

const std::vector<FeedEntry> kRdfBefore = {{"min-1", "Library opening hours", "Weekend hours proposed.", "/n/1"}};
const FeedEntry kRdfNewMatch = {"min-2", "Minister in Kyiv for anti-personnel mine talks",
                                "Talks cover stockpile destruction.", "/n/2"};
const FeedEntry kRdfNewOther = {"min-3", "Road works on route 9", "Expect delays.", "/n/3"};

const std::vector<FeedEntry> kAtomBefore = {{"w-1", "Orchestra announces spring season", "Five premieres.", "/w/1"}};
const FeedEntry kAtomNewMatch = {"w-2", "Україна отримала нові генератори", "Гуманітарна допомога прибула.", "/w/2"};
const FeedEntry kAtomNewOther = {"w-3", "Harbour festival dates set", "Boats and music.", "/w/3"};

template <typename T>
std::vector<T> with(std::vector<T> base, std::initializer_list<T> extra) {
  base.insert(base.begin(), extra);
  return base;
}

const nlohmann::json* find_by(const std::vector<nlohmann::json>& list, const char* field, const std::string& text) {
  for (const auto& j : list)
    if (j.contains(field) && j[field].is_string() && j[field].get<std::string>().find(text) != std::string::npos)
      return &j;
  return nullptr;
}

std::size_t count_containing(const std::vector<nlohmann::json>& list, const char* field, const std::string& text) {
  return static_cast<std::size_t>(std::count_if(list.begin(), list.end(), [&](const nlohmann::json& j) {
    return j.contains(field) && j[field].is_string() && j[field].get<std::string>().find(text) != std::string::npos;
  }));
}

}  // namespace

TEST_CASE("new matching items alert once by email and webhook, and a restart re-sends nothing",
          "[integration][e2e]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  w.write_feed("fieldwatch.xml", FeedFormat::rss2, kRssBefore);
  w.write_feed("ministry.rdf", FeedFormat::rdf, kRdfBefore);
  w.write_feed("wire.atom", FeedFormat::atom, kAtomBefore);
  const auto config = w.write_config({{"fieldwatch", "fieldwatch.xml"}, {"ministry", "ministry.rdf"},
                                      {"wire", "wire.atom"}},
                                     /*baseline=*/true);

  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.log_count("(baseline)") == 3; }));
  // Unchanged feeds are answered 304 to the stored ETag: conditional GET end to end.
  REQUIRE(w.eventually([&] {
    return w.log_count("source fieldwatch: not modified") >= 1 && w.log_count("source ministry: not modified") >= 1 &&
           w.log_count("source wire: not modified") >= 1;
  }));

  w.write_feed("fieldwatch.xml", FeedFormat::rss2, with(kRssBefore, {kRssNewMatch, kRssNewOther}));
  w.write_feed("ministry.rdf", FeedFormat::rdf, with(kRdfBefore, {kRdfNewMatch, kRdfNewOther}));
  w.write_feed("wire.atom", FeedFormat::atom, with(kAtomBefore, {kAtomNewMatch, kAtomNewOther}));

  REQUIRE(w.eventually([&] { return w.mails().size() >= 3 && w.hooks().size() >= 3; }));
  std::this_thread::sleep_for(3s);  // three more poll intervals: nothing else may arrive
  auto mails = w.mails();
  auto hooks = w.hooks();
  CHECK(mails.size() == 3);
  CHECK(hooks.size() == 3);

  for (const auto* title : {&kRssNewMatch.title, &kRdfNewMatch.title, &kAtomNewMatch.title}) {
    INFO("title: " << *title);
    CHECK(count_containing(mails, "subject", *title) == 1);
    CHECK(count_containing(hooks, "body", *title) == 1);
  }
  for (const auto* title : {&kRssNewOther.title, &kRdfNewOther.title, &kAtomNewOther.title, &kRssBefore[0].title}) {
    INFO("title: " << *title);
    CHECK(count_containing(mails, "subject", *title) == 0);
    CHECK(count_containing(hooks, "body", *title) == 0);
  }

  // The email carries title, source, link and summary in both parts.
  const auto* mail = find_by(mails, "subject", kRssNewMatch.title);
  REQUIRE(mail);
  CHECK((*mail)["subject"].get<std::string>().find("landmines") != std::string::npos);
  for (const char* part : {"text", "html"}) {
    const auto body = (*mail)[part].get<std::string>();
    CHECK(body.find(kRssNewMatch.title) != std::string::npos);
    CHECK(body.find("https://fieldwatch.example.org/s/3") != std::string::npos);
    CHECK(body.find(kRssNewMatch.summary) != std::string::npos);
    CHECK(body.find("fieldwatch") != std::string::npos);
  }
  CHECK((*mail)["rcpt_tos"] == nlohmann::json::array({"desk@vigil.test"}));

  // One item matching two topics routed to one channel: one alert listing both topics.
  const auto* both = find_by(mails, "subject", kRdfNewMatch.title);
  REQUIRE(both);
  CHECK((*both)["subject"].get<std::string>().find("landmines") != std::string::npos);
  CHECK((*both)["subject"].get<std::string>().find("ukraine") != std::string::npos);

  // The webhook body has the documented shape; its id is the email's Message-ID.
  const auto* hook = find_by(hooks, "body", kRdfNewMatch.title);
  REQUIRE(hook);
  const auto& body = (*hook)["json"];
  CHECK(body["title"] == kRdfNewMatch.title);
  CHECK(body["url"] == "https://ministry.example.org/n/2");
  CHECK(body["source"] == "ministry");
  CHECK(body["topics"] == nlohmann::json::array({"landmines", "ukraine"}));
  CHECK(body["summary"].get<std::string>().find("stockpile") != std::string::npos);
  CHECK(body["published"].is_string());
  CHECK((*hook)["headers"]["webhook-id"] == body["id"]);

  CHECK((*hook)["path"] == "/hook/desk");

  // Atom's relative link was resolved against the feed's URL.
  const auto* atom = find_by(hooks, "body", kAtomNewMatch.title);
  REQUIRE(atom);
  CHECK((*atom)["json"]["url"] == "http://127.0.0.1:" + std::to_string(w.http_port) + "/w/2");

  // SIGTERM stops cleanly and quickly; a restart sends nothing again.
  CHECK(w.stop_vigil(5s) == 0);
  const auto polls_before = w.log_count("source wire:");
  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.log_count("source wire:") >= polls_before + 3 ||
                                    w.log_count("vigil running") >= 2; }));
  std::this_thread::sleep_for(3s);
  CHECK(w.mails().size() == 3);
  CHECK(w.hooks().size() == 3);
  CHECK(w.stop_vigil(5s) == 0);

  // `vigil alerts` lists six delivered alerts; their ids are the Message-IDs and webhook-ids sent.
  auto listed = w.run_cli({"alerts", "--json", "-c", config});
  auto alerts = nlohmann::json::parse(listed);
  REQUIRE(alerts.size() == 6);
  std::set<std::string> sent;
  for (const auto& m : mails) sent.insert(m["message_id"].get<std::string>());
  for (const auto& h : hooks) sent.insert(h["headers"]["webhook-id"].get<std::string>());
  for (const auto& a : alerts) {
    CHECK(a["state"] == "delivered");
    const auto id = a["id"].get<std::string>();
    CHECK(sent.contains(a["channel"] == "mail" ? "<" + id + "@vigil.test>" : id));
  }
}
