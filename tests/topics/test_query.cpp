#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "topics/matcher.hpp"
#include "topics/query.hpp"

using namespace vigil::topics;
using Words = std::vector<std::string>;

TEST_CASE("terms joined by OR parse into an Or of words and phrases", "[topics][query]") {
  const auto parsed = parse_query(R"(Landmine OR "land mine")");
  REQUIRE(parsed);
  const auto* alternatives = std::get_if<query::Or>(&parsed->root.value);
  REQUIRE(alternatives);
  REQUIRE(alternatives->operands.size() == 2);
  const auto* word = std::get_if<query::Term>(&alternatives->operands[0].value);
  REQUIRE(word);
  CHECK(word->text == "Landmine");
  CHECK(word->column == 1);
  CHECK(word->words == Words{"landmine"});
  const auto* phrase = std::get_if<query::Phrase>(&alternatives->operands[1].value);
  REQUIRE(phrase);
  CHECK(phrase->text == "\"land mine\"");
  CHECK(phrase->column == 13);
  CHECK(phrase->words == Words{"land", "mine"});
}

TEST_CASE("a single term is the whole query", "[topics][query]") {
  const auto parsed = parse_query("  Україна ");
  REQUIRE(parsed);
  const auto* word = std::get_if<query::Term>(&parsed->root.value);
  REQUIRE(word);
  CHECK(word->column == 3);
}

TEST_CASE("a hyphenated word is a term of consecutive words", "[topics][query]") {
  const auto parsed = parse_query("anti-personnel");
  REQUIRE(parsed);
  const auto* word = std::get_if<query::Term>(&parsed->root.value);
  REQUIRE(word);
  CHECK(word->words == Words{"anti", "personnel"});
}

TEST_CASE("lower-case and, or, not are ordinary words", "[topics][query]") {
  CHECK(check_query("and OR or OR not OR near"));
  CHECK(check_query(R"("rock and roll" OR "now or never")"));
}

TEST_CASE("typographic quotes delimit phrases too", "[topics][query]") {
  const auto parsed = parse_query("“land mine” OR «противопехотные мины»");
  REQUIRE(parsed);
  const auto* alternatives = std::get_if<query::Or>(&parsed->root.value);
  REQUIRE(alternatives);
  const auto* second = std::get_if<query::Phrase>(&alternatives->operands[1].value);
  REQUIRE(second);
  CHECK(second->column == 16);
  CHECK(second->words == Words{"противопехотные", "мины"});
}

TEST_CASE("query errors name what was expected and where", "[topics][query]") {
  struct Case {
    std::string query;
    std::size_t column;
    std::string message;
  };
  const std::vector<Case> cases{
      {"", 1, "empty query"},
      {"   ", 1, "empty query"},
      {"landmine OR", 12, "expected a term after OR"},
      {"landmine OR   ", 15, "expected a term after OR"},
      {"a OR OR b", 6, "expected a term after OR"},
      {"OR mine", 1, "expected a term before OR"},
      {R"(mine OR "land mine)", 9, "unterminated phrase"},
      {R"(mine OR "")", 9, "empty phrase"},
      {R"(mine OR " - ")", 9, "empty phrase"},
      {"mine OR &", 9, "'&' has no letters or digits to search for"},
      {"mine AND treaty", 6, "AND is not supported yet (join terms with OR)"},
      {"AND mine", 1, "AND is not supported yet (join terms with OR)"},
      {"NOT gold", 1, "NOT is not supported yet"},
      {"mine OR -gold", 9, "excluding a term (-word) is not supported yet"},
      {"mine NEAR/5 ban", 6, "NEAR is not supported yet"},
      {"(mine OR ban)", 1, "parentheses are not supported yet"},
      {"mine OR ban)", 12, "parentheses are not supported yet"},
      {"mine OR landmin*", 16, "prefix search (word*) is not supported yet"},
      {"title:mine", 1, "field scopes (title:) are not supported yet"},
      {"mine OR /land ?mine/", 9, "regular expressions (/.../) are not supported yet"},
      {"land mine", 6,
       "terms must be joined with OR (implicit AND is not supported yet; quote several words to "
       "search for a phrase)"},
  };
  for (const auto& c : cases) {
    INFO("query: " << c.query);
    const auto result = check_query(c.query);
    REQUIRE_FALSE(result);
    CHECK(result.error().column == c.column);
    CHECK(result.error().message == c.message);
  }
}

TEST_CASE("error columns count characters, not bytes", "[topics][query]") {
  const auto result = check_query("Україна OR");
  REQUIRE_FALSE(result);
  CHECK(result.error().column == 11);
  const auto unterminated = check_query("мины OR «мина");
  REQUIRE_FALSE(unterminated);
  CHECK(unterminated.error().column == 9);
}

TEST_CASE("a colon that is not a field scope is punctuation", "[topics][query]") {
  const auto parsed = parse_query("10:30");
  REQUIRE(parsed);
  CHECK(std::get<query::Term>(parsed->root.value).words == Words{"10", "30"});
}

TEST_CASE("malformed UTF-8 in a query is an error or a query, never a crash", "[topics][query]") {
  CHECK_FALSE(check_query("mine OR \xFF\xFE"));  // no letters: an error value
  (void)check_query("\"\xC3");
  CHECK(check_query("land\xFFmine"));
}
