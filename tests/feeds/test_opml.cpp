#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/opml.hpp"
#include "tests/support/child_process.hpp"

using namespace vigil;
using Kind = vigil::feeds::ParseError::Kind;

namespace {

std::string opml_fixture(const std::string& name) {
  return vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/opml/" + name);
}

feeds::OpmlDocument parse_ok(std::string_view xml) {
  auto parsed = feeds::parse_opml(xml);
  if (!parsed) FAIL("parse_opml failed: " << parsed.error().message);
  return std::move(*parsed);
}

struct Source {
  std::string name, url;
};

// Parses the TOML with toml++ (failing the test if it does not parse) and returns the
// [[source]] entries in order.
std::vector<Source> sources_of(const std::string& toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    FAIL("not valid TOML: " << e.description() << " at line " << e.source().begin.line << "\n" << toml_text);
  }
  std::vector<Source> out;
  if (const auto* array = root["source"].as_array()) {
    for (const auto& element : *array) {
      const auto* table = element.as_table();
      REQUIRE(table != nullptr);
      CHECK(table->size() == 2);  // name and url, nothing smuggled in
      out.push_back({(*table)["name"].value_or(std::string()), (*table)["url"].value_or(std::string())});
    }
  }
  CHECK(root.size() <= 1);  // no other top-level key was injected
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("nested outlines are flattened, each feed keeping its folder path", "[feeds][opml]") {
  const auto opml = parse_ok(opml_fixture("nested.opml"));
  CHECK(opml.title == "Desk subscriptions");
  REQUIRE(opml.feeds.size() == 6);

  CHECK(opml.feeds[0].title == "Loose feed at the top");
  CHECK(opml.feeds[0].category.empty());

  CHECK(opml.feeds[1].title == "Mine Action Review");  // title wins over text
  CHECK(opml.feeds[1].xml_url == "https://mines.example.org/rss");
  CHECK(opml.feeds[1].html_url == "https://mines.example.org/");
  CHECK(opml.feeds[1].type == "rss");
  CHECK(opml.feeds[1].category == std::vector<std::string>{"Humanitarian", "Demining"});

  CHECK(opml.feeds[2].title == "Clearance Notes");
  CHECK(opml.feeds[2].type == "atom");
  CHECK(opml.feeds[2].category == std::vector<std::string>{"Humanitarian", "Demining"});

  CHECK(opml.feeds[3].title == "Refugee Watch");
  CHECK(opml.feeds[3].type.empty());
  CHECK(opml.feeds[3].category == std::vector<std::string>{"Humanitarian"});

  CHECK(opml.feeds[4].title == "Новини України");
  CHECK(opml.feeds[4].category == std::vector<std::string>{"Regional", "Ukraine"});

  CHECK(opml.feeds[5].type == "json");  // returned; the import decides to skip it
}

TEST_CASE("attribute names are matched in any case, as old readers wrote them", "[feeds][opml]") {
  const auto opml = parse_ok(opml_fixture("case-variants.opml"));
  CHECK(opml.title == "Old reader export");
  REQUIRE(opml.feeds.size() == 6);
  CHECK(opml.feeds[0].xml_url == "https://lower.example.org/rss");
  CHECK(opml.feeds[1].title == "Upper case attributes");
  CHECK(opml.feeds[1].type == "rss");  // TYPE="RSS"
  CHECK(opml.feeds[1].html_url == "https://upper.example.org/");
  CHECK(opml.feeds[2].title == "Mixed & matched");
  CHECK(opml.feeds[2].xml_url == "https://mixed.example.org/feed");  // trimmed
  CHECK(opml.feeds[3].title.empty());
  CHECK(opml.feeds[4].title == "Café news");            // HTML entity decoded, whitespace collapsed
  CHECK(opml.feeds[5].title == "Latin-1 byte: café and raw été");  // the prolog's encoding honoured
}

TEST_CASE("outlines directly under <opml> are read when there is no <body>", "[feeds][opml]") {
  const auto opml = parse_ok(R"(<opml><outline text="A" xmlUrl="https://a.example/"/></opml>)");
  REQUIRE(opml.feeds.size() == 1);
  CHECK(opml.feeds[0].title == "A");
}

TEST_CASE("malformed OPML is an error with its byte offset", "[feeds][opml][errors]") {
  const auto truncated = feeds::parse_opml(opml_fixture("truncated.opml"));
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().kind == Kind::malformed);
  CHECK(truncated.error().message.starts_with("feeds: malformed OPML at offset "));

  const auto mismatched = feeds::parse_opml("<opml><body><outline></body></opml>");
  REQUIRE_FALSE(mismatched);
  CHECK(mismatched.error().offset == 23);  // pugixml points at the name of the wrong end tag
  CHECK(mismatched.error().message == "feeds: malformed OPML at offset 23: Start-end tags mismatch");

  for (const char* blank : {"", " \n ", "\xEF\xBB\xBF"}) {
    const auto empty = feeds::parse_opml(blank);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "feeds: empty document");
  }
}

TEST_CASE("well-formed XML that is not OPML names its root element", "[feeds][opml][errors]") {
  const auto parsed = feeds::parse_opml("<rss version=\"2.0\"><channel/></rss>");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::not_a_feed);
  CHECK(parsed.error().message == "feeds: not OPML (root element <rss>)");
}

TEST_CASE("deeply nested folders neither exhaust the stack nor grow the category without bound",
          "[feeds][opml][errors]") {
  constexpr int depth = 50000;
  std::string xml = "<opml><body>";
  for (int i = 0; i < depth; ++i) xml += "<outline text=\"f\">";
  xml += R"(<outline text="deep" xmlUrl="https://deep.example/"/>)";
  for (int i = 0; i < depth; ++i) xml += "</outline>";
  xml += "</body></opml>";
  const auto opml = parse_ok(xml);
  REQUIRE(opml.feeds.size() == 1);
  CHECK(opml.feeds[0].category.size() == 16);
}

TEST_CASE("import prints a [[source]] per feed, named after its title", "[feeds][opml][import]") {
  const std::string toml_text = feeds::to_sources_toml(parse_ok(opml_fixture("nested.opml")), "subs/nested.opml");
  const auto sources = sources_of(toml_text);
  REQUIRE(sources.size() == 5);
  CHECK(sources[0].name == "loose-feed-at-the-top");
  CHECK(sources[0].url == "https://top.example.org/feed.xml");
  CHECK(sources[1].name == "mine-action-review");
  CHECK(sources[2].name == "clearance-notes");
  CHECK(sources[3].name == "refugee-watch");
  CHECK(sources[4].name == "Новини-України");  // other scripts are kept as written
  CHECK(sources[4].url == "https://news.example.com.ua/rss.xml");

  CHECK(toml_text.starts_with("# Imported by `vigil import-opml` from subs/nested.opml (\"Desk subscriptions\")\n"
                              "# 5 sources, 1 skipped."));
  CHECK(contains(toml_text, "# Mine Action Review [Humanitarian / Demining]\n[[source]]\n"));
  CHECK(contains(toml_text, "# skipped (type \"json\", not RSS or Atom): https://json.example.org/feed.json\n"));
}

TEST_CASE("an untitled feed is named after its URL's host", "[feeds][opml][import]") {
  const auto sources = sources_of(feeds::to_sources_toml(parse_ok(opml_fixture("case-variants.opml")), "x.opml"));
  REQUIRE(sources.size() == 6);
  CHECK(sources[0].name == "lower-case-attribute");
  CHECK(sources[2].name == "mixed-matched");
  CHECK(sources[2].url == "https://mixed.example.org/feed");
  CHECK(sources[3].name == "untitled.example.org");
  CHECK(sources[4].name == "café-news");
}

TEST_CASE("duplicate URLs are skipped with a comment and colliding names get a number",
          "[feeds][opml][import]") {
  const std::string toml_text = feeds::to_sources_toml(parse_ok(opml_fixture("duplicates.opml")), "d.opml");
  const auto sources = sources_of(toml_text);
  REQUIRE(sources.size() == 6);
  CHECK(sources[0].name == "world-news");
  CHECK(sources[0].url == "https://news.example.org/world.xml");  // the first one wins
  CHECK(sources[1].name == "different-path-case-is-a-different-feed");
  CHECK(sources[1].url == "https://news.example.org/World.xml");
  CHECK(sources[2].name == "world-news-2");
  CHECK(sources[2].url == "https://other.example.org/world.xml");
  CHECK(sources[3].name == "world-news-3");
  CHECK(sources[4].name == "world-news-4");
  CHECK(sources[5].name == "world-news-2-2");
  CHECK(contains(toml_text, "# skipped duplicate: https://NEWS.Example.org/world.xml\n"));
  CHECK(contains(toml_text, "# skipped duplicate: https://news.example.org/world.xml\n"));
  CHECK(contains(toml_text, "# 6 sources, 2 skipped."));
}

TEST_CASE("hostile titles and URLs give TOML that parses back to exactly the sources listed",
          "[feeds][opml][import][hostile]") {
  const std::string toml_text =
      feeds::to_sources_toml(parse_ok(opml_fixture("hostile.opml")), "evil\n[[source]]\nname = \"origin\".opml");
  const auto sources = sources_of(toml_text);
  std::vector<std::string> names, hosts;
  for (const auto& s : sources) {
    names.push_back(s.name);
    CHECK(s.url.starts_with("https://"));
    CHECK_FALSE(s.name.empty());
    CHECK(std::none_of(s.name.begin(), s.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
  }
  CHECK(names == std::vector<std::string>{"quote-and-backslash-in-a-title", "newline-source-name-evil-url-file-etc-passwd",
                                          "tab-and-carriage-return", "control-31m-characters",
                                          "triple-quotes-and-hash", "bidi-evil-and-zero-width",
                                          "emoji-only.example.org", "windows-quotes", "url-with-spaces-and-a-quote",
                                          "backslash-url", "url-with-a-newline"});
  CHECK(sources[8].url == "https://h.example.org/a%20feed/%22x%22?q=a%20b");
  CHECK(sources[9].url == "https://i.example.org/a%5Cb");
  CHECK(sources[10].url == "https://j.example.org/feed%0A%5B%5Bsource%5D%5D");
  // Every line is a comment, a blank, or one of the three lines we write: nothing was injected.
  for (const auto& line : lines_of(toml_text)) {
    INFO(line);
    CHECK((line.empty() || line.starts_with("# ") || line == "#" || line == "[[source]]" ||
           line.starts_with("name = \"") || line.starts_with("url = \"https://")));
  }
  CHECK_FALSE(contains(toml_text, "\u202E"));  // comments cannot be made to read backwards
  CHECK(contains(toml_text, "# Bidi evil and zerowidth\n"));
  CHECK(contains(toml_text, "\n\n# skipped malformed URL: https://m.example.org:http/feed\n"
                            "# skipped (not an http or https URL): file:///etc/passwd\n"));
  CHECK(contains(toml_text, "# skipped (not an http or https URL): javascript:alert(1)\n"));
  CHECK(contains(toml_text, "# skipped malformed URL: https://m.example.org:http/feed\n"));
  CHECK(contains(toml_text, "# skipped (not an http or https URL): ftp://l.example.org/ [[source]] name=\"x\"\n"));
  CHECK(contains(toml_text, "# skipped (type \"x [[source]] name = \"t\"\", not RSS or Atom): https://k.example.org/feed\n"));
}

TEST_CASE("invalid UTF-8 and very long titles still give short valid names", "[feeds][opml][import][hostile]") {
  const std::string long_title(500, 'a');
  const std::string xml = "<opml><body><outline text=\"bad \xFF\xFE bytes\" xmlUrl=\"https://a.example/\"/>"
                          "<outline text=\"" + long_title + "\" xmlUrl=\"https://b.example/\"/>"
                          "<outline text=\"Ünïcödé " + std::string(100, 'z') + "\" xmlUrl=\"https://c.example/\"/>"
                          "</body></opml>";
  const std::string toml_text = feeds::to_sources_toml(parse_ok(xml), "\xFF.opml");
  const auto sources = sources_of(toml_text);
  REQUIRE(sources.size() == 3);
  CHECK(sources[0].name == "bad-bytes");
  CHECK(sources[1].name == std::string(60, 'a'));
  CHECK(sources[2].name.size() <= 60);
  CHECK(sources[2].name.starts_with("Ünïcödé-zzz"));
}

TEST_CASE("write_opml escapes what it writes, and parse_opml reads it back", "[feeds][opml][export]") {
  const std::vector<feeds::OpmlFeed> written{
      {.title = "amnesty-uk", .xml_url = "https://www.amnesty.example/feed?a=1&b=2", .type = "rss"},
      {.title = "quotes \"<&>\" and 'apostrophes'", .xml_url = "https://q.example/rss", .type = ""},
      {.title = "in a folder", .xml_url = "https://f.example/atom", .html_url = "https://f.example/",
       .type = "atom", .category = {"News", "World & more"}},
      {.title = "same folder", .xml_url = "https://g.example/atom", .category = {"News", "World & more"}},
  };
  const std::string xml = feeds::write_opml(written, "vigil <sources>");
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
  CHECK(contains(xml, R"(<outline type="rss" text="amnesty-uk" title="amnesty-uk" xmlUrl="https://www.amnesty.example/feed?a=1&amp;b=2" />)"));
  CHECK(contains(xml, R"(text="quotes &quot;&lt;&amp;>&quot; and 'apostrophes'")"));

  const auto read = parse_ok(xml);
  CHECK(read.title == "vigil <sources>");
  REQUIRE(read.feeds.size() == written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    CHECK(read.feeds[i].title == written[i].title);
    CHECK(read.feeds[i].xml_url == written[i].xml_url);
    CHECK(read.feeds[i].html_url == written[i].html_url);
    CHECK(read.feeds[i].category == written[i].category);
    CHECK(read.feeds[i].type == (written[i].type.empty() ? "rss" : written[i].type));
  }
  // One folder outline per path, not one per feed.
  std::size_t outlines = 0;
  for (auto at = xml.find("<outline "); at != std::string::npos; at = xml.find("<outline ", at + 1)) ++outlines;
  CHECK(outlines == written.size() + 2);
}

TEST_CASE("exported sources import back under the same names", "[feeds][opml][export][import]") {
  const std::vector<std::string> names{"amnesty-uk", "hrw", "ngo-press-page", "un-news-2"};
  std::vector<feeds::OpmlFeed> exported;
  for (const auto& name : names) exported.push_back({.title = name, .xml_url = "https://" + name + ".example/feed"});
  const auto sources = sources_of(feeds::to_sources_toml(parse_ok(feeds::write_opml(exported, "vigil sources")), "-"));
  REQUIRE(sources.size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(sources[i].name == names[i]);
    CHECK(sources[i].url == exported[i].xml_url);
  }
}
