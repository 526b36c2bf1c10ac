// One story carried by three feeds (other URLs, small edits) is one alert per channel, listing
// the other two sources; a different story on the same topic still alerts.
#include <catch2/catch.hpp>

#include <set>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

const std::string kStory =
    "Deminers from the regional emergency service cleared forty anti-personnel mines from farmland "
    "east of Izium on Tuesday, the service said. The fields had been closed to farmers since the spring. "
    "Teams used metal detectors and armoured machines, and will return next week to survey the nearby forest.";

std::size_t count_containing(const std::vector<nlohmann::json>& records, const std::string& key,
                             const std::string& needle) {
  std::size_t n = 0;
  for (const auto& r : records)
    if (r.contains(key) && r[key].get<std::string>().find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("a story in three feeds alerts once per channel, listing the other two sources",
          "[integration][dedup]") {
  World w;
  w.start_http();
  // The receivers are down at first: alerts wait in the outbox until all three feeds are read,
  // so the delivered alert can name every other source (known so far when it is sent).
  w.write_feed("agency.xml", FeedFormat::rss2,
               {{"ag-1", "Deminers clear 40 anti-personnel mines near Izium", kStory, "/news/izium-mines?utm_source=rss"}});
  w.write_feed("paper.atom", FeedFormat::atom,
               {{"pp-1", "Forty landmines cleared from Izium farmland",
                 "IZIUM (Agency) - " + kStory + " Farmers welcomed the news.", "/world/2026/izium-demining"},
                {"pp-2", "Landmine kills tractor driver in Chernihiv oblast",
                 "A tractor driver was killed when his vehicle hit a landmine in a field north of Chernihiv, "
                 "police said on Wednesday. It is the third such accident in the district this year, and the "
                 "authorities asked farmers to wait for survey teams before working unmarked land.",
                 "/world/2026/chernihiv-landmine"}});
  w.write_feed("ngo.rdf", FeedFormat::rdf,
               {{"ngo-9", "Deminers clear 40 anti-personnel mines near Izium (statement)", kStory, "/statements/9"}});
  const auto config = w.write_config({{"agency", "agency.xml"}, {"paper", "paper.atom"}, {"ngo", "ngo.rdf"}},
                                     /*baseline=*/false);
  w.start_vigil(config);
  REQUIRE(w.eventually([&] {
    return w.log_count("source agency: 1 items") >= 1 && w.log_count("source paper: 2 items") >= 1 &&
           w.log_count("source ngo: 1 items") >= 1;
  }));
  w.start_smtp();
  w.start_hooks();
  const bool delivered = w.eventually([&] { return w.mails().size() >= 2 && w.hooks().size() >= 2; }, 40s);
  INFO(read_file(w.vigil_log));
  REQUIRE(delivered);
  std::this_thread::sleep_for(3s);  // more polls and retries: nothing else may arrive
  const auto mails = w.mails();
  const auto hooks = w.hooks();
  CHECK(mails.size() == 2);
  CHECK(hooks.size() == 2);
  CHECK(count_containing(mails, "subject", "Chernihiv") == 1);  // a different story alerts
  CHECK(count_containing(hooks, "body", "Chernihiv") == 1);

  // The Izium story: one alert per channel, from whichever feed was read first, naming the others.
  std::size_t izium = 0;
  for (const auto& hook : hooks) {
    const auto body = nlohmann::json::parse(hook["body"].get<std::string>());
    if (body["title"].get<std::string>().find("Izium") == std::string::npos) continue;
    ++izium;
    std::set<std::string> sources{body["source"].get<std::string>()};
    for (const auto& other : body["also"]) sources.insert(other.get<std::string>());
    CHECK(body["also"].size() == 2);
    CHECK(sources == std::set<std::string>{"agency", "paper", "ngo"});
  }
  CHECK(izium == 1);
  std::size_t izium_mails = 0;
  for (const auto& mail : mails) {
    if (mail["subject"].get<std::string>().find("Izium") == std::string::npos) continue;
    ++izium_mails;
    CHECK(mail["text"].get<std::string>().find("Also reported by: ") != std::string::npos);
  }
  CHECK(izium_mails == 1);
  CHECK(w.stop_vigil(5s) == 0);
}
