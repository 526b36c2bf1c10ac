#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

TEST_CASE("an Atom feed yields its title and alternate link, not its self link", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.title == "Clean Rivers Coalition");
  CHECK(feed.link == "https://cleanrivers.example/");
  CHECK(feed.items.size() == 2);
  CHECK(feed.warnings.empty());
}

TEST_CASE("an Atom entry fills every Item field", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  const Item& item = feed.items.at(0);
  CHECK(item.id == "tag:cleanrivers.example,2024:news/812");
  CHECK(item.source == "test-source");
  CHECK(item.title == "Mercury levels fall in the lower Avern");
  CHECK(rfc3339(item.published) == "2024-11-19T08:00:00Z");
  CHECK(rfc3339(item.updated) == "2024-11-20T11:30:00Z");
  CHECK(item.authors == std::vector<std::string>{"Priya Nandakumar", "Olek Brandt"});
  CHECK(item.summary == "Samples from six sites show lower levels than in 2023.");
  CHECK(item.content == "<p>Samples from <a href=\"/sites\">six sites</a> show lower levels.</p>");
  CHECK(item.lang == "en");
}

TEST_CASE("among alternate links an Atom entry prefers the HTML page", "[feeds][atom][links]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(0).link == "https://cleanrivers.example/news/avern-mercury");
}

TEST_CASE("an Atom link without rel counts as alternate", "[feeds][atom][links]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(1).link == "https://cleanrivers.example/de/news/messstation");
}

TEST_CASE("an Atom entry with only updated uses it as published too", "[feeds][atom][dates]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  const Item& item = feed.items.at(1);
  CHECK(rfc3339(item.published) == "2024-11-18T09:00:00Z");
  CHECK(rfc3339(item.updated) == "2024-11-18T09:00:00Z");
}

TEST_CASE("an Atom title of type html becomes plain text", "[feeds][atom][text]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(1).title == "Neue Messstation am Oberlauf");
}

TEST_CASE("an xhtml summary is the inner markup of its div", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(1).summary == "Die Station misst <b>täglich</b> <i>Nitrat</i>.");
}

TEST_CASE("an entry's xml:lang overrides the feed's", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(0).lang == "en");
  CHECK(feed.items.at(1).lang == "de");
}

TEST_CASE("an entry without author does not inherit the feed's author, as in feedparser", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom.xml"));
  CHECK(feed.items.at(1).authors.empty());
}

TEST_CASE("an Atom entry without id falls back to its link", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom-fallbacks.xml"));
  const Item& item = feed.items.at(0);
  CHECK(item.id == "https://ngo.example/news/no-id");
  CHECK(rfc3339(item.published) == "2024-11-20T08:00:00Z");
}

TEST_CASE("an Atom entry with neither id nor link gets a content-hash id", "[feeds][atom]") {
  const auto feed = parse_ok(fixture("atom-fallbacks.xml"));
  const Item& item = feed.items.at(1);
  CHECK(item.id.starts_with("hash:"));
  CHECK(item.link.empty());
}

TEST_CASE("self and edit links are not an entry's link: its id is, as in feedparser", "[feeds][atom][links]") {
  const auto feed = parse_ok(fixture("atom-fallbacks.xml"));
  const Item& item = feed.items.at(2);
  CHECK(item.id == "urn:uuid:5b1e8f52-7c1a-4d53-9b1e-3f1b6f9d2a10");
  CHECK(item.link == item.id);
  CHECK(rfc3339(item.published) == "2024-11-17T07:00:00Z");
  CHECK_FALSE(item.updated.has_value());
}

TEST_CASE("plain-text Atom constructs are escaped so summary and content are HTML", "[feeds][atom][text]") {
  const auto feed = parse_ok(fixture("atom-fallbacks.xml"));
  CHECK(feed.title == "Fallbacks & Edge Cases");
  const Item& item = feed.items.at(3);
  CHECK(item.title == "Plain text <b> stays text");
  CHECK(item.summary == "Fish &amp; chips &lt;b&gt;are&lt;/b&gt; not HTML here.");
  CHECK(item.content == "Line one &lt; line two");
}

TEST_CASE("script links such as javascript: are dropped", "[feeds][atom][links]") {
  const auto feed = parse_ok(fixture("atom-fallbacks.xml"));
  const Item& item = feed.items.at(4);
  CHECK(item.id == "urn:ngo:unsafe-link");
  CHECK(item.link.empty());
}

TEST_CASE("Atom elements are matched by namespace URI, whatever their prefix", "[feeds][atom][namespaces]") {
  const auto feed = parse_ok(fixture("odd-prefixes.xml"));
  CHECK(feed.title == "Odd Prefixes");
  REQUIRE(feed.items.size() == 1);  // the <entry> in a foreign namespace is not an Atom entry
  const Item& item = feed.items[0];
  CHECK(item.id == "urn:ngo:odd-1");
  CHECK(item.title == "Prefixed XHTML title");  // not the un-namespaced <title>
  CHECK(item.link == "https://ngo.example/odd-1");
  CHECK(item.content == "<p>Prefixed <em>XHTML</em> content.</p>");
}

TEST_CASE("the format is detected from the content, not the URL or Content-Type", "[feeds][atom]") {
  auto r = fixture("atom.xml", "https://cleanrivers.example/rss.php");
  r.content_type = "text/html; charset=utf-8";
  const auto feed = parse_ok(r);
  CHECK(feed.title == "Clean Rivers Coalition");
  CHECK(feed.items.size() == 2);
}

TEST_CASE("out-of-line Atom content leaves content empty", "[feeds][atom]") {
  const auto feed = parse_ok(fetched(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:e</id>
      <title>Video</title><content type="video/mp4" src="https://ngo.example/v.mp4"/></entry></feed>)"));
  CHECK(feed.items.at(0).content.empty());
}

TEST_CASE("an unparseable Atom date warns and leaves the date empty", "[feeds][atom][dates]") {
  const auto feed = parse_ok(fetched(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:e</id>
      <title>Odd date</title><updated>sometime in November</updated></entry></feed>)"));
  CHECK_FALSE(feed.items.at(0).published.has_value());
  CHECK_FALSE(feed.items.at(0).updated.has_value());
  CHECK(feed.warnings == std::vector<std::string>{"feeds: item 1: unparseable date 'sometime in November'"});
}

TEST_CASE("raw elements inside an html-typed Atom content are kept as markup", "[feeds][atom][text]") {
  const auto feed = parse_ok(fetched(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:r</id>
      <content type="html"><p>Raw <b>bold</b></p></content></entry></feed>)"));
  CHECK(feed.items.at(0).content == "<p>Raw <b>bold</b></p>");
}
