#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "feeds/sitemap.hpp"
#include "model/time.hpp"
#include "tests/feeds/feed_fixtures.hpp"
#include "tests/support/child_process.hpp"

namespace {

using vigil::FetchResult;
using vigil::feeds::parse_sitemap;
using vigil::feeds::ParseError;
using vigil::feeds::Sitemap;
using vigil::feeds_test::fetched;
using vigil::feeds_test::rfc3339;

std::string sitemap_fixture(const std::string& name) {
  return vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/sitemaps/" + name);
}

Sitemap parse_ok(const FetchResult& r) {
  auto parsed = parse_sitemap(r);
  if (!parsed) FAIL("parse_sitemap failed: " << parsed.error().message);
  return std::move(*parsed);
}

std::vector<std::string> links_of(const Sitemap& s) {
  std::vector<std::string> links;
  for (const auto& item : s.items) links.push_back(item.link);
  return links;
}

bool has_warning(const Sitemap& s, std::string_view part) {
  return std::any_of(s.warnings.begin(), s.warnings.end(),
                     [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

const std::string urlset_start =
    "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";

std::string urlset(const std::string& entries) { return urlset_start + entries + "</urlset>"; }

}  // namespace

TEST_CASE("a urlset gives one item per http(s) <loc>, newest first, undated entries last in document order",
          "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(sitemap_fixture("urlset.xml"), "https://ngo.example/sitemap.xml"));
  CHECK(links_of(s) == std::vector<std::string>{
                           "https://ngo.example/press/newest",
                           "https://ngo.example/press/field-report?lang=en&page=2",
                           "https://ngo.example/press/older-statement",
                           "https://ngo.example/press/relative-page",
                           "https://ngo.example/about",
                       });
  REQUIRE(s.items.size() == 5);
  CHECK(rfc3339(s.items[0].published) == "2026-11-26T08:00:00Z");
  CHECK(rfc3339(s.items[1].published) == "2026-11-20T08:30:00Z");  // lastmod with its offset
  CHECK(rfc3339(s.items[2].published) == "2026-10-02T00:00:00Z");  // the first of two entries for one URL
  CHECK_FALSE(s.items[3].published);
  CHECK_FALSE(s.items[4].published);
  for (const auto& item : s.items) {
    CHECK(item.id == item.link);
    CHECK(item.source == "test-source");
    CHECK(item.title.empty());
    CHECK_FALSE(item.updated);
  }
  CHECK(s.sitemaps.empty());
}

TEST_CASE("a sitemap drops javascript:, ftp: and other non-http(s) locations with a warning, and resolves "
          "relative ones",
          "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(sitemap_fixture("urlset.xml"), "https://ngo.example/sitemap.xml"));
  for (const auto& link : links_of(s)) {
    CHECK(link.starts_with("https://"));
    CHECK(link.find("javascript") == std::string::npos);
    CHECK(link.find("ftp") == std::string::npos);
  }
  CHECK(has_warning(s, "dropped 2 <loc> that are not http(s) URLs"));
  CHECK(has_warning(s, "skipped 1 entries without <loc>"));
}

TEST_CASE("relative locations under a file:// sitemap resolve to file: and are dropped", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(urlset("<url><loc>secret.txt</loc></url><url><loc>https://ngo.example/a</loc></url>"),
                                     "file:///srv/site/sitemap.xml"));
  CHECK(links_of(s) == std::vector<std::string>{"https://ngo.example/a"});
}

TEST_CASE("a Google News sitemap gives titles, languages and publication dates, newest first", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(sitemap_fixture("news.xml"), "https://news.ngo.example/news-sitemap.xml"));
  REQUIRE(s.items.size() == 3);
  CHECK(s.items[0].link == "https://news.ngo.example/2026/11/26/treaty-meeting");
  CHECK(s.items[0].title == "Réunion des États parties : l’accord & la suite");
  CHECK(s.items[0].lang == "fr");
  // news:publication_date wins over lastmod.
  CHECK(rfc3339(s.items[0].published) == "2026-11-26T13:05:00Z");

  CHECK(s.items[1].link == "https://news.ngo.example/2026/11/25/survey");
  CHECK(s.items[1].title == "Обстеження: нові ділянки");  // markup in CDATA stripped
  CHECK(s.items[1].lang == "uk");
  CHECK(rfc3339(s.items[1].published) == "2026-11-25T00:00:00Z");

  CHECK(s.items[2].link == "https://news.ngo.example/2026/11/24/clearance-teams");
  CHECK(s.items[2].title == "Clearance teams return to the northern fields");
  CHECK(s.items[2].lang == "en");
  CHECK(rfc3339(s.items[2].published) == "2026-11-24T16:45:00Z");
  CHECK(s.warnings.empty());
}

TEST_CASE("news tags are read even when the sitemap forgot to declare the news prefix", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(
      urlset("<url><loc>https://ngo.example/n/1</loc><news:news><news:title>Undeclared</news:title>"
             "<news:publication_date>2026-11-26T10:00:00Z</news:publication_date></news:news></url>")));
  REQUIRE(s.items.size() == 1);
  CHECK(s.items[0].title == "Undeclared");
  CHECK(rfc3339(s.items[0].published) == "2026-11-26T10:00:00Z");
}

TEST_CASE("a sitemap index lists its child sitemaps, newest lastmod first, http(s) only", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(sitemap_fixture("index.xml"), "https://ngo.example/sitemap_index.xml"));
  CHECK(s.items.empty());
  CHECK(s.sitemaps == std::vector<std::string>{
                          "https://ngo.example/sitemaps/press-2026.xml",
                          "https://ngo.example/sitemaps/news.xml",
                          "https://ngo.example/sitemaps/press-2025.xml.gz",
                          "https://ngo.example/sitemaps/undated.xml",
                      });
  CHECK(has_warning(s, "not http(s)"));
}

TEST_CASE("a sitemap without the sitemaps.org namespace is read too", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched("<urlset><url><loc>https://ngo.example/x</loc><lastmod>2026-11-02</lastmod>"
                                     "</url></urlset>"));
  REQUIRE(s.items.size() == 1);
  CHECK(rfc3339(s.items[0].published) == "2026-11-02T00:00:00Z");
}

TEST_CASE("a gzip-compressed sitemap reads as the same sitemap uncompressed", "[feeds][sitemap]") {
  FetchResult gz = fetched(sitemap_fixture("news.xml.gz"), "https://news.ngo.example/news-sitemap.xml.gz");
  gz.content_type = "application/gzip";
  const Sitemap compressed = parse_ok(gz);
  const Sitemap plain = parse_ok(fetched(sitemap_fixture("news.xml"), "https://news.ngo.example/news-sitemap.xml.gz"));
  CHECK(links_of(compressed) == links_of(plain));
  REQUIRE(compressed.items.size() == 3);
  CHECK(compressed.items[0].title == plain.items[0].title);
  CHECK(compressed.warnings.empty());
}

TEST_CASE("a gzip sitemap cut short keeps the complete entries it holds, with warnings", "[feeds][sitemap]") {
  const std::string whole = sitemap_fixture("archive.xml.gz");
  const Sitemap full = parse_ok(fetched(whole));
  REQUIRE(full.items.size() == 200);
  const Sitemap cut = parse_ok(fetched(whole.substr(0, whole.size() / 2)));
  CHECK(cut.items.size() > 10);
  CHECK(cut.items.size() < 200);
  CHECK(has_warning(cut, "gzip data ends early"));
  CHECK(has_warning(cut, "complete entries before it"));
  for (const auto& item : cut.items) CHECK(item.link.starts_with("https://archive.ngo.example/reports/"));
}

TEST_CASE("corrupt gzip data is a malformed sitemap", "[feeds][sitemap]") {
  const auto parsed = parse_sitemap(fetched(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10) +
                                            "this is not deflate data at all"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == ParseError::Kind::malformed);
  CHECK(parsed.error().message.find("gzip") != std::string::npos);
}

TEST_CASE("malformed sitemap XML keeps the complete entries before the error", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(urlset_start + "<url><loc>https://ngo.example/1</loc></url>"
                                    "<url><loc>https://ngo.example/2</loc><lastmod>2026-"));
  CHECK(links_of(s) == std::vector<std::string>{"https://ngo.example/1"});
  CHECK(has_warning(s, "malformed XML"));
}

TEST_CASE("hand-written mistakes in sitemap XML are repaired: a bare '&' or '<'", "[feeds][sitemap]") {
  const Sitemap amp = parse_ok(fetched(urlset("<url><loc>https://ngo.example/search?a=1&b=2</loc></url>")));
  CHECK(links_of(amp) == std::vector<std::string>{"https://ngo.example/search?a=1&b=2"});
  const Sitemap lt = parse_ok(fetched(
      "<urlset xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://ngo.example/n</loc>"
      "<news:news><news:title>Mines < 5 km from schools</news:title></news:news></url></urlset>"));
  REQUIRE(lt.items.size() == 1);
  CHECK(lt.items[0].title == "Mines < 5 km from schools");
  CHECK(has_warning(lt, "repairing"));
}

TEST_CASE("unreadable sitemaps are errors: malformed, empty, or not a sitemap", "[feeds][sitemap]") {
  auto kind_of = [](std::string body) {
    const auto parsed = parse_sitemap(fetched(std::move(body)));
    REQUIRE_FALSE(parsed);
    return parsed.error().kind;
  };
  CHECK(kind_of("<urlset><url><loc>https://ngo.example/1") == ParseError::Kind::malformed);
  CHECK(kind_of("") == ParseError::Kind::malformed);
  CHECK(kind_of("  \n ") == ParseError::Kind::malformed);
  CHECK(kind_of("<rss version=\"2.0\"><channel><title>x</title></channel></rss>") == ParseError::Kind::not_a_feed);
  CHECK(kind_of("<!DOCTYPE html><html><body><p>Not found<br></body></html>") == ParseError::Kind::not_a_feed);
  CHECK(kind_of("{\"version\": \"https://jsonfeed.org/version/1.1\"}") == ParseError::Kind::not_a_feed);
  CHECK(kind_of("just some words\nhttps://ngo.example/1\n") == ParseError::Kind::not_a_feed);
  const auto rss = parse_sitemap(fetched("<rss version=\"2.0\"><channel/></rss>"));
  REQUIRE_FALSE(rss);
  CHECK(rss.error().message == "sitemap: not a sitemap (root element <rss>)");
}

TEST_CASE("a plain-text sitemap lists one URL per line", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched("\xEF\xBB\xBFhttps://ngo.example/a\r\nhttps://ngo.example/b\n\nnot a url\n"
                                     "ftp://ngo.example/c\nhttps://ngo.example/a\n"));
  CHECK(links_of(s) == std::vector<std::string>{"https://ngo.example/a", "https://ngo.example/b"});
  CHECK(has_warning(s, "skipped 2 lines that are not URLs"));
}

TEST_CASE("a sitemap reads at most 50,000 URLs, with a warning beyond", "[feeds][sitemap]") {
  std::string entries;
  entries.reserve(50'010 * 50);
  for (int i = 0; i < 50'010; ++i) entries += "<url><loc>https://ngo.example/p/" + std::to_string(i) + "</loc></url>";
  const Sitemap s = parse_ok(fetched(urlset(entries)));
  REQUIRE(s.items.size() == 50'000);
  CHECK(s.items.front().link == "https://ngo.example/p/0");
  CHECK(s.items.back().link == "https://ngo.example/p/49999");
  CHECK(has_warning(s, "more than 50000 URL entries; read the first 50000, skipped 10"));
}

TEST_CASE("a sitemap's charset follows the prolog, as feeds do", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
      "<url><loc>https://ngo.example/caf\xe9</loc><news:news><news:title>Caf\xe9 r\xe9union</news:title></news:news>"
      "</url></urlset>"));
  REQUIRE(s.items.size() == 1);
  CHECK(s.items[0].title == "Café réunion");
  CHECK(s.items[0].link == "https://ngo.example/caf%C3%A9");
}

TEST_CASE("an unparseable lastmod leaves the entry undated, with one warning", "[feeds][sitemap]") {
  const Sitemap s = parse_ok(fetched(urlset("<url><loc>https://ngo.example/1</loc><lastmod>soon</lastmod></url>"
                                            "<url><loc>https://ngo.example/2</loc><lastmod>2026-11-01</lastmod></url>")));
  CHECK(links_of(s) == std::vector<std::string>{"https://ngo.example/2", "https://ngo.example/1"});
  CHECK_FALSE(s.items[1].published);
  CHECK(has_warning(s, "unparseable date 'soon'"));
}
