// Behaviours taken from feedparser, the reference `vigil parse` is compared with
// (scripts/conformance); fixtures in tests/fixtures/feeds/conformance/.
#include <catch2/catch.hpp>

#include "tests/feeds/feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

namespace {

const Item& item_titled(const ParsedFeed& feed, std::string_view title) {
  for (const auto& item : feed.items)
    if (item.title == title) return item;
  FAIL("no item titled " << title);
  return feed.items.front();
}

}  // namespace

TEST_CASE("parent segments that climb above the root are dropped when resolving", "[feeds][conformance][links]") {
  const auto feed = parse_ok(fixture("conformance/rss-relative-links.xml", "https://delta.example/feed"));
  CHECK(item_titled(feed, "Too many parents").link == "https://delta.example/stories/3");
  CHECK(item_titled(feed, "Path-relative").link == "https://delta.example/stories/2");
  CHECK(item_titled(feed, "Item base").link == "https://delta.example/en/stories/4");
}

TEST_CASE("a parent segment in an Atom link under xml:base stays inside the site", "[feeds][conformance][links]") {
  const auto feed = parse_ok(fixture("conformance/atom-xml-base.atom"));
  CHECK(item_titled(feed, "Parent path").link == "https://saltflat.example/about/four.html");
  CHECK(item_titled(feed, "Relative entry base").link == "https://saltflat.example/blog/sub/three.html");
}

TEST_CASE("a relative permalink guid is resolved into the id and the link", "[feeds][conformance][rss]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><title>T</title>
      <item><title>Numbered</title><guid>  story-12  </guid></item>
      <item><title>Linked</title><guid>story-13</guid><link>https://ngo.example/s/13</link></item>
      <item><title>Opaque</title><guid isPermaLink="false">story-14</guid></item>
      </channel></rss>)", "https://ngo.example/news/feed.xml"));
  const Item& numbered = item_titled(feed, "Numbered");
  CHECK(numbered.id == "https://ngo.example/news/story-12");
  CHECK(numbered.link == "https://ngo.example/news/story-12");
  const Item& linked = item_titled(feed, "Linked");
  CHECK(linked.id == "https://ngo.example/news/story-13");
  CHECK(linked.link == "https://ngo.example/s/13");
  const Item& opaque = item_titled(feed, "Opaque");
  CHECK(opaque.id == "story-14");
  CHECK(opaque.link.empty());
}

TEST_CASE("guids with a scheme are ids as they are; others resolve with their text kept", "[feeds][conformance][rss]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><title>T</title>
      <item><title>Tag</title><guid>tag:ngo.example,2025:7</guid></item>
      <item><title>Spaced</title><guid>not a url reference</guid></item>
      </channel></rss>)", "https://ngo.example/news/feed.xml"));
  CHECK(item_titled(feed, "Tag").id == "tag:ngo.example,2025:7");
  CHECK(item_titled(feed, "Spaced").id == "https://ngo.example/news/not a url reference");
}

TEST_CASE("an Atom entry without a page link links to its id when the id is a web address", "[feeds][conformance][atom]") {
  const auto feed = parse_ok(fetched(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <id>https://ngo.example/</id>
      <entry><title>Web id</title><id>https://ngo.example/posts/9</id>
        <link rel="self" href="https://ngo.example/api/9"/><updated>2025-01-01T00:00:00Z</updated></entry>
      <entry><title>Relative id</title><id>posts/10</id><updated>2025-01-01T00:00:00Z</updated></entry>
      </feed>)", "https://ngo.example/feed.atom"));
  CHECK(feed.link == "https://ngo.example/");
  CHECK(item_titled(feed, "Web id").link == "https://ngo.example/posts/9");
  const Item& relative = item_titled(feed, "Relative id");
  CHECK(relative.id == "https://ngo.example/posts/10");
  CHECK(relative.link == "https://ngo.example/posts/10");
}

TEST_CASE("dc:date is also the update date of an RSS item", "[feeds][conformance][dates]") {
  const auto feed = parse_ok(fixture("conformance/rss-dcdate-pubdate.xml"));
  const Item& both = item_titled(feed, "pubDate and dc:date");
  CHECK(rfc3339(both.published) == "2025-03-04T10:00:00Z");
  CHECK(rfc3339(both.updated) == "2025-03-05T10:00:00Z");
  const Item& only = item_titled(feed, "Only dc:date");
  CHECK(rfc3339(only.published) == "2025-03-02T23:00:00Z");
  CHECK(rfc3339(only.updated) == "2025-03-02T23:00:00Z");
  const Item& modified = item_titled(feed, "pubDate and dcterms:modified");
  CHECK(rfc3339(modified.updated) == "2025-03-06T12:00:00Z");
}

TEST_CASE("an Atom entry's authors are only its own", "[feeds][conformance][atom]") {
  const auto feed = parse_ok(fetched(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <author><name>Newsroom</name></author>
      <entry><title>Anonymous</title><id>urn:a:1</id><updated>2025-01-01T00:00:00Z</updated></entry>
      <entry><title>Signed</title><id>urn:a:2</id><updated>2025-01-01T00:00:00Z</updated>
        <author><name>Ida Berg</name></author></entry>
      </feed>)"));
  CHECK(item_titled(feed, "Anonymous").authors.empty());
  CHECK(item_titled(feed, "Signed").authors == std::vector<std::string>{"Ida Berg"});
}

TEST_CASE("only an absent or exactly \"true\" isPermaLink makes a guid a permalink", "[feeds][conformance][rss]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><title>T</title>
      <item><title>Upper</title><guid isPermaLink="FALSE">https://ngo.example/g/1</guid></item>
      <item><title>Capital</title><guid isPermaLink="True">https://ngo.example/g/2</guid></item>
      <item><title>Exact</title><guid isPermaLink="true">https://ngo.example/g/3</guid></item>
      </channel></rss>)"));
  CHECK(item_titled(feed, "Upper").link.empty());
  CHECK(item_titled(feed, "Capital").link.empty());
  CHECK(item_titled(feed, "Exact").link == "https://ngo.example/g/3");
}

TEST_CASE("the last non-empty link of an RSS item wins", "[feeds][conformance][rss]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><title>T</title>
      <item><title>Two</title><link>https://ngo.example/first</link><link>https://ngo.example/second</link>
        <link> </link></item>
      </channel></rss>)"));
  CHECK(item_titled(feed, "Two").link == "https://ngo.example/second");
}
