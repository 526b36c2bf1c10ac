#include <catch2/catch.hpp>

#include "feeds/html_list.hpp"
#include "feeds/parse_source.hpp"
#include "model/time.hpp"

using vigil::FetchResult;
using vigil::SourceSpec;
using vigil::SourceType;
using vigil::feeds::parse_html_list;
using vigil::feeds::parse_source;

namespace {

FetchResult page(std::string body, std::string url = "https://field-aid.example/press/") {
  FetchResult result;
  result.source = "press";
  result.url = url;
  result.final_url = url;
  result.status = 200;
  result.content_type = "text/html; charset=utf-8";
  result.body = std::move(body);
  return result;
}

SourceSpec html_source(vigil::SelectSpec select, std::string date_format = {}) {
  SourceSpec source;
  source.name = "press";
  source.type = SourceType::html;
  source.select = std::move(select);
  source.date_format = std::move(date_format);
  return source;
}

// A list page shaped like a CMS's: navigation and sidebar links around the list, tag soup
// (unclosed <li> and <p>), relative links, a <time> with datetime and one without.
const std::string kPressPage = R"html(<!doctype html>
<html lang="en-GB"><head><title>Press releases | Field Aid</title></head>
<body><nav><a href="/">Home</a><a href="/donate">Donate</a></nav>
<main><h1>Press releases</h1>
<ul class="releases">
 <li class="release"><h3><a href="2026/harvest">Statement on the harvest &amp; the fields</a></h3>
     <time datetime="2026-11-26T09:30:00Z">26 November 2026</time><p class="teaser">Farmers found <b>mines</b>.
 <li class="release"><h3><a href="/press/2026/roads?ref=list">Rural roads reopen</a></h3>
     <time>20 November 2026</time><p class="teaser">Two roads stay closed.
 <li class="release"><h3><a href="javascript:void(0)">A script link</a></h3><time>19 November 2026</time>
</ul></main>
<aside><h3><a href="/gala">Our gala</a></h3></aside></body></html>)html";

}  // namespace

TEST_CASE("a list page's items come out with resolved links, dates and HTML summaries", "[feeds][html_list]") {
  const auto feed = parse_html_list(page(kPressPage), html_source({.item = "ul.releases > li.release",
                                                                   .title = "h3 a",
                                                                   .link = "h3 a@href",
                                                                   .date = "time",
                                                                   .summary = "p.teaser",
                                                                   .id = {}}));
  REQUIRE(feed);
  CHECK(feed->title == "Press releases | Field Aid");
  REQUIRE(feed->items.size() == 3);
  const auto& first = feed->items[0];
  CHECK(first.title == "Statement on the harvest & the fields");
  CHECK(first.link == "https://field-aid.example/press/2026/harvest");
  CHECK(first.id == first.link);
  CHECK(first.source == "press");
  CHECK(first.lang == "en-GB");
  REQUIRE(first.published);
  CHECK(vigil::format_rfc3339(*first.published) == "2026-11-26T09:30:00Z");  // the datetime attribute wins
  CHECK(first.summary == "Farmers found <b>mines</b>.");
  REQUIRE(feed->items[1].published);
  CHECK(vigil::format_rfc3339(*feed->items[1].published) == "2026-11-20T00:00:00Z");  // written date
  CHECK(feed->items[1].link == "https://field-aid.example/press/2026/roads?ref=list");
  CHECK(feed->items[2].link.empty());  // javascript: is never kept
  CHECK(feed->items[2].title == "A script link");
}

TEST_CASE("without field selectors, the first heading and link of each item are used", "[feeds][html_list]") {
  const auto feed = parse_html_list(page(kPressPage), html_source({.item = "li.release"}));
  REQUIRE(feed);
  REQUIRE(feed->items.size() == 3);
  CHECK(feed->items[1].title == "Rural roads reopen");
  CHECK(feed->items[1].link == "https://field-aid.example/press/2026/roads?ref=list");
  CHECK_FALSE(feed->items[1].published);
}

TEST_CASE("XPath selectors pick items and fields too", "[feeds][html_list]") {
  const auto feed = parse_html_list(
      page(kPressPage), html_source({.item = "xpath://ul[@class='releases']/li",
                                     .title = "xpath:string(.//h3/a)",
                                     .link = "xpath:.//h3/a/@href",
                                     .date = {},
                                     .summary = {},
                                     .id = {}}));
  REQUIRE(feed);
  REQUIRE(feed->items.size() == 3);
  CHECK(feed->items[0].title == "Statement on the harvest & the fields");
  CHECK(feed->items[0].link == "https://field-aid.example/press/2026/harvest");
}

TEST_CASE("<base href> is the base of the page's links", "[feeds][html_list]") {
  const auto feed = parse_html_list(
      page("<head><base href=\"https://cdn.field-aid.example/en/\"></head><div class=i><a href=\"s/1\">One</a></div>"),
      html_source({.item = ".i"}));
  REQUIRE(feed);
  REQUIRE(feed->items.size() == 1);
  CHECK(feed->items[0].link == "https://cdn.field-aid.example/en/s/1");
}

TEST_CASE("a date_format reads month-first dates", "[feeds][html_list]") {
  const std::string body = "<div class=i><a href=/a>A</a><span class=d>11/03/2026</span></div>";
  const auto day_first = parse_html_list(page(body), html_source({.item = ".i", .date = ".d"}));
  const auto month_first = parse_html_list(page(body), html_source({.item = ".i", .date = ".d"}, "%m/%d/%Y"));
  REQUIRE(day_first);
  REQUIRE(month_first);
  CHECK(vigil::format_rfc3339(*day_first->items[0].published) == "2026-03-11T00:00:00Z");
  CHECK(vigil::format_rfc3339(*month_first->items[0].published) == "2026-11-03T00:00:00Z");
}

TEST_CASE("a selector that matches nothing fails the source and names the selector", "[feeds][html_list]") {
  const auto no_items = parse_html_list(page(kPressPage), html_source({.item = "article.teaser"}));
  REQUIRE_FALSE(no_items);
  CHECK(no_items.error().message == "html: item selector \"article.teaser\" matched nothing on the page");

  const auto no_dates = parse_html_list(page(kPressPage), html_source({.item = "li.release", .date = "span.date"}));
  REQUIRE_FALSE(no_dates);
  CHECK(no_dates.error().message == "html: date selector \"span.date\" matched nothing in any of the 3 items");
}

TEST_CASE("items with neither title nor link are skipped with a warning", "[feeds][html_list]") {
  const auto feed = parse_html_list(page("<p class=i><a href=/a>A</a></p><p class=i></p>"), html_source({.item = ".i"}));
  REQUIRE(feed);
  CHECK(feed->items.size() == 1);
  REQUIRE_FALSE(feed->warnings.empty());
  CHECK(feed->warnings.back() == "html: 1 item(s) without title or link skipped");
}

TEST_CASE("a feed source whose URL serves an HTML page points to the feed it advertises", "[feeds][html_list]") {
  SourceSpec source;
  source.name = "harbour";
  const auto with_feed = parse_source(
      page("<!doctype html><html><head><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom\"></head></html>",
           "https://harbour.example/news"),
      source);
  REQUIRE(with_feed);
  REQUIRE(with_feed->discovered_feed);
  CHECK(*with_feed->discovered_feed == "https://harbour.example/atom");
  CHECK(with_feed->feed.items.empty());

  const auto without = parse_source(page("<!doctype html><html><body>Hello</body></html>"), source);
  REQUIRE_FALSE(without);
  CHECK(without.error().message.find("advertises no feed") != std::string::npos);
}
