// Explanations: the terms that fired, the score, the snippet and its highlights.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "text/utf8.hpp"
#include "tests/topics/matcher_items.hpp"
#include "topics/matcher.hpp"

using vigil::Item;
using vigil::topics::test::item;
using vigil::Match;
using vigil::topics::Matcher;
using vigil::topics::TopicSpec;
using Names = std::vector<std::string>;

namespace {

std::optional<Match> match_one(TopicSpec spec, const Item& it) {
  auto matcher = Matcher::compile({std::move(spec)});
  REQUIRE(matcher);
  auto matches = matcher->match(it);
  if (matches.empty()) return std::nullopt;
  return matches.front();
}

std::vector<std::string> highlighted(const Match& m) {
  std::vector<std::string> out;
  for (const auto& h : m.highlights) out.push_back(m.snippet.substr(h.begin, h.end - h.begin));
  return out;
}

}  // namespace

TEST_CASE("a title hit scores 3, a body hit 1, repeats add 1 + ln n", "[topics][matcher][score]") {
  CHECK(match_one({.name = "t", .query = "Ukraine"}, item("Ukraine"))->score == Approx(3.0));
  CHECK(match_one({.name = "t", .query = "Ukraine"}, item("x", "Ukraine"))->score == Approx(1.0));
  CHECK(match_one({.name = "t", .query = "Ukraine"}, item("x", "Ukraine and Ukraine, Ukraine"))->score ==
        Approx(1.0 + std::log(3.0)));
  // Summary and content often repeat each other: the body counts the larger of the two.
  CHECK(match_one({.name = "t", .query = "Ukraine"}, item("x", "Ukraine", "<p>Ukraine. Ukraine.</p>"))->score ==
        Approx(1.0 + std::log(2.0)));
  // Distinct terms add up.
  CHECK(match_one({.name = "t", .query = "Ukraine OR Kyiv"}, item("Kyiv", "Ukraine"))->score == Approx(4.0));
}

TEST_CASE("min_score tells an item about a topic from a passing mention", "[topics][matcher][score]") {
  const TopicSpec about{.name = "ukraine", .query = "Ukraine OR Kyiv", .min_score = 3.0};
  CHECK(match_one(about, item("Kyiv talks resume", "Delegations met.")));
  CHECK(match_one(about, item("Talks", "Ukraine said... Kyiv said... Ukraine again, Kyiv again.")));
  CHECK_FALSE(match_one(about, item("Football results", "Brazil beat Ukraine on Sunday.")));
}

TEST_CASE("terms list what made the query true, never excluded terms", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "t", .query = R"((mine OR landmine) -gold OR Ottawa)"},
                           item("Landmine report", "Ottawa treaty, gold prices"));
  REQUIRE(m);  // the first branch fails (gold), the second holds
  CHECK(m->terms == Names{"Ottawa"});
  const auto n = match_one({.name = "t", .query = R"((mine OR landmine) -gold)"}, item("Landmine found"));
  REQUIRE(n);
  CHECK(n->terms == Names{"landmine"});
}

TEST_CASE("terms of a NEAR that did not hold are not reasons", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "t", .query = "(mine NEAR/2 clearance) OR Ukraine"},
                           item("Ukraine", "mine one two three four clearance"));
  REQUIRE(m);
  CHECK(m->terms == Names{"Ukraine"});
}

TEST_CASE("the snippet comes from the body around the hits, highlighted", "[topics][matcher][explain]") {
  std::string body = "<p>";
  for (int i = 0; i < 40; ++i) body += "Filler words about the weather and the markets. ";
  body += "Deminers cleared an anti-personnel mine near Kharkiv on Tuesday. ";
  for (int i = 0; i < 40; ++i) body += "More filler about sports and culture. ";
  body += "</p>";
  const auto m = match_one({.name = "t", .query = R"("anti-personnel mine" OR Kharkiv)"}, item("Report", "", body));
  REQUIRE(m);
  CHECK(highlighted(*m) == Names{"anti-personnel mine", "Kharkiv"});
  CHECK(m->snippet.starts_with("…"));
  CHECK(m->snippet.ends_with("…"));
  const auto chars = vigil::text::utf8_length(m->snippet);
  CHECK(chars <= 204);
  CHECK(chars >= 150);
  // Cut on word boundaries: the text after the ellipsis starts a word, and ends one.
  CHECK(m->snippet.substr(std::string("…").size(), 1) != " ");
  const auto inner = m->snippet.substr(std::string("…").size(), m->snippet.size() - 2 * std::string("…").size());
  CHECK(body.find(inner) != std::string::npos);
  CHECK(body[body.find(inner) - 1] == ' ');
  CHECK(body[body.find(inner) + inner.size()] == ' ');
}

TEST_CASE("a short body is the whole snippet", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "t", .query = "landmine"}, item("Report", "A <b>landmine</b> was found."));
  REQUIRE(m);
  CHECK(m->snippet == "A landmine was found.");
  CHECK(highlighted(*m) == Names{"landmine"});
}

TEST_CASE("with hits only in the title, the snippet is the title", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "t", .query = "landmine"}, item("Landmine cleared in Kyiv", "Unrelated body."));
  REQUIRE(m);
  CHECK(m->snippet == "Landmine cleared in Kyiv");
  CHECK(highlighted(*m) == Names{"Landmine"});
}

TEST_CASE("the snippet goes where most hits are", "[topics][matcher][explain]") {
  std::string body = "Ukraine is mentioned once here. ";
  for (int i = 0; i < 30; ++i) body += "Unrelated filler sentence number. ";
  body += "Kyiv and Ukraine and Kharkiv all appear together here. ";
  for (int i = 0; i < 30; ++i) body += "Unrelated filler sentence number. ";
  const auto m = match_one({.name = "t", .query = "Ukraine OR Kyiv OR Kharkiv"}, item("x", body));
  REQUIRE(m);
  CHECK(highlighted(*m) == Names{"Kyiv", "Ukraine", "Kharkiv"});
}

TEST_CASE("snippets cut Cyrillic text on character and word boundaries", "[topics][matcher][explain]") {
  std::string body;
  for (int i = 0; i < 60; ++i) body += "Тут звичайний текст про погоду. ";
  body += "Сапери знешкодили протипіхотні міни. ";
  for (int i = 0; i < 60; ++i) body += "Тут звичайний текст про погоду. ";
  const auto m = match_one({.name = "t", .query = R"("протипіхотні міни")", .languages = {"uk"}}, item("x", body));
  REQUIRE(m);
  CHECK(vigil::text::valid_utf8(m->snippet) == m->snippet);
  CHECK(highlighted(*m) == Names{"протипіхотні міни"});
  CHECK(vigil::text::utf8_length(m->snippet) <= 204);
}

TEST_CASE("the query * explains itself with the start of the body", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "all", .query = "*"}, item("Title", "First words of the summary."));
  REQUIRE(m);
  CHECK(m->terms.empty());
  CHECK(m->snippet == "First words of the summary.");
  CHECK(m->highlights.empty());
}

TEST_CASE("snippets count characters, not bytes, in text with accents and dashes", "[topics][matcher][explain]") {
  // Two-byte letters and three-byte dashes among ASCII: a window counted in bytes would hold
  // far fewer than 200 characters.
  std::string body;
  for (int i = 0; i < 40; ++i) body += "Café — crème brûlée. ";
  body += "Deminers cleared a landmine there. ";
  for (int i = 0; i < 40; ++i) body += "Café — crème brûlée. ";
  const auto m = match_one({.name = "t", .query = "landmine"}, item("x", body));
  REQUIRE(m);
  CHECK(highlighted(*m) == Names{"landmine"});
  CHECK(vigil::text::valid_utf8(m->snippet) == m->snippet);
  const auto length = vigil::text::utf8_length(m->snippet);
  CHECK(length <= 202);  // 200 and an ellipsis at each end
  CHECK(length >= 180);  // cut at a word end, a few characters short at most
}

TEST_CASE("a word repeated hundreds of times scores each occurrence once", "[topics][matcher][score]") {
  // Every occurrence is found in two ways (stemmed, and as written) and counted once; with
  // hundreds of them the matcher sorts them differently than with a few.
  std::string body;
  for (int i = 0; i < 300; ++i) body += "mines ";
  const auto m = match_one({.name = "t", .query = "mines OR landmine"}, item("x", body));
  REQUIRE(m);
  CHECK(m->score == Approx(1.0 + std::log(300.0)));
  CHECK(m->terms == Names{"mines"});
}

TEST_CASE("a query of nested ORs lists every term that fired, in query order", "[topics][matcher][explain]") {
  const auto m = match_one({.name = "t", .query = "Kharkiv OR (Kyiv OR (Odesa OR Lviv))"},
                           item("Lviv and Kyiv", "Trains ran from Lviv."));
  REQUIRE(m);
  CHECK(m->terms == Names{"Kyiv", "Lviv"});
  CHECK(m->score == Approx(3.0 + 3.0 + 1.0));
}
