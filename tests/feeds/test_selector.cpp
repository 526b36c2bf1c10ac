#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/html_dom.hpp"
#include "feeds/selector.hpp"
#include "tests/support/child_process.hpp"

using vigil::feeds::detail::HtmlDocument;
using vigil::feeds::detail::parse_html;
using vigil::feeds::detail::Selector;

namespace {

constexpr std::string_view kPage = R"(<html><body><main>
  <article class="teaser" id=a1>
    <h3><a href=" /news/one ">Mines   cleared
      in <em>Angola</em></a></h3>
    <time>undated</time><time datetime="2024-03-01">1 March</time>
    <p class=summary>First <b>summary</b>.</p>
  </article>
  <article class="teaser" id=a2>
    <h3><a name=top>anchor</a> <a href="/news/two" data-x="a@b">Two</a></h3>
    <p class=contact><a href="mailto:press@ngo.example">press@ngo.example</a></p>
  </article>
  <a class=card id=a3 href="/news/three"><span>Three</span></a>
</main></body></html>)";

const HtmlDocument& page() {
  static const HtmlDocument doc = parse_html(kPage, "text/html", "https://ngo.example/");
  return doc;
}

Selector parsed(std::string_view text) {
  auto selector = Selector::parse(text);
  INFO("selector: " << text);
  if (!selector) FAIL("parse error at " << selector.error().offset << ": " << selector.error().message);
  return std::move(*selector);
}

std::string value_or_none(const Selector& selector, pugi::xml_node scope) {
  return selector.value(scope).value_or("<none>");
}

std::string ids(const std::vector<pugi::xml_node>& nodes) {
  std::string out;
  for (const auto node : nodes) {
    if (!out.empty()) out += ' ';
    out += node.attribute("id") ? node.attribute("id").value() : node.name();
  }
  return out;
}

std::string error_of(std::string_view text) {
  const auto selector = Selector::parse(text);
  if (selector) return "parsed";
  return std::to_string(selector.error().offset) + ": " + selector.error().message;
}

pugi::xml_node article(int n) { return parsed("article").elements(page().dom).at(static_cast<std::size_t>(n)); }

}  // namespace

TEST_CASE("a CSS selector picks descendants of the scope in document order", "[select]") {
  const auto items = parsed("article.teaser, a.card");
  CHECK(ids(items.elements(page().dom)) == "a1 a2 a3");
  CHECK(ids(items.elements(page().html().child("body"))) == "a1 a2 a3");
  CHECK(ids({items.first(page().dom)}) == "a1");
  CHECK(parsed("article").elements(article(0)).empty());  // the scope itself is not its descendant
  CHECK(!parsed("table").first(page().dom));
  CHECK(items.text() == "article.teaser, a.card");
}

TEST_CASE("a CSS selector's value is the trimmed text of the first element it picks", "[select]") {
  const auto title = parsed("h3 a");
  CHECK_FALSE(title.reads_attribute());
  CHECK(value_or_none(title, article(0)) == "Mines cleared in Angola");
  CHECK(value_or_none(title, article(1)) == "anchor");
  CHECK(value_or_none(parsed("p.summary"), article(0)) == "First summary.");
  CHECK(value_or_none(parsed("p.summary"), article(1)) == "<none>");
}

TEST_CASE("@attr reads the attribute of the first picked element that has it", "[select]") {
  const auto link = parsed("h3 a@href");
  CHECK(link.reads_attribute());
  CHECK(value_or_none(link, article(0)) == "/news/one");  // trimmed
  CHECK(value_or_none(link, article(1)) == "/news/two");  // the <a name> before has no href
  CHECK(ids({link.first(article(1))}) == "a");
  CHECK(link.elements(article(1)).size() == 1);
  CHECK(value_or_none(parsed("time@datetime"), article(0)) == "2024-03-01");
  CHECK(value_or_none(parsed("time @ DATETIME"), article(0)) == "2024-03-01");
  CHECK(value_or_none(parsed("time@datetime"), article(1)) == "<none>");
  CHECK(value_or_none(parsed("h3 a@data-x"), article(1)) == "a@b");
}

TEST_CASE("an '@' inside a quoted attribute value or an escape belongs to the CSS", "[select]") {
  CHECK(value_or_none(parsed("a[href='mailto:press@ngo.example']"), article(1)) == "press@ngo.example");
  CHECK(value_or_none(parsed("a[href=\"mailto:press@ngo.example\"]@href"), article(1)) == "mailto:press@ngo.example");
  CHECK(value_or_none(parsed("[data-x=\"a@b\"]"), article(1)) == "Two");
  CHECK(value_or_none(parsed("p:not([title='x@y']) a@href"), article(1)) == "mailto:press@ngo.example");
  const auto doc = parse_html("<p class='x@y' data-v=1>at</p>", "", "");
  CHECK(value_or_none(parsed(".x\\@y"), doc.dom) == "at");
  CHECK(value_or_none(parsed(".x\\@y@data-v"), doc.dom) == "1");
}

TEST_CASE("a bare @attr reads the scope's own attribute", "[select]") {
  const auto card = parsed("a.card").first(page().dom);
  REQUIRE(card);
  const auto link = parsed("@href");
  CHECK(link.reads_attribute());
  CHECK(value_or_none(link, card) == "/news/three");
  CHECK(ids(link.elements(card)) == "a3");
  CHECK(value_or_none(link, article(0)) == "<none>");
  CHECK(value_or_none(parsed("span"), card) == "Three");
}

TEST_CASE("a CSS selector starting with a combinator is anchored at the scope", "[select]") {
  CHECK(value_or_none(parsed("> h3 a@href"), article(0)) == "/news/one");
  CHECK(value_or_none(parsed("> a"), article(0)) == "<none>");
  CHECK(value_or_none(parsed(":scope > p"), article(0)) == "First summary.");
}

TEST_CASE("XPath selects elements with the scope as context node", "[select]") {
  const auto items = parsed("xpath://article[@class='teaser']");
  CHECK_FALSE(items.reads_attribute());
  CHECK(ids(items.elements(page().dom)) == "a1 a2");
  CHECK(ids(parsed("xpath:.//a").elements(article(1))) == "a a a");
  CHECK(ids(parsed("xpath://a[@class='card'] | //article[2] | //article[1]").elements(page().dom)) == "a1 a2 a3");
  CHECK(ids({parsed("xpath:.//h3/a[@href]").first(article(1))}) == "a");
  CHECK(value_or_none(parsed("xpath:.//h3/a"), article(0)) == "Mines cleared in Angola");
  CHECK(value_or_none(parsed("xpath:h3/a"), article(1)) == "anchor");
  CHECK(value_or_none(parsed("xpath:.//table"), article(1)) == "<none>");
  CHECK(parsed("xpath:.//table").elements(article(1)).empty());
  CHECK(!parsed("xpath:.//table").first(article(1)));
}

TEST_CASE("XPath attribute results are read as values, and are no elements", "[select]") {
  const auto link = parsed("xpath:.//h3/a/@href");
  CHECK(link.reads_attribute());
  CHECK(value_or_none(link, article(0)) == "/news/one");
  CHECK(value_or_none(link, article(1)) == "/news/two");
  CHECK(link.elements(article(0)).empty());
  CHECK(parsed("xpath:(//a/@href)[2]").reads_attribute());
  CHECK(value_or_none(parsed("xpath:(//a/@href)[2]"), page().dom) == "/news/two");
  CHECK(parsed("xpath:.//time/@datetime | .//a/attribute::href").reads_attribute());
  CHECK_FALSE(parsed("xpath:.//time/@datetime | .//a").reads_attribute());
  CHECK_FALSE(parsed("xpath://a[@href='/x/@y']").reads_attribute());
  CHECK(parsed("xpath://@href[1]").reads_attribute());
}

TEST_CASE("XPath string, number and text() results are read as values", "[select]") {
  const auto date = parsed("xpath:string(.//time/@datetime)");
  CHECK(date.reads_attribute());
  CHECK(value_or_none(date, article(0)) == "2024-03-01");
  CHECK(value_or_none(date, article(1)) == "<none>");  // an empty string is nothing picked
  CHECK(date.elements(article(0)).empty());
  CHECK(value_or_none(parsed("xpath:normalize-space(.//h3)"), article(0)) == "Mines cleared in Angola");
  CHECK(value_or_none(parsed("xpath:count(//article)"), page().dom) == "2");
  CHECK(value_or_none(parsed("xpath:concat('#', @id)"), article(1)) == "#a2");
  const auto text = parsed("xpath:.//p/text()");
  CHECK(text.reads_attribute());
  CHECK(value_or_none(text, article(0)) == "First");
}

TEST_CASE("XPath syntax errors carry pugixml's offset past the prefix", "[select]") {
  CHECK(error_of("xpath://a[") == "10: XPath: Unrecognized node test");
  CHECK(error_of("xpath://li[@class='pr'") == "22: XPath: Expected ']' to match an opening '['");
  CHECK(error_of("  xpath:foo()") == "13: XPath: Unrecognized function or wrong parameter count");
  CHECK(error_of("xpath:") == "6: expected an XPath expression after 'xpath:'");
  CHECK(error_of("xpath:   ") == "6: expected an XPath expression after 'xpath:'");
  CHECK(error_of(std::string_view("xpath://a\0b", 11)) == "9: unexpected byte 0x00");
  std::string deep = "xpath:";
  for (int i = 0; i < 100; ++i) deep += "(";
  CHECK(error_of(deep) == "70: XPath expression nested deeper than 64 levels");
}

TEST_CASE("selector errors count offsets in the text as written", "[select]") {
  CHECK(error_of("  h3 a.") == "7: expected a class name after '.'");
  CHECK(error_of("\th3 a[href") == "5: unclosed '['");
  CHECK(error_of("a:hover@href") == "1: unknown pseudo-class ':hover'");
  CHECK(error_of("") == "0: expected a selector");
  CHECK(error_of("@") == "1: expected an attribute name after '@'");
  CHECK(error_of("h3 a@ ") == "5: expected an attribute name after '@'");
  CHECK(error_of("h3 a@href x") == "9: unexpected ' ' in the attribute name after '@'");
  CHECK(error_of("h3 a@href, h2 a@href") == "9: unexpected ',' in the attribute name after '@'");
  CHECK(error_of("a[title=x@y]") == "9: expected ']' to close '['");
}

TEST_CASE("a selector can be moved", "[select]") {
  auto selector = parsed("h3 a@href");
  Selector moved = std::move(selector);
  CHECK(moved.text() == "h3 a@href");
  CHECK(value_or_none(moved, article(0)) == "/news/one");
  selector = parsed("xpath://time/@datetime");
  CHECK(value_or_none(selector, page().dom) == "2024-03-01");
}

TEST_CASE("a WordPress press list is selected end to end, by CSS and by XPath alike", "[select]") {
  const auto body = vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/select/press-list-wordpress.html");
  const auto doc = parse_html(body, "text/html; charset=UTF-8", "https://ngo.example/press-releases/");

  struct Fields {
    std::string item, title, link, date, summary;
  };
  const Fields css{"main article.type-post", "h2.entry-title a", "h2.entry-title a@href",
                   "time.published@datetime", ".entry-summary"};
  const Fields xpath{"xpath://main/article[contains(concat(' ', @class, ' '), ' type-post ')]",
                     "xpath:.//h2[@class='entry-title']/a", "xpath:.//h2[@class='entry-title']/a/@href",
                     "xpath:string(.//time[contains(@class, 'published')]/@datetime)",
                     "xpath:.//div[@class='entry-summary']"};
  for (const auto& fields : {css, xpath}) {
    INFO("item selector: " << fields.item);
    const auto item = parsed(fields.item);
    const auto title = parsed(fields.title);
    const auto link = parsed(fields.link);
    const auto date = parsed(fields.date);
    const auto summary = parsed(fields.summary);
    CHECK(link.reads_attribute());
    CHECK(date.reads_attribute());
    CHECK_FALSE(summary.reads_attribute());

    const auto items = item.elements(doc.dom);
    REQUIRE(items.size() == 3);  // not the sidebar's <article class="page">, not the <script>'s text
    CHECK(value_or_none(title, items[0]) == "Landmine Monitor 2024: casualties at a four-year high");
    CHECK(value_or_none(link, items[0]) == "https://ngo.example/2024/03/05/landmine-monitor-2024/");
    CHECK(value_or_none(date, items[0]) == "2024-03-05T09:00:00+00:00");
    CHECK(value_or_none(summary, items[0]).starts_with("The annual report counts 4,710 casualties"));

    CHECK(value_or_none(title, items[1]) == "Clearance teams return to Kharkiv region");
    CHECK(value_or_none(link, items[1]) == "/2024/02/20/clearance-kharkiv/");
    CHECK(value_or_none(date, items[1]) == "2024-02-20T14:15:00+00:00");
    CHECK(value_or_none(summary, items[1]) == "Deminers resumed work on farmland near Izium after the winter pause.");

    CHECK(value_or_none(title, items[2]) == "Statement on the Ottawa Convention & its 25th anniversary");
    CHECK(value_or_none(link, items[2]) == "/2024/02/01/statement-ottawa-convention/");
    CHECK(value_or_none(date, items[2]) == "<none>");
  }
}
