#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"
#include "feeds/text.hpp"

using namespace vigil;
using namespace vigil::feeds_test;
namespace detail = vigil::feeds::detail;

namespace {
std::string title_of(const ParsedFeed& feed, std::string_view id) {
  for (const auto& item : feed.items)
    if (item.id == id) return item.title;
  FAIL("no item " << id);
  return {};
}
}  // namespace

TEST_CASE("HTML tags in an RSS title are stripped", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:1") == "Urgent: appeal for winter shelter");
}

TEST_CASE("a CDATA title with markup becomes plain text with entities decoded", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:2") == "Food bank doubles deliveries & opens depot");
}

TEST_CASE("HTML entities escaped once more in a title are decoded", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:3") == "Café owners donate – again & again");
}

TEST_CASE("a less-than sign that starts no tag stays in the title", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:4") == "Ratio 3<5 is not a tag");
}

TEST_CASE("&nbsp; in a feed does not break parsing and reads as a space in titles", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:5") == "Volunteers needed");
}

TEST_CASE("raw markup inside title and description elements is kept sensibly", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(title_of(feed, "urn:t:6") == "Raw inline markup");
  CHECK(feed.items.at(5).summary == "Raw <p>inline <b>XHTML</b></p> in a description");
}

TEST_CASE("whitespace in titles is collapsed and trimmed", "[feeds][text]") {
  const auto feed = parse_ok(fixture("html-titles.xml"));
  CHECK(feed.title == "Titles with whitespace");
}

TEST_CASE("invalid UTF-8 in a feed is replaced, never passed on", "[feeds][text]") {
  const auto feed = parse_ok(fetched("<rss version=\"2.0\"><channel><item><guid>urn:u</guid>"
                                     "<title>Bad \xff\xfe bytes</title></item></channel></rss>"));
  CHECK(feed.items.at(0).title == "Bad \uFFFD\uFFFD bytes");
}

TEST_CASE("HTML entity decoding handles named, decimal and hex references", "[feeds][text]") {
  CHECK(detail::decode_html_entities("&eacute;&#233;&#xE9;&#XE9") == "éééé");
  CHECK(detail::decode_html_entities("AT&T &unknown; &amp") == "AT&T &unknown; &amp");
  CHECK(detail::decode_html_entities("&#146;&#0;&#xD800;") == "\u2019\uFFFD\uFFFD");
  CHECK(detail::decode_html_entities("&#x1F30D;") == "\U0001F30D");
}

TEST_CASE("tag stripping drops scripts and comments and separates blocks", "[feeds][text]") {
  CHECK(detail::collapse_whitespace(detail::strip_tags(
            "<p>One</p><p>Two<script>var a = '<p>';</script></p><!-- note --><b>Th</b>ree")) == "One Two Three");
  CHECK(detail::strip_tags("<a title=\"x > y\">link</a>") == "link");
  CHECK(detail::strip_tags("unclosed <b tag") == "unclosed <b tag");
}
