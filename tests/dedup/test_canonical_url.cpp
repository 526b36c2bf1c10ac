#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "dedup/canonical_url.hpp"
#include "tests/support/child_process.hpp"

using vigil::dedup::canonical_url;

TEST_CASE("canonical URLs follow the table in the fixture", "[dedup][url]") {
  std::istringstream table(vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) +
                                                  "/tests/fixtures/dedup/canonical_urls.tsv"));
  std::string line;
  int rows = 0;
  while (std::getline(table, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const auto input = line.substr(0, tab);
    const auto expected = line.substr(tab + 1);
    INFO("input: [" << input << "]");
    CHECK(canonical_url(input) == expected);
    ++rows;
  }
  CHECK(rows >= 40);
}

TEST_CASE("http and https, www and no www give one URL", "[dedup][url]") {
  const auto canonical = canonical_url("https://amnesty.org/en/a");
  CHECK(canonical_url("http://www.amnesty.org/en/a") == canonical);
  CHECK(canonical_url("HTTPS://WWW.AMNESTY.ORG:443/en/a#top") == canonical);
  CHECK(canonical_url("https://amnesty.org/en/a?utm_source=rss") == canonical);
}

TEST_CASE("a canonical URL is its own canonical form", "[dedup][url]") {
  for (const auto* url : {"HTTP://WWW.Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1#frag",
                          "https://example.org/%7euser/%2f?x=%3d", "https://example.org",
                          "https://amp.paper.example/world/amp/story.amp.html?amp=1",
                          "https://www.google.com/amp/s/paper.example/story/", "https://spa.example/#!/a/"}) {
    const auto once = canonical_url(url);
    CHECK(canonical_url(once) == once);
  }
}

TEST_CASE("reserved characters stay percent-encoded", "[dedup][url]") {
  CHECK(canonical_url("https://example.org/a%2Fb") != canonical_url("https://example.org/a/b"));
  CHECK(canonical_url("https://example.org/?q=a%26b") == "https://example.org/?q=a%26b");
}

TEST_CASE("unparseable input comes back trimmed", "[dedup][url]") {
  CHECK(canonical_url("  http://exa mple.org/  ") == "http://exa mple.org/");
  CHECK(canonical_url("\thttps://example.org:99999999999/\n") == "https://example.org:99999999999/");
}

TEST_CASE("every canonical form in the table is its own canonical form", "[dedup][url]") {
  std::istringstream table(vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) +
                                                  "/tests/fixtures/dedup/canonical_urls.tsv"));
  std::string line;
  while (std::getline(table, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto expected = line.substr(line.find('\t') + 1);
    INFO("canonical: [" << expected << "]");
    CHECK(canonical_url(expected) == expected);
  }
}

TEST_CASE("configured tracking parameters are dropped too", "[dedup][url]") {
  const std::vector<std::string> extra{"ref", "Source", "trk_*"};
  CHECK(canonical_url("https://example.org/a?ref=homepage&id=3&source=rss&trk_c=1&TRK_x=2", extra) ==
        "https://example.org/a?id=3");
  // Without the list they are part of the URL.
  CHECK(canonical_url("https://example.org/a?ref=homepage&id=3") == "https://example.org/a?id=3&ref=homepage");
  // A prefix entry matches names that start with it, not names that contain it.
  CHECK(canonical_url("https://example.org/a?xtrk_c=1", extra) == "https://example.org/a?xtrk_c=1");
}

TEST_CASE("AMP pages are their articles", "[dedup][url][amp]") {
  const auto article = canonical_url("https://paper.example/world/2024/story");
  for (const auto* amp : {"https://amp.paper.example/world/2024/story", "https://paper.example/world/2024/story/amp/",
                          "https://paper.example/amp/world/2024/story", "https://paper.example/world/2024/story?amp",
                          "https://paper.example/world/2024/story?amp=1", "https://paper.example/world/2024/story.amp",
                          "https://www.google.com/amp/s/paper.example/world/2024/story",
                          "https://paper-example.cdn.ampproject.org/c/s/paper.example/world/2024/story"}) {
    INFO(amp);
    CHECK(canonical_url(amp) == article);
  }
  // Words that only contain "amp" are not AMP markers.
  CHECK(canonical_url("https://paper.example/camp/story") == "https://paper.example/camp/story");
  CHECK(canonical_url("https://paper.example/story?amp=0") == "https://paper.example/story?amp=0");
  CHECK(canonical_url("https://paper.example/amplifier.amphtml") == "https://paper.example/amplifier.amphtml");
}
