#include <catch2/catch.hpp>

#include <string>

#include "feeds/html_dom.hpp"

using vigil::feeds::detail::inner_html_of;
using vigil::feeds::detail::parse_html;
using vigil::feeds::detail::text_of;

TEST_CASE("tag soup parses as a browser would", "[html]") {
  const auto doc = parse_html("<title>T</title><p>one<p>two <b>bold<i>both</b> italic</i><table><td>cell</table>",
                              "text/html", "https://ngo.example/press/");
  REQUIRE(std::string(doc.html().name()) == "html");
  const auto paragraphs = doc.dom.select_nodes("//body/p");
  REQUIRE(paragraphs.size() == 2);
  CHECK(text_of(paragraphs[0].node()) == "one");
  CHECK(text_of(doc.dom.select_node("//td").node()) == "cell");
  CHECK(text_of(doc.html()) == "one two boldboth italic cell");
  CHECK(doc.base_url == "https://ngo.example/press/");
}

TEST_CASE("<base href> sets the base of the page's links", "[html]") {
  const auto doc = parse_html("<head><base href='/statements/'></head><body></body>", "", "https://ngo.example/a/b");
  CHECK(doc.base_url == "https://ngo.example/statements/");
}

TEST_CASE("the charset comes from a meta tag when HTTP gives none", "[html]") {
  // "Міни" in windows-1251.
  const std::string body = "<html><head><meta charset=\"windows-1251\"></head><body><p>\xCC\xB3\xED\xE8</p></body></html>";
  const auto doc = parse_html(body, "text/html", "https://ngo.example/");
  CHECK(text_of(doc.dom.select_node("//p").node()) == "Міни");
  // The HTTP charset wins over the meta tag when the bytes fit it.
  const auto koi = parse_html("<meta charset=\"utf-8\"><p>\xED\xC9\xCE\xD9</p>", "text/html; charset=koi8-r", "");
  CHECK(text_of(koi.dom.select_node("//p").node()) == "Мины");
}

TEST_CASE("hidden elements are no text and their markup is dropped from summaries", "[html]") {
  const auto doc = parse_html("<div id=x><script>var a = 1;</script><p class=\"s\">Mines &amp; <a href=\"/m\">more</a><br>next</p>"
                              "<style>p{}</style></div>", "", "https://ngo.example/");
  const auto div = doc.dom.select_node("//div[@id='x']").node();
  CHECK(text_of(div) == "Mines & more next");
  CHECK(inner_html_of(div) == "<p class=\"s\">Mines &amp; <a href=\"/m\">more</a><br>next</p>");
}

TEST_CASE("a page nested very deeply neither recurses nor fails", "[html]") {
  std::string body;
  for (int i = 0; i < 200000; ++i) body += "<div>";
  body += "deep";
  const auto doc = parse_html(body, "", "");
  CHECK(text_of(doc.html()) == "deep");
  CHECK(doc.warnings.size() == 1);
  CHECK(doc.dom.select_nodes("//div").size() <= 256);
  CHECK(doc.dom.select_nodes("//div").size() > 200);
}
