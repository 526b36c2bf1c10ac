#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

TEST_CASE("a JSON Feed 1.1 document is read from its content", "[feeds][json]") {
  const auto feed = parse_ok(fixture("jsonfeed-1.1.json", "https://harbour.example/feeds/main.json"));
  CHECK(feed.title == "Harbour Watch &amp; Friends");  // plain text, taken literally
  CHECK(feed.link == "https://harbour.example/");
  REQUIRE(feed.items.size() == 4);

  const Item& first = feed.items[0];
  CHECK(first.id == "https://harbour.example/notes/tide-gauge");
  CHECK(first.source == "test-source");
  CHECK(first.link == "https://harbour.example/notes/tide-gauge");
  CHECK(first.title == "Tide gauge back online");
  CHECK(first.content == "<p>The <b>north</b> gauge reports again.</p>");
  CHECK(first.summary == "Readings resume after the storm &amp; repairs.");
  CHECK(rfc3339(first.published) == "2025-02-03T07:15:00Z");
  CHECK(rfc3339(first.updated) == "2025-02-03T10:00:00Z");
  CHECK(first.authors == std::vector<std::string>{"Ines Marlow", "https://harbour.example/tomas"});
  CHECK(first.lang == "cy");
}

TEST_CASE("JSON Feed content_text is escaped into HTML content", "[feeds][json]") {
  const auto feed = parse_ok(fixture("jsonfeed-1.1.json", "https://harbour.example/feeds/main.json"));
  const Item& second = feed.items.at(1);
  CHECK(second.id == "note-2");
  CHECK(second.link == "https://elsewhere.example/ferry-strike");  // external_url when there is no url
  CHECK(second.title == "Ferry crews vote <maybe>");               // titles are plain text as written
  CHECK(second.content == "Ballot closes Friday.\nResult expected &lt;soon&gt; &amp; then talks.");
  CHECK_FALSE(second.published);
  CHECK(second.authors == std::vector<std::string>{"Harbour Desk"});  // inherited from the feed
  CHECK(second.lang == "en-GB");
  CHECK(feed.warnings == std::vector<std::string>{"feeds: item 2: unparseable date 'not a date'"});
}

TEST_CASE("JSON Feed items without id fall back like other formats; wrong types read as absent",
          "[feeds][json]") {
  const auto feed = parse_ok(fixture("jsonfeed-1.1.json", "https://harbour.example/feeds/main.json"));
  const Item& third = feed.items.at(2);
  CHECK(third.id.starts_with("hash:"));
  CHECK(third.content == "Only text, nothing else.");
  const Item& numbered = feed.items.at(3);  // the string entry is skipped
  CHECK(numbered.id == "4711");
  CHECK(numbered.title.empty());
  CHECK(numbered.link == "https://harbour.example/feeds/notes/numbered");
}

TEST_CASE("a JSON Feed 1.0 document with a single author is read", "[feeds][json]") {
  const auto feed = parse_ok(fixture("jsonfeed-1.0.json"));
  CHECK(feed.title == "Old Style Notes");
  CHECK(feed.link == "https://oldstyle.example");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].authors == std::vector<std::string>{"Kit Varga"});
  CHECK(feed.items[0].content == "Hello");
  CHECK(rfc3339(feed.items[0].published) == "2019-06-01T12:00:00Z");
  CHECK(feed.items[1].authors == std::vector<std::string>{"Guest Writer"});
  CHECK(feed.items[1].content == "<em>Hi</em>");
}

TEST_CASE("a JSON Feed with a BOM and leading whitespace is still detected", "[feeds][json]") {
  const auto feed = parse_ok(fetched("\xEF\xBB\xBF \n{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"T\","
                                     "\"items\":[{\"id\":\"a\",\"title\":\"A\"}]}"));
  CHECK(feed.title == "T");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].id == "a");
}

TEST_CASE("deeply nested JSON does not crash the parser", "[feeds][json][hostile]") {
  std::string nested = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"x\",\"junk\":";
  for (int i = 0; i < 100000; ++i) nested += '[';
  for (int i = 0; i < 100000; ++i) nested += ']';
  nested += "}]}";
  const auto feed = parse_ok(fetched(nested));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].id == "x");
}
