// What servers and feeds say about when to come back: Retry-After, HTTP dates, Cache-Control,
// <ttl>, sy:updatePeriod, and the publishing rate measured from item dates.
#include <catch2/catch.hpp>

#include "feeds/feed_hints.hpp"
#include "feeds/http_hints.hpp"

using namespace std::chrono_literals;
using vigil::Item;
using vigil::Timestamp;
using namespace vigil::feeds;

namespace {

Timestamp utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return Timestamp{sys_days(year(y) / month(mo) / day(d)).time_since_epoch()} + hours(h) + minutes(mi) + seconds(s);
}

const Timestamp kNow = utc(2026, 11, 20, 12, 0, 0);

Item dated(std::chrono::seconds age) {
  Item item;
  item.published = kNow - age;
  return item;
}

}  // namespace

TEST_CASE("HTTP dates parse in the three forms recipients must accept", "[feeds][fetch][http-date]") {
  const auto expected = utc(1994, 11, 6, 8, 49, 37);
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
  CHECK(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT  ") == expected);
  CHECK(parse_http_date("Thursday, 01-Jan-26 00:00:00 GMT") == utc(2026, 1, 1));
}

TEST_CASE("malformed HTTP dates are refused, not guessed", "[feeds][fetch][http-date]") {
  for (const char* text : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 2026 08:49:37 GMT",
                           "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "2026-11-20T12:00:00Z",
                           "Sun, 06 Nov 94 08:49:37 GMT"}) {
    INFO(text);
    CHECK_FALSE(parse_http_date(text));
  }
}

TEST_CASE("Retry-After is delta-seconds or an HTTP-date", "[feeds][fetch][retry-after]") {
  CHECK(parse_retry_after("120", kNow) == 120s);
  CHECK(parse_retry_after(" 0 ", kNow) == 0s);
  CHECK(parse_retry_after("Fri, 20 Nov 2026 12:05:00 GMT", kNow) == 300s);
  SECTION("a date in the past means now") { CHECK(parse_retry_after("Fri, 20 Nov 2026 11:00:00 GMT", kNow) == 0s); }
  SECTION("a huge number saturates instead of overflowing") {
    const auto wait = parse_retry_after("99999999999999999999999", kNow);
    REQUIRE(wait);
    CHECK(*wait > 24h);
  }
  SECTION("anything else is no Retry-After") {
    for (const char* text : {"", "soon", "-5", "1.5", "120s", "+60"}) {
      INFO(text);
      CHECK_FALSE(parse_retry_after(text, kNow));
    }
  }
}

TEST_CASE("Cache-Control max-age is found among other directives", "[feeds][fetch][cache-control]") {
  CHECK(parse_max_age("max-age=3600") == 3600s);
  CHECK(parse_max_age("public, max-age=600, must-revalidate") == 600s);
  CHECK(parse_max_age("Max-Age = \"900\"") == 900s);
  CHECK(parse_max_age("s-maxage=7200, max-age=60") == 60s);
  CHECK_FALSE(parse_max_age("s-maxage=7200"));
  CHECK_FALSE(parse_max_age("no-cache"));
  CHECK_FALSE(parse_max_age("max-age=0"));
  CHECK_FALSE(parse_max_age("max-age=soon"));
  CHECK_FALSE(parse_max_age(""));
}

TEST_CASE("an RSS ttl is a positive number of minutes", "[feeds][fetch][ttl]") {
  CHECK(rss_ttl("60") == 3600s);
  CHECK(rss_ttl(" 15 ") == 900s);
  CHECK_FALSE(rss_ttl("0"));
  CHECK_FALSE(rss_ttl("-5"));
  CHECK_FALSE(rss_ttl("an hour"));
  CHECK_FALSE(rss_ttl(""));
  CHECK_FALSE(rss_ttl("99999999"));  // beyond a year: a typo, not a hint
}

TEST_CASE("sy:updatePeriod divided by sy:updateFrequency gives the update period", "[feeds][fetch][ttl]") {
  CHECK(syndication_period("hourly", "1") == 1h);
  CHECK(syndication_period("hourly", "2") == 30min);
  CHECK(syndication_period("daily", "") == 24h);
  CHECK(syndication_period("", "") == 24h);  // the module's defaults: daily, once
  CHECK(syndication_period("Weekly", "7") == 24h);
  CHECK(syndication_period("monthly", "1") == std::chrono::seconds(30 * 86400));
  CHECK(syndication_period("yearly", "1") == std::chrono::seconds(365 * 86400));
  CHECK_FALSE(syndication_period("fortnightly", "1"));
  CHECK_FALSE(syndication_period("daily", "0"));
  CHECK_FALSE(syndication_period("daily", "often"));
}

TEST_CASE("the publishing interval is the span of recent items over their count", "[feeds][fetch][auto]") {
  SECTION("hourly items") {
    std::vector<Item> items;
    for (int i = 1; i <= 10; ++i) items.push_back(dated(std::chrono::hours(i)));
    CHECK(publishing_interval(items, kNow) == 1h);
  }
  SECTION("only the 20 newest count") {
    std::vector<Item> items;
    for (int i = 1; i <= 20; ++i) items.push_back(dated(std::chrono::minutes(10 * i)));
    for (int i = 1; i <= 30; ++i) items.push_back(dated(std::chrono::days(30 + i)));  // an old archive
    CHECK(publishing_interval(items, kNow) == 10min);
  }
  SECTION("a source gone quiet stretches its own interval") {
    std::vector<Item> items{dated(std::chrono::days(10)), dated(std::chrono::days(10) + 1h)};
    CHECK(publishing_interval(items, kNow) > std::chrono::days(5));
  }
  SECTION("dates in the future count as now, undated items not at all") {
    std::vector<Item> items{dated(-std::chrono::hours(5)), dated(2h), Item{}, Item{}};
    CHECK(publishing_interval(items, kNow) == 1h);
  }
  SECTION("updated stands in for a missing published date") {
    Item a, b;
    a.updated = kNow - 2h;
    b.updated = kNow - 4h;
    CHECK(publishing_interval({a, b}, kNow) == 2h);
  }
  SECTION("fewer than two dated items say nothing") {
    CHECK_FALSE(publishing_interval({}, kNow));
    CHECK_FALSE(publishing_interval({dated(1h), Item{}}, kNow));
  }
}
