// Ill-formed ("bozo") feeds: what can be read is read, with a warning.
#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;
using Kind = vigil::feeds::ParseError::Kind;

namespace {

bool has_warning_starting(const ParsedFeed& feed, std::string_view prefix) {
  for (const auto& w : feed.warnings)
    if (w.starts_with(prefix)) return true;
  return false;
}

}  // namespace

TEST_CASE("a truncated feed keeps its complete items and warns with the offset", "[feeds][recovery]") {
  const auto feed = parse_ok(fixture("bozo-truncated-items.xml"));
  CHECK(feed.title == "Cut Short");
  CHECK(feed.link == "https://cutshort.example/");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].id == "urn:cut:1");
  CHECK(feed.items[1].id == "urn:cut:2");
  CHECK(feed.items[1].summary == "Complete.");
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0].starts_with("feeds: malformed XML at offset "));
  CHECK(feed.warnings[0].ends_with("; kept the 2 complete item(s) before it"));
}

TEST_CASE("a truncated feed without a complete item is still an error", "[feeds][recovery]") {
  const auto parsed = feeds::parse_feed(fixture("truncated.xml"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::malformed);
}

TEST_CASE("an Atom feed keeps the entries before a mismatched tag", "[feeds][recovery][atom]") {
  const auto feed = parse_ok(fixture("bozo-atom-mismatch.xml"));
  CHECK(feed.title == "Mismatch");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].id == "urn:mm:1");
  CHECK(rfc3339(feed.items[0].published) == "2025-01-05T09:00:00Z");
  CHECK(has_warning_starting(feed, "feeds: malformed XML at offset "));
}

TEST_CASE("bare ampersands, stray '<' and HTML entities are repaired", "[feeds][recovery]") {
  const auto feed = parse_ok(fixture("bozo-entities.xml"));
  CHECK(feed.title == "Fish & Chips Weekly");  // titles fold U+00A0 into a space
  REQUIRE(feed.items.size() == 2);
  const Item& first = feed.items[0];
  CHECK(first.title == "Café prices rise — again");
  CHECK(first.link == "https://fish.example/a?x=1&y=2");
  CHECK(first.summary == "Salt & vinegar… 3 < 4 © us");
  const Item& second = feed.items[1];
  CHECK(second.title == "Table for R&D");
  CHECK(second.summary == "Kept <b>as is</b> & untouched &nbsp;");  // CDATA is left alone
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0].starts_with("feeds: malformed XML at offset "));
  CHECK(feed.warnings[0].ends_with("; read after repairing stray '&', '<', entities or control characters"));
}

TEST_CASE("control characters XML forbids are dropped", "[feeds][recovery]") {
  const auto feed = parse_ok(fixture("bozo-control-chars.xml"));
  CHECK(feed.title == "Control");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].title == "Null byte and bell");
  CHECK(feed.items[1].title == "Second");
}

TEST_CASE("entities a document declares itself are not rewritten", "[feeds][recovery]") {
  const auto feed = parse_ok(fetched("<!DOCTYPE rss [<!ENTITY org \"Harbour Trust\">]><rss><channel><title>&org; "
                                     "news</title><item><guid>g</guid><title>a < b</title></item></channel></rss>"));
  CHECK(feed.items.at(0).title == "a < b");
}

TEST_CASE("a document broken before any feed element is malformed", "[feeds][recovery]") {
  const auto parsed = feeds::parse_feed(fetched("<rss><<<"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::malformed);
}
