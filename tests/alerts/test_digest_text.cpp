// Digests grouped by topic, the same way for every renderer; the console channel's digest and
// the readable pieces of a health notice.
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>

#include "alerts/alert_text.hpp"
#include "alerts/console_channel.hpp"
#include "alerts/digest_text.hpp"
#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

TEST_CASE("a digest groups its alerts by first topic, in the order topics first appear, health notices first",
          "[alerts][digest]") {
  const Digest digest = sample_digest();
  const DigestText d = digest_text(digest);
  CHECK(d.count == 4);
  CHECK(d.channel == "desk");
  CHECK(d.date == "2024-11-20 15:00 UTC");
  CHECK(d.health_problem);
  REQUIRE(d.groups.size() == 3);
  CHECK(d.groups[0].health);
  CHECK(d.groups[0].topic == "Source health");
  REQUIRE(d.groups[0].entries.size() == 1);
  CHECK(d.groups[0].entries[0].alert == &digest.alerts[1]);
  CHECK(d.groups[1].topic == "landmines");
  REQUIRE(d.groups[1].entries.size() == 2);
  CHECK(d.groups[1].entries[0].alert->id == "a-1");
  CHECK(d.groups[1].entries[0].other_topics == kUkraine);  // listed under its first topic only
  CHECK(d.groups[1].entries[0].match == 0);
  CHECK(d.groups[1].entries[1].alert->id == "a-3");
  CHECK(d.groups[1].entries[1].match == DigestEntry::npos);
  CHECK(d.groups[2].topic == kUkraine);
  REQUIRE(d.groups[2].entries.size() == 1);
  CHECK(d.groups[2].entries[0].alert->id == "a-2");
  CHECK(d.groups[2].entries[0].other_topics.empty());
}

TEST_CASE("a digest's heading counts the alerts per topic", "[alerts][digest]") {
  const DigestText d = digest_text(sample_digest());
  CHECK(digest_heading(d) == "4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  CHECK(digest_subject(d) == "[vigil] 4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  CHECK(group_title(d.groups[1]) == "landmines (2)");
  CHECK(group_title(d.groups[0]) == "Source health (1)");
  CHECK(more_line(1) == "\xE2\x80\xA6" "and 1 more alert");
  CHECK(more_line(150) == "\xE2\x80\xA6" "and 150 more alerts");

  const DigestText big = digest_text(big_digest());
  CHECK(big.groups.size() == 13);
  CHECK(digest_heading(big) ==
        "200 alerts: source health (1), topic-1 (17), topic-2 (17), topic-3 (17), topic-4 (17) and 8 more topics");
}

TEST_CASE("an explanation that names the group's topic is the one a digest entry quotes", "[alerts][digest]") {
  Digest digest = sample_digest();
  Alert& first = digest.alerts[0];
  first.topics = {kUkraine, "landmines"};
  first.matches.insert(first.matches.begin(),
                       Match{.topic = "other", .terms = {"x"}, .score = 1, .snippet = "other snippet", .highlights = {}});
  const DigestText d = digest_text(digest);
  REQUIRE(d.groups[1].topic == kUkraine);
  CHECK(d.groups[1].entries[0].match == 0);  // no explanation names україна: the first one
  CHECK(d.groups[1].entries[0].other_topics == "landmines");
  first.matches[0].topic = kUkraine;
  CHECK(digest_text(digest).groups[1].entries[0].match == 0);
  first.matches[1].topic = kUkraine;
  first.matches[0].topic = "landmines";
  CHECK(digest_text(digest).groups[1].entries[0].match == 1);
}

TEST_CASE("a health notice reads \"source health\" where topics go", "[alerts][health]") {
  const AlertText failing = alert_text(health_alert());
  CHECK(failing.health == HealthKind::problem);
  CHECK(failing.topics == "source health");
  CHECK(alert_subject(failing) == "[vigil] source health: Source amnesty-uk has failed for 6h");
  CHECK(failing.link == "https://www.amnesty.org.uk/feed");
  CHECK(failing.summary.find("Last error: HTTP 503") != std::string::npos);
  CHECK(alert_text(health_alert("Source amnesty-uk has recovered")).health == HealthKind::recovered);
  CHECK(alert_text(health_alert("Source amnesty-uk has published nothing for 3d")).health == HealthKind::problem);
  CHECK(alert_text(sample_alert()).health == HealthKind::none);
}

TEST_CASE("the console prints a digest as a header line and one line per alert", "[alerts][console][digest]") {
  Digest digest = sample_digest();
  digest.alerts[2].item.title = "Grain \x1b[2J corridor\r\nreopens \xC2\x9B" "31m";
  digest.channel = "desk\x1b]0;x\x07";
  const std::string out = render_console_digest(digest);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\r') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(out.find("\xC2\x9B") == std::string::npos);
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < out.size();) {
    const std::size_t end = out.find('\n', pos);
    lines.push_back(out.substr(pos, end - pos));
    pos = end + 1;
  }
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "=== vigil digest [desk ]0;x]: 4 alerts: source health (1), landmines (2), " + kUkraine + " (1) ===");
  CHECK(lines[1].starts_with("[source health] Source amnesty-uk has failed for 6h \xC2\xB7 amnesty-uk \xC2\xB7 "
                             "2024-11-20 14:06 UTC \xC2\xB7 https://www.amnesty.org.uk/feed \xC2\xB7 4 failed poll(s)"));
  CHECK(lines[2] == "[landmines] Mine clearance resumes near Kharkiv \xC2\xB7 wire-news \xC2\xB7 2024-11-20 14:05 UTC "
                    "\xC2\xB7 also in: " + kUkraine + " \xC2\xB7 https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
  CHECK(lines[3].starts_with("[landmines] " + kHostileTitleLine + " \xC2\xB7 wire *news* <i>"));
  CHECK(lines[4].starts_with("[" + kUkraine + "] Grain [2J corridor reopens"));
  CHECK(lines[5].empty());

  std::unique_ptr<std::FILE, decltype(&std::fclose)> sink(std::tmpfile(), &std::fclose);
  ConsoleChannel channel("desk", sink.get());
  std::optional<Delivery> delivery;
  channel.send_digest(sample_digest(), [&](Delivery d) { delivery = std::move(d); });
  REQUIRE(delivery);
  CHECK(delivery->outcome == DeliveryOutcome::delivered);
  CHECK(std::ftell(sink.get()) == static_cast<long>(render_console_digest(sample_digest()).size()));
}

TEST_CASE("the console shows a health notice's source URL and detail", "[alerts][console][health]") {
  Alert alert = health_alert();
  alert.item.link = "file:///srv/feeds/amnesty.xml";  // not a link a reader clicks, but the operator needs it
  const std::string block = render_console(alert);
  CHECK(block.find("Topics:  source health\n") != std::string::npos);
  CHECK(block.find("Title:   Source amnesty-uk has failed for 6h\n") != std::string::npos);
  CHECK(block.find("Link:    file:///srv/feeds/amnesty.xml\n") != std::string::npos);
  CHECK(block.find("Detail:  4 failed poll(s)") != std::string::npos);
}
