#include <catch2/catch.hpp>

#include <algorithm>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

namespace {
const Item& item_titled(const ParsedFeed& feed, std::string_view title) {
  const auto it = std::find_if(feed.items.begin(), feed.items.end(), [&](const Item& i) { return i.title == title; });
  REQUIRE(it != feed.items.end());
  return *it;
}
}  // namespace

TEST_CASE("an RSS 2.0 feed yields the channel's title and link", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2.xml"));
  CHECK(feed.title == "Harbour Watch – Press Statements");
  CHECK(feed.link == "https://harbourwatch.example/press");
  CHECK(feed.items.size() == 2);
  CHECK(feed.warnings.empty());
}

TEST_CASE("an RSS 2.0 item fills every Item field", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2.xml"));
  const Item& item = feed.items.at(0);
  CHECK(item.id == "hw-press-2024-117");
  CHECK(item.source == "test-source");
  CHECK(item.title == "Harbour Watch calls for an inquiry into the Saltmarsh evictions");
  CHECK(item.link == "https://harbourwatch.example/press/2024/saltmarsh-inquiry");
  CHECK(rfc3339(item.published) == "2024-11-20T14:05:00Z");
  CHECK_FALSE(item.updated.has_value());
  CHECK(item.summary ==
        "<p>Forty families were removed from the <b>Saltmarsh</b> settlement without notice.</p>");
  CHECK(item.content ==
        "<p>Forty families were removed from the Saltmarsh settlement on 18 November.</p>"
        "<p>Harbour Watch asks the regional council to open an inquiry.</p>");
  CHECK(item.authors == std::vector<std::string>{"Mira Castell"});
  CHECK(item.lang == "en-gb");
}

TEST_CASE("a CDATA description is kept as HTML", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2.xml"));
  CHECK(feed.items.at(1).summary == "The court upheld the <em>small-boat</em> exemption.");
}

TEST_CASE("several dc:creator elements become several authors", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2.xml"));
  CHECK(feed.items.at(1).authors == std::vector<std::string>{"Tomas Reyl", "Ana Vidić"});
}

TEST_CASE("a numeric zone in pubDate is converted to UTC", "[feeds][rss][dates]") {
  const auto feed = parse_ok(fixture("rss2.xml"));
  CHECK(rfc3339(feed.items.at(1).published) == "2024-11-18T08:30:00Z");
}

TEST_CASE("an RSS item without guid falls back to its link for the id", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "No guid, only a link");
  CHECK(item.id == "https://ngo.example/news/no-guid");
  CHECK(item.link == "https://ngo.example/news/no-guid");
}

TEST_CASE("a permalink guid serves as the link when the item has none", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "Permalink guid without link");
  CHECK(item.id == "https://ngo.example/news/permalink-guid");
  CHECK(item.link == "https://ngo.example/news/permalink-guid");
}

TEST_CASE("a guid marked isPermaLink=\"false\" is never used as the link", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "Guid marked not a permalink");
  CHECK(item.id == "https://ngo.example/news/not-a-permalink");
  CHECK(item.link.empty());
}

TEST_CASE("a permalink guid that is not a web URL is still the link of an item without one, as in feedparser",
          "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "Opaque guid");
  CHECK(item.id == "urn:ngo:4471");
  CHECK(item.link == "urn:ngo:4471");
}

TEST_CASE("an item with neither guid nor link gets a stable content-hash id", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "Neither guid nor link");
  REQUIRE(item.id.starts_with("hash:"));
  CHECK(item.id.size() == 5 + 16);
  CHECK(item.id.find_first_not_of("0123456789abcdef", 5) == std::string::npos);
  // Same content, same id; different content, different id.
  const auto again = parse_ok(fixture("rss2-fallbacks.xml"));
  CHECK(item_titled(again, "Neither guid nor link").id == item.id);
  auto edited = fixture("rss2-fallbacks.xml");
  edited.body.replace(edited.body.find("300 wells"), 9, "301 wells");
  CHECK(item_titled(parse_ok(edited), "Neither guid nor link").id != item.id);
}

TEST_CASE("dc:date dates an RSS item that has no pubDate", "[feeds][rss][dates]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  CHECK(rfc3339(item_titled(feed, "Dated by Dublin Core").published) == "2024-11-19T07:00:00Z");
}

TEST_CASE("an item without any date leaves published and updated empty", "[feeds][rss][dates]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  const Item& item = item_titled(feed, "Undated");
  CHECK_FALSE(item.published.has_value());
  CHECK_FALSE(item.updated.has_value());
}

TEST_CASE("unparseable dates are left empty with one warning per feed", "[feeds][rss][dates]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  CHECK_FALSE(item_titled(feed, "Vaguely dated").published.has_value());
  CHECK_FALSE(item_titled(feed, "Also vaguely dated").published.has_value());
  const auto date_warnings = std::count_if(feed.warnings.begin(), feed.warnings.end(), [](const std::string& w) {
    return w.find("unparseable date") != std::string::npos;
  });
  CHECK(date_warnings == 1);
  CHECK(std::find(feed.warnings.begin(), feed.warnings.end(), "feeds: item 8: unparseable date 'yesterday'") !=
        feed.warnings.end());
}

TEST_CASE("an item with no id, link, title or text is skipped with a warning", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss2-fallbacks.xml"));
  CHECK(feed.items.size() == 9);
  CHECK(std::find(feed.warnings.begin(), feed.warnings.end(),
                  "feeds: skipped 1 item(s) without id, link, title or text") != feed.warnings.end());
}

TEST_CASE("an RSS 'Name <email>' author keeps the name", "[feeds][rss]") {
  auto r = fetched(R"(<rss version="2.0"><channel><item><guid>urn:a</guid>
      <author>Jane Oduya &lt;jane@ngo.example&gt;</author><author>press@ngo.example</author>
      <author>press@ngo.example</author></item></channel></rss>)");
  const auto feed = parse_ok(r);
  CHECK(feed.items.at(0).authors == std::vector<std::string>{"Jane Oduya", "press@ngo.example"});
}

TEST_CASE("RSS 0.91 with a DOCTYPE and a Latin-1 encoding parses", "[feeds][rss]") {
  const auto feed = parse_ok(fixture("rss091.xml"));
  CHECK(feed.title == "Valley Schools Trust");
  REQUIRE(feed.items.size() == 1);
  const Item& item = feed.items[0];
  CHECK(item.id == "http://valleyschools.example/news/orvale.html");
  CHECK(item.lang == "en-us");
  // &#146; is a Windows-1252 apostrophe in practice, not a C1 control.
  CHECK(item.summary == "Built with parents\u2019 help over the summer.");
}

TEST_CASE("Latin-1 bytes are converted to UTF-8", "[feeds][rss][text]") {
  const auto feed = parse_ok(fixture("latin1.xml"));
  CHECK(feed.title == "Café Solidaire");
  CHECK(feed.items.at(0).title == "François joins the board");
}

TEST_CASE("namespaced RSS extensions are matched by URI, not by prefix", "[feeds][rss][namespaces]") {
  const auto feed = parse_ok(fixture("rss-odd-prefixes.xml"));
  REQUIRE(feed.items.size() == 1);
  const Item& item = feed.items[0];
  CHECK(item.authors == std::vector<std::string>{"Rosa Imbert"});
  CHECK(rfc3339(item.published) == "2024-11-20T10:00:00Z");
  CHECK(item.content == "<p>Body</p>");
}

TEST_CASE("undeclared dc: and content: prefixes still mean Dublin Core and content", "[feeds][rss][namespaces]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><item><guid>urn:b</guid>
      <dc:creator>Kofi Mensah</dc:creator><dc:date>2024-11-20</dc:date>
      <content:encoded>&lt;p&gt;x&lt;/p&gt;</content:encoded></item></channel></rss>)"));
  const Item& item = feed.items.at(0);
  CHECK(item.authors == std::vector<std::string>{"Kofi Mensah"});
  CHECK(rfc3339(item.published) == "2024-11-20T00:00:00Z");
  CHECK(item.content == "<p>x</p>");
}

TEST_CASE("items placed beside the channel are still read", "[feeds][rss]") {
  const auto feed = parse_ok(fetched(R"(<rss version="0.92"><channel><title>Loose</title></channel>
      <item><title>Loose item</title><link>https://ngo.example/loose</link></item></rss>)"));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].link == "https://ngo.example/loose");
}

TEST_CASE("an RSS update date fills updated, and published when pubDate is missing", "[feeds][rss][dates]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel>
      <item><guid>urn:c</guid><pubDate>Mon, 18 Nov 2024 10:00:00 GMT</pubDate>
        <dcterms:modified>2024-11-19T10:00:00Z</dcterms:modified></item>
      <item><guid>urn:d</guid><dcterms:modified>2024-11-19T11:00:00Z</dcterms:modified></item>
      </channel></rss>)"));
  CHECK(rfc3339(feed.items.at(0).published) == "2024-11-18T10:00:00Z");
  CHECK(rfc3339(feed.items.at(0).updated) == "2024-11-19T10:00:00Z");
  CHECK(rfc3339(feed.items.at(1).published) == "2024-11-19T11:00:00Z");
  CHECK(rfc3339(feed.items.at(1).updated) == "2024-11-19T11:00:00Z");
}

TEST_CASE("CDATA surrounded by whitespace gives trimmed HTML", "[feeds][rss][text]") {
  const auto feed = parse_ok(fetched("<rss version=\"2.0\"><channel><item><guid>urn:w</guid>\n"
                                     "<title>\n  <![CDATA[  Spaced   <i>title</i> ]]>\n</title>\n"
                                     "<description>\n    <![CDATA[<p>Body &amp; more</p>]]>\n  </description>"
                                     "</item></channel></rss>"));
  CHECK(feed.items.at(0).title == "Spaced title");
  CHECK(feed.items.at(0).summary == "<p>Body &amp; more</p>");
}
