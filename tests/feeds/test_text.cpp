#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

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

TEST_CASE("a bad byte or control character is cleaned wherever it sits in a field", "[feeds][text]") {
  // Fields are checked eight and 32 bytes at a time; the odd character may sit in any word or
  // block, across two, or in the last few bytes.
  for (const std::size_t length : {5, 12, 80}) {
    const std::string plain(length, 'a');
    for (std::size_t at = 0; at <= length; ++at) {
      auto with = [&](std::string_view odd) { return plain.substr(0, at) + std::string(odd) + plain.substr(at); };
      const auto feed = parse_ok(fetched(
          "<rss version=\"2.0\"><channel><item><guid>urn:u</guid><description>" + with("\xff") +
          "</description><author>" + with("&#146;") + "</author><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" +
          with("\x01") + "</dc:creator><title>" + with("\x01") + "</title></item></channel></rss>"));
      const Item& item = feed.items.at(0);
      CHECK(item.summary == with("\uFFFD"));
      CHECK(item.title == with(""));
      REQUIRE(item.authors.size() == 2);
      CHECK(item.authors[0] == with("\u2019"));
      CHECK(item.authors[1] == with("\x01"));  // authors are made valid UTF-8; controls stay
    }
  }
}
