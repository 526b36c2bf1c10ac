// The keys of HTML list pages, sitemaps and followed pages: type, [source.select], date_format,
// follow, robots, follow_private.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

LoadResult load_source(const TempDir& dir, const std::string& keys) {
  return load_text(dir, "[[source]]\nname = \"press\"\nurl = \"https://ngo.example/press\"\n" + keys);
}

}  // namespace

TEST_CASE("an HTML source reads its selectors, date format and follow switches", "[config][html]") {
  TempDir dir;
  const auto result = load_source(dir, R"toml(type = "html"
follow = true
robots = false
follow_private = true
date_format = "%m/%d/%Y"
[source.select]
item = "article.teaser"
title = "h3 a"
link = "h3 a@href"
date = "xpath:string(.//time/@datetime)"
summary = "p.summary"
id = "@data-id"
)toml");
  INFO(printed(result, dir).size());
  REQUIRE(result.ok());
  CHECK(result.diagnostics.empty());
  const auto& source = result.config->sources.at(0);
  CHECK(source.type == vigil::SourceType::html);
  CHECK(source.follow);
  CHECK_FALSE(source.robots);
  CHECK(source.follow_private);
  CHECK(source.date_format == "%m/%d/%Y");
  CHECK(source.select.item == "article.teaser");
  CHECK(source.select.link == "h3 a@href");
  CHECK(source.select.date == "xpath:string(.//time/@datetime)");
  CHECK(source.select.id == "@data-id");
}

TEST_CASE("the defaults: a feed, not followed, robots.txt respected", "[config][html]") {
  TempDir dir;
  const auto result = load_source(dir, "");
  REQUIRE(result.ok());
  const auto& source = result.config->sources.at(0);
  CHECK(source.type == vigil::SourceType::feed);
  CHECK_FALSE(source.follow);
  CHECK(source.robots);
  CHECK_FALSE(source.follow_private);
}

TEST_CASE("selector mistakes are config errors with the place and the column in the selector", "[config][html]") {
  TempDir dir;
  const auto result = load_source(dir, R"(type = "html"
[source.select]
item = "article."
titel = "h3"
link = ""
)");
  REQUIRE_FALSE(result.ok());
  const auto lines = printed(result, dir);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].starts_with("vigil.toml:6:8: error: key \"select.item\" in [[source]] \"press\": selector, column 9: "));
  CHECK(lines[1] == "vigil.toml:7:1: error: key \"select.titel\" in [[source]] \"press\": unknown; expected one of "
                    "item, title, link, date, summary, id");
  CHECK(lines[2] == "vigil.toml:8:8: error: key \"select.link\" in [[source]] \"press\": expected a CSS selector or "
                    "\"xpath:\" and an XPath expression, got \"\"");
}

TEST_CASE("type = \"html\" needs an item selector; select belongs to HTML sources", "[config][html]") {
  TempDir dir;
  const auto missing = load_source(dir, "type = \"html\"\n");
  REQUIRE_FALSE(missing.ok());
  CHECK(printed(missing, dir) ==
        Lines{"vigil.toml:4:8: error: key \"select.item\" in [[source]] \"press\": required for type = \"html\": the "
              "selector of the page's items, like select = { item = \"article.teaser\" }"});

  const auto stray = load_source(dir, "[source.select]\nitem = \"li\"\n");
  REQUIRE(stray.ok());
  CHECK(printed(stray, dir) ==
        Lines{"vigil.toml:4:1: warning: key \"select\" in [[source]] \"press\": used only with type = \"html\""});

  const auto bad_type = load_source(dir, "type = \"page\"\n");
  REQUIRE_FALSE(bad_type.ok());
  CHECK(printed(bad_type, dir) == Lines{"vigil.toml:4:8: error: key \"type\" in [[source]] \"press\": expected "
                                        "\"feed\", \"html\" or \"sitemap\", got \"page\""});
  const auto bad_format = load_source(dir, "type = \"html\"\ndate_format = \"dd/mm\"\n[source.select]\nitem = \"li\"\n");
  REQUIRE_FALSE(bad_format.ok());
  CHECK(printed(bad_format, dir).at(0).find("expected a date format with % directives") != std::string::npos);
}
