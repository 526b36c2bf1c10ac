#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/css_select.hpp"
#include "feeds/html_dom.hpp"

namespace css = vigil::feeds::detail::css;
using vigil::feeds::detail::HtmlDocument;
using vigil::feeds::detail::parse_html;

namespace {

// Every element carries an id, so a selection reads as a list of ids.
constexpr std::string_view kPage = R"(<!DOCTYPE html><html><body>
<div id=main class="list wide">
  <article id=a1 class="teaser news" data-kind="press-release" lang="en-GB">
    <h3 id=h1><a id=l1 href="/news/one" title="Landmine Report 2024">One</a></h3>
    <p id=p1 class="summary">First</p>
    <time id=t1 datetime="2024-03-01">1 March</time>
  </article>
  <article id=a2 class="  teaser	" data-kind="statement" lang="en">
    <h3 id=h2><a id=l2 href="https://ngo.example/news/two.pdf">Two</a></h3>
    <p id=p2>Second</p><p id=p3 class="summary lead">Third</p>
  </article>
  <aside id=s1 class="teaser-box"><p id=p4></p><span id=x1 class="md:flex">x</span></aside>
  <article id=a3 class="TEASER" data-kind="press">
    <h3 id=h3>No link</h3>
  </article>
</div>
<ul id=list><li id=i1>1</li><li id=i2>2</li><li id=i3>3</li><li id=i4>4</li><li id=i5>5</li><li id=i6>6</li><li id=i7>7</li></ul>
</body></html>)";

const HtmlDocument& page() {
  static const HtmlDocument doc = parse_html(kPage, "text/html", "https://ngo.example/");
  return doc;
}

// The ids (else the names) of the elements `selector` picks under `scope`, space-separated.
std::string pick_in(pugi::xml_node scope, std::string_view selector) {
  const auto list = css::parse(selector);
  INFO("selector: " << selector);
  if (!list) FAIL("parse error at " << list.error().offset << ": " << list.error().message);
  std::string ids;
  for (const auto e : css::select_all(*list, scope)) {
    if (!ids.empty()) ids += ' ';
    ids += e.attribute("id") ? e.attribute("id").value() : e.name();
  }
  return ids;
}

std::string pick(std::string_view selector) { return pick_in(page().dom, selector); }

// <div> for 'a', <p> for 'b', <span> for 'c'; class x, y or none ('-').
std::string fmt_element(char tag, char cls) {
  const std::string name = tag == 'a' ? "div" : tag == 'b' ? "p" : "span";
  const std::string attribute = cls == '-' ? "" : std::string(" class=") + cls;
  return "<" + name + attribute + ">" + (tag == 'a' ? "" : "</" + name + ">");
}

pugi::xml_node by_id(const char* id) {
  return page().dom.find_node([id](pugi::xml_node n) { return std::string_view(n.attribute("id").value()) == id; });
}

// "offset: message" of a selector that must not parse.
std::string error_of(std::string_view selector) {
  const auto list = css::parse(selector);
  if (list) return "parsed";
  return std::to_string(list.error().offset) + ": " + list.error().message;
}

}  // namespace

TEST_CASE("type selectors match element names in any case, and * matches every element", "[select][css]") {
  CHECK(pick("article") == "a1 a2 a3");
  CHECK(pick("ARTICLE") == "a1 a2 a3");
  CHECK(pick("h3") == "h1 h2 h3");
  CHECK(pick("section").empty());
  CHECK(pick("#main > *") == "a1 a2 s1 a3");
  CHECK(pick("aside *") == "p4 x1");
}

TEST_CASE("#id matches the id attribute exactly", "[select][css]") {
  CHECK(pick("#a2") == "a2");
  CHECK(pick("article#a2") == "a2");
  CHECK(pick("p#a2").empty());
  CHECK(pick("#A2").empty());
  CHECK(pick("#a2#a2") == "a2");
  CHECK(pick("#a1#a2").empty());
}

TEST_CASE(".class matches whitespace-separated tokens of the class attribute, several at once", "[select][css]") {
  CHECK(pick(".teaser") == "a1 a2");  // not "TEASER", not "teaser-box"
  CHECK(pick(".teaser.news") == "a1");
  CHECK(pick("article.news.teaser") == "a1");
  CHECK(pick(".summary.lead") == "p3");
  CHECK(pick(".news.summary").empty());
  CHECK(pick(".teaser-box") == "s1");
  CHECK(pick(".md\\:flex") == "x1");  // an escaped ':' in a class name
}

TEST_CASE("attribute selectors test presence, equality, prefix, suffix, substring, word and dash", "[select][css]") {
  CHECK(pick("[data-kind]") == "a1 a2 a3");
  CHECK(pick("[ DATA-KIND ]") == "a1 a2 a3");
  CHECK(pick("[datetime]") == "t1");
  CHECK(pick("[data-missing]").empty());
  CHECK(pick("[data-kind=statement]") == "a2");
  CHECK(pick("[data-kind='press']") == "a3");
  CHECK(pick("[data-kind=\"press\"]") == "a3");
  CHECK(pick("[data-kind=pres]").empty());
  CHECK(pick("[data-kind^=press]") == "a1 a3");
  CHECK(pick("[data-kind^='']").empty());
  CHECK(pick("[href$='.pdf']") == "l2");
  CHECK(pick("[href$=one]") == "l1");
  CHECK(pick("[href*=news]") == "l1 l2");
  CHECK(pick("[href*=\"://\"]") == "l2");
  CHECK(pick("[title~=Report]") == "l1");
  CHECK(pick("[title~=Rep]").empty());
  CHECK(pick("[title~='Landmine Report']").empty());
  CHECK(pick("[lang|=en]") == "a1 a2");
  CHECK(pick("[lang|=en-GB]") == "a1");
  CHECK(pick("[lang|=e]").empty());
}

TEST_CASE("attribute values are case-sensitive unless the i flag is given", "[select][css]") {
  CHECK(pick("[data-kind=PRESS]").empty());
  CHECK(pick("[data-kind=PRESS i]") == "a3");
  CHECK(pick("[data-kind='PRESS' I]") == "a3");
  CHECK(pick("[data-kind=\"PRESS\"i]") == "a3");
  CHECK(pick("[data-kind^=PRESS i]") == "a1 a3");
  CHECK(pick("[class~=teaser i]") == "a1 a2 a3");
  CHECK(pick("[data-kind=press s]") == "a3");
  CHECK(pick("[data-kind=PRESS s]").empty());
}

TEST_CASE("the descendant combinator matches at any depth", "[select][css]") {
  CHECK(pick("#main h3 a") == "l1 l2");
  CHECK(pick("article a") == "l1 l2");
  CHECK(pick("div   article  time") == "t1");
  CHECK(pick("aside p") == "p4");
  CHECK(pick("ul p").empty());
  CHECK(pick("body ul li") == "i1 i2 i3 i4 i5 i6 i7");
}

TEST_CASE("the child combinator matches direct children only", "[select][css]") {
  CHECK(pick("article > a").empty());
  CHECK(pick("h3 > a") == "l1 l2");
  CHECK(pick("h3>a") == "l1 l2");
  CHECK(pick("#main > article > h3") == "h1 h2 h3");
  CHECK(pick("body > article").empty());
}

TEST_CASE("the adjacent sibling combinator matches the next element sibling", "[select][css]") {
  CHECK(pick("h3 + p") == "p1 p2");
  CHECK(pick("p + p") == "p3");
  CHECK(pick("p+time") == "t1");
  CHECK(pick("time + p").empty());
  CHECK(pick("h3 + time").empty());
}

TEST_CASE("the general sibling combinator matches any later element sibling", "[select][css]") {
  CHECK(pick("h3 ~ p") == "p1 p2 p3");
  CHECK(pick("h3 ~ time") == "t1");
  CHECK(pick("p ~ h3").empty());
  CHECK(pick("#a1 ~ article") == "a2 a3");
  CHECK(pick("li~li") == "i2 i3 i4 i5 i6 i7");
}

TEST_CASE("combinators are matched right to left, retrying other ancestors and siblings", "[select][css]") {
  const auto doc = parse_html("<div class=x><section><div id=inner><p id=q>q</p></div></section></div>"
                              "<ol><li class=a id=k1></li><li id=k2></li><li class=b id=k3></li><li id=k4></li></ol>",
                              "", "");
  CHECK(pick_in(doc.dom, ".x > section p") == "q");
  CHECK(pick_in(doc.dom, ".x > div p").empty());
  CHECK(pick_in(doc.dom, "div > div p").empty());
  CHECK(pick_in(doc.dom, "div > section div p") == "q");
  CHECK(pick_in(doc.dom, "div.x div > p") == "q");
  CHECK(pick_in(doc.dom, "div div div p").empty());
  CHECK(pick_in(doc.dom, ".a ~ li + li") == "k3 k4");
  CHECK(pick_in(doc.dom, ".a + li ~ li") == "k3 k4");
  CHECK(pick_in(doc.dom, ".a ~ .b ~ li") == "k4");
  CHECK(pick_in(doc.dom, ".b ~ .a").empty());
  CHECK(pick_in(doc.dom, "div ol li").empty());
  CHECK(pick_in(doc.dom, "body > ol > li.b + li") == "k4");
}

TEST_CASE(":first-child and :last-child look at element siblings only", "[select][css]") {
  CHECK(pick("li:first-child") == "i1");
  CHECK(pick("li:last-child") == "i7");
  CHECK(pick("article :first-child") == "h1 l1 h2 l2 h3");
  CHECK(pick("#main > :last-child") == "a3");
  CHECK(pick("p:first-child") == "p4");
  CHECK(pick("p:last-child") == "p3");
  CHECK(pick("h3 > :only-child") == "l1 l2");
  CHECK(pick("aside > :only-child").empty());
}

TEST_CASE(":nth-child takes a number, odd, even or an+b", "[select][css]") {
  CHECK(pick("li:nth-child(odd)") == "i1 i3 i5 i7");
  CHECK(pick("li:nth-child(EVEN)") == "i2 i4 i6");
  CHECK(pick("li:nth-child(3)") == "i3");
  CHECK(pick("li:nth-child( +3 )") == "i3");
  CHECK(pick("li:nth-child(0)").empty());
  CHECK(pick("li:nth-child(3n)") == "i3 i6");
  CHECK(pick("li:nth-child(3n+1)") == "i1 i4 i7");
  CHECK(pick("li:nth-child(2n - 1)") == "i1 i3 i5 i7");
  CHECK(pick("li:nth-child(-n+3)") == "i1 i2 i3");
  CHECK(pick("li:nth-child(n+5)") == "i5 i6 i7");
  CHECK(pick("li:nth-child(N)") == "i1 i2 i3 i4 i5 i6 i7");
  CHECK(pick("li:nth-child(-2n+5)") == "i1 i3 i5");
  CHECK(pick("li:nth-child(0n+2)") == "i2");
  CHECK(pick("li:nth-child(-n)").empty());
  CHECK(pick("#a2 > p:nth-child(2)") == "p2");  // the <h3> is the first child
  CHECK(pick("li:nth-last-child(2)") == "i6");
  CHECK(pick("li:nth-last-child(-n+2)") == "i6 i7");
}

TEST_CASE(":nth-of-type and :first-of-type count siblings of the same name", "[select][css]") {
  CHECK(pick("p:nth-of-type(2)") == "p3");
  CHECK(pick("p:first-of-type") == "p1 p2 p4");
  CHECK(pick("article:nth-of-type(3)") == "a3");  // the <aside> between does not count
  CHECK(pick("#main > :nth-child(3)") == "s1");
  CHECK(pick("p:last-of-type") == "p1 p3 p4");
  CHECK(pick("aside > :only-of-type") == "p4 x1");
  CHECK(pick("article:nth-last-of-type(1)") == "a3");
}

TEST_CASE(":not excludes what a compound or a list matches", "[select][css]") {
  CHECK(pick("article:not(.news)") == "a2 a3");
  CHECK(pick("p:not(.summary, #p2)") == "p4");
  CHECK(pick("#main > :not(article)") == "s1");
  CHECK(pick("li:not(:nth-child(odd))") == "i2 i4 i6");
  CHECK(pick("a:not(h3 > a)").empty());  // complex selectors inside, as Selectors 4 allows
  CHECK(pick("article:not([data-kind^=press]):not(.news)") == "a2");
  CHECK(pick("li:not(:not(#i4))") == "i4");
  CHECK(pick("h3:is(#h1, #h3)") == "h1 h3");
  CHECK(pick(":where(aside, ul) > :first-child") == "p4 i1");
}

TEST_CASE("a group matches in document order, each element once", "[select][css]") {
  CHECK(pick("time, h3, #a1") == "a1 h1 t1 h2 h3");
  CHECK(pick("article, .teaser, #a1") == "a1 a2 a3");
  CHECK(pick("li:nth-child(2) , li:first-child,li:nth-child(-n+2)") == "i1 i2");
}

TEST_CASE(":root, :empty, :scope and a leading combinator", "[select][css]") {
  CHECK(pick(":root") == "html");
  CHECK(pick("body:root").empty());
  CHECK(pick("p:empty") == "p4");
  const auto article = by_id("a1");
  REQUIRE(article);
  CHECK(pick_in(article, ":scope > h3") == "h1");
  CHECK(pick_in(article, "> h3 a") == "l1");
  CHECK(pick_in(article, "> a").empty());
  CHECK(pick_in(article, "+ article").empty());  // only descendants of the scope are picked
  CHECK(pick_in(by_id("main"), "> :nth-child(2) > p") == "p2 p3");
  // Other combinators reach outside the scope, as querySelectorAll's do.
  CHECK(pick_in(article, "#main h3") == "h1");
}

TEST_CASE("escapes in names decode code points and characters", "[select][css]") {
  const auto doc = parse_html("<p id=123 class='a.b'>x</p><p id='é' class='日本'>y</p>", "", "");
  CHECK(pick_in(doc.dom, "#\\31 23") == "123");
  CHECK(pick_in(doc.dom, ".a\\.b") == "123");
  CHECK(pick_in(doc.dom, "#\\e9") == "é");
  CHECK(pick_in(doc.dom, "#é") == "é");
  CHECK(pick_in(doc.dom, ".日本") == "é");
  CHECK(pick_in(doc.dom, "[class='a\\2e b']") == "123");
}

TEST_CASE("selectors match on a page nested as deep as the parser allows, without recursion", "[select][css]") {
  std::string body;  // html_dom keeps 256 levels
  for (int i = 0; i < 250; ++i) body += "<div class=d>";
  body += "<span id=deep>x</span>";
  const auto doc = parse_html(body, "", "");
  CHECK(pick_in(doc.dom, "div.d div div > span") == "deep");
  CHECK(pick_in(doc.dom, "body > div > div div div div div div div div div div div span") == "deep");
  // Fails only at the top, after every ancestor was a candidate.
  CHECK(pick_in(doc.dom, "section div div div div div div div div div div div span").empty());
  CHECK(pick_in(doc.dom, "span:not(div.e span)") == "deep");
}

TEST_CASE("CSS syntax errors say where and what was expected", "[select][css]") {
  CHECK(error_of("") == "0: expected a selector");
  CHECK(error_of("   ") == "3: expected a selector");
  CHECK(error_of("article.") == "8: expected a class name after '.'");
  CHECK(error_of("article. teaser") == "8: expected a class name after '.'");
  CHECK(error_of("p.2col") == "2: expected a class name after '.'");
  CHECK(error_of("#") == "1: expected an id after '#'");
  CHECK(error_of("a[href") == "1: unclosed '['");
  CHECK(error_of("a[href=x") == "1: unclosed '['");
  CHECK(error_of("a[]") == "2: expected an attribute name after '['");
  CHECK(error_of("a[href x]") == "7: expected ']' or an operator such as '=' after the attribute name");
  CHECK(error_of("a[x^y]") == "4: expected '=' after '^'");
  CHECK(error_of("a[x=]") == "4: expected a value after '=' (quote values that are not names)");
  CHECK(error_of("a[href=/x]") == "7: expected a value after '=' (quote values that are not names)");
  CHECK(error_of("a[x=y z]") == "6: expected ']' to close '['");
  CHECK(error_of("a[title='x]") == "8: unclosed string");
  CHECK(error_of("a:hover") == "1: unknown pseudo-class ':hover'");
  CHECK(error_of("a:contains(x)") == "1: unknown pseudo-class ':contains()'");
  CHECK(error_of("p::before") == "1: unsupported pseudo-element '::before': selectors pick elements");
  CHECK(error_of("a:") == "2: expected a pseudo-class name after ':'");
  CHECK(error_of("li:nth-child") == "12: expected '(' after ':nth-child'");
  CHECK(error_of("li:nth-child(foo)") == "13: expected an+b, 'odd' or 'even' in ':nth-child()'");
  CHECK(error_of("li:nth-child(2n+)") == "16: expected a number after '+'");
  CHECK(error_of("li:nth-child(2") == "2: unclosed ':nth-child('");
  CHECK(error_of("li:nth-child(2 3)") == "15: expected ')' after the argument of ':nth-child()'");
  CHECK(error_of("p:not(.a") == "1: unclosed ':not('");
  CHECK(error_of("p:not()") == "6: expected a selector in ':not()'");
  CHECK(error_of("p:not(a,)") == "8: expected a selector after ','");
  CHECK(error_of("a >") == "3: expected a selector after '>'");
  CHECK(error_of("a > > b") == "4: expected a selector after '>'");
  CHECK(error_of("a ~") == "3: expected a selector after '~'");
  CHECK(error_of("a,") == "2: expected a selector after ','");
  CHECK(error_of(", a") == "0: unexpected ','");
  CHECK(error_of("a $b") == "2: unexpected '$'");
  CHECK(error_of("a b)") == "3: unexpected ')'");
  CHECK(error_of("a|b") == "1: unexpected '|'");
  CHECK(error_of("a\\") == "1: expected a character after '\\'");
  CHECK(error_of(std::string_view("a\0b", 3)) == "1: unexpected byte 0x00");
  std::string deep = "a";
  for (int i = 0; i < 20; ++i) deep += ":not(b";
  CHECK(error_of(deep).ends_with("selectors nested deeper than 16 levels"));
}

TEST_CASE("long lists of siblings are matched by position and sibling combinators", "[select][css]") {
  std::string body = "<ul>";
  for (int i = 1; i <= 3000; ++i) body += i == 1000 ? "<li class=mark></li>" : i % 7 == 0 ? "<p></p>" : "<li></li>";
  const auto doc = parse_html(body, "", "");
  auto count = [&doc](std::string_view selector) {
    const auto list = css::parse(selector);
    REQUIRE(list);
    return css::select_all(*list, doc.dom).size();
  };
  CHECK(count("li") == 3000 - 428);
  CHECK(count("ul > :nth-child(7n)") == 428);
  CHECK(count("ul > :nth-child(7n)") == count("p"));
  CHECK(count("li:nth-last-child(3)") == 1);
  CHECK(count("p:nth-of-type(400)") == 1);
  CHECK(count("p:nth-last-of-type(-n+10)") == 10);
  CHECK(count("li:nth-of-type(2571)") == 1);
  CHECK(count("li:nth-of-type(2573)") == 0);
  CHECK(count(".mark ~ p") == 286);  // 2002 siblings after the mark, every 7th a <p>
  CHECK(count("p ~ .mark") == 1);
  CHECK(count(".mark ~ li ~ li ~ p + li") == count(".mark ~ p + li") - 1);
  CHECK(count("li:nth-child(2) ~ .mark") == 1);
}

TEST_CASE("a selector of more than 256 compounds is refused", "[select][css]") {
  std::string many = "a";
  for (int i = 0; i < 256; ++i) many += " b";
  CHECK(error_of(many) == std::to_string(many.size() - 1) + ": a selector may have at most 256 compound selectors");
}

TEST_CASE("matching agrees with a naive reading of the combinators on random pages", "[select][css]") {
  // The matcher remembers answers about ancestors and siblings across one selection; a plain
  // recursive definition over small random pages keeps it honest.
  std::mt19937 random(20240305);
  auto pick_one = [&random](std::string_view choices) { return choices[random() % choices.size()]; };
  const std::string combinators[] = {" ", " > ", " + ", " ~ "};
  int found_some = 0;
  for (int round = 0; round < 400; ++round) {
    std::string body;
    int open = 0;
    for (int i = 0; i < 40; ++i) {
      if (open > 0 && random() % 3 == 0) {
        body += "</div>";
        --open;
        continue;
      }
      const char tag = pick_one("abc");
      body += fmt_element(tag, pick_one("xy-"));
      if (tag == 'a') ++open;  // <div> (a) nests, <p> (b) and <span> (c) are closed at once
    }
    const auto doc = parse_html(body, "", "");
    std::vector<std::pair<std::string, std::string>> compounds;  // (tag, class)
    std::string selector;
    const int length = 1 + static_cast<int>(random() % 5);
    std::vector<int> joins;
    for (int i = 0; i < length; ++i) {
      const std::string tag = std::string(1, pick_one("abc*"));
      const std::string cls = std::string(1, pick_one("xy-"));
      compounds.emplace_back(tag == "a" ? "div" : tag == "b" ? "p" : tag == "c" ? "span" : "*", cls);
      if (i > 0) {
        joins.push_back(static_cast<int>(random() % 4));
        selector += combinators[joins.back()];
      }
      selector += compounds.back().first + (cls == "-" ? "" : "." + cls);
    }
    auto compound = [&](int j, pugi::xml_node e) {
      const auto& [tag, cls] = compounds[static_cast<std::size_t>(j)];
      return (tag == "*" || tag == e.name()) && (cls == "-" || std::string_view(e.attribute("class").value()) == cls);
    };
    std::function<bool(int, pugi::xml_node)> naive = [&](int j, pugi::xml_node e) {
      if (!compound(j, e)) return false;
      if (j == 0) return true;
      auto element = [](pugi::xml_node n) { return n && n.type() == pugi::node_element; };
      switch (joins[static_cast<std::size_t>(j - 1)]) {
        case 0:
          for (auto a = e.parent(); element(a); a = a.parent())
            if (naive(j - 1, a)) return true;
          return false;
        case 1: return element(e.parent()) && naive(j - 1, e.parent());
        case 2: {
          auto s = e.previous_sibling();
          while (s && !element(s)) s = s.previous_sibling();
          return element(s) && naive(j - 1, s);
        }
        default:
          for (auto s = e.previous_sibling(); s; s = s.previous_sibling())
            if (element(s) && naive(j - 1, s)) return true;
          return false;
      }
    };
    std::vector<pugi::xml_node> expected;
    for (const auto& found : doc.dom.select_nodes("//*"))
      if (naive(length - 1, found.node())) expected.push_back(found.node());
    const auto list = css::parse(selector);
    REQUIRE(list);
    INFO("selector: " << selector << "\npage: " << body);
    CHECK(css::select_all(*list, doc.dom) == expected);
    if (!expected.empty()) ++found_some;
  }
  CHECK(found_some > 100);  // the pages and selectors are not so random that nothing matches
}
