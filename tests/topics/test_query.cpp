#include <catch2/catch.hpp>
#include <string>
#include <variant>
#include <vector>

#include "topics/query.hpp"

using namespace vigil::topics;
using Words = std::vector<std::string>;

namespace {

// A compact picture of a tree, so precedence reads at a glance: Or(a, And(b, c)).
std::string shape(const query::Node& node);

std::string field_prefix(query::Field field) {
  switch (field) {
    case query::Field::title: return "title:";
    case query::Field::summary: return "summary:";
    case query::Field::content: return "content:";
    case query::Field::any: break;
  }
  return "";
}

std::string list(const std::vector<query::Node>& operands) {
  std::string out;
  for (const auto& operand : operands) out += (out.empty() ? "" : ", ") + shape(operand);
  return out;
}

std::string shape(const query::Node& node) {
  return std::visit(
      [](const auto value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, query::Term> || std::is_same_v<T, query::Phrase> ||
                      std::is_same_v<T, query::Regex>)
          return field_prefix(value.field) + value.text;
        else if constexpr (std::is_same_v<T, query::All>)
          return "*";
        else if constexpr (std::is_same_v<T, query::And>)
          return "And(" + list(value.operands) + ")";
        else if constexpr (std::is_same_v<T, query::Or>)
          return "Or(" + list(value.operands) + ")";
        else if constexpr (std::is_same_v<T, query::Not>)
          return "Not(" + list(value.operand) + ")";
        else
          return "Near/" + std::to_string(value.distance) + "(" + list(value.operands) + ")";
      },
      node.value);
}

std::string shape_of(std::string_view text) {
  const auto parsed = parse_query(text);
  if (!parsed) return "error at " + std::to_string(parsed.error().column) + ": " + parsed.error().message;
  return shape(parsed->root);
}

// The root of a query that must parse, as a T (a copy: the parse result is a temporary).
template <typename T>
T root_as(std::string_view text) {
  const auto parsed = parse_query(text);
  INFO("query: " << text << (parsed ? "" : " error: " + parsed.error().message));
  REQUIRE(parsed);
  const auto* value = std::get_if<T>(&parsed->root.value);
  REQUIRE(value);
  return *value;
}

template <typename T>
const T& as(const query::Node& node) {
  const auto* value = std::get_if<T>(&node.value);
  REQUIRE(value);
  return *value;
}

}  // namespace

TEST_CASE("terms joined by OR parse into an Or of words and phrases", "[topics][query]") {
  const auto alternatives = root_as<query::Or>(R"(Landmine OR "land mine")");
  REQUIRE(alternatives.operands.size() == 2);
  const auto word = as<query::Term>(alternatives.operands[0]);
  CHECK(word.text == "Landmine");
  CHECK(word.column == 1);
  CHECK(word.words == Words{"landmine"});
  CHECK(word.field == query::Field::any);
  CHECK_FALSE(word.prefix);
  const auto phrase = as<query::Phrase>(alternatives.operands[1]);
  CHECK(phrase.text == "\"land mine\"");
  CHECK(phrase.column == 13);
  CHECK(phrase.words == Words{"land", "mine"});
}

TEST_CASE("a single term is the whole query", "[topics][query]") {
  CHECK(root_as<query::Term>("  Україна ").column == 3);
}

TEST_CASE("adjacent terms are joined by an implicit AND, like an explicit one", "[topics][query]") {
  CHECK(shape_of("land mine") == "And(land, mine)");
  CHECK(shape_of("land AND mine") == "And(land, mine)");
  CHECK(shape_of(R"("mine ban" treaty)") == R"(And("mine ban", treaty))");
}

TEST_CASE("OR binds looser than AND", "[topics][query]") {
  CHECK(shape_of("a OR b c") == "Or(a, And(b, c))");
  CHECK(shape_of("a b OR c") == "Or(And(a, b), c)");
  CHECK(shape_of("a AND b OR c AND d") == "Or(And(a, b), And(c, d))");
  CHECK(shape_of("(a OR b) c") == "And(Or(a, b), c)");
}

TEST_CASE("NOT and a leading minus negate the next operand only", "[topics][query]") {
  CHECK(shape_of("NOT a b") == "And(Not(a), b)");
  CHECK(shape_of("-a b") == "And(Not(a), b)");
  CHECK(shape_of("mine -gold") == "And(mine, Not(gold))");
  CHECK(shape_of("mine NOT (gold OR coal)") == "And(mine, Not(Or(gold, coal)))");
  CHECK(shape_of(R"(mine -"gold mine")") == R"(And(mine, Not("gold mine")))");
  CHECK(shape_of("mine -title:gold") == "And(mine, Not(title:gold))");
  CHECK(shape_of("mine (-gold coal)") == "And(mine, Not(gold), coal)");
  CHECK(shape_of("mine NOT NOT gold") == "And(mine, Not(Not(gold)))");
}

TEST_CASE("a hyphen inside a word is part of the word, not a negation", "[topics][query]") {
  const auto term = root_as<query::Term>("anti-personnel");
  CHECK(term.text == "anti-personnel");
  CHECK(term.words == Words{"anti", "personnel"});
  CHECK(shape_of("mines anti-personnel") == "And(mines, anti-personnel)");
}

TEST_CASE("words joined by a hyphen or an apostrophe also give their joined form", "[topics][query]") {
  const auto term = root_as<query::Term>("anti-personnel");
  CHECK(term.joined == Words{"antipersonnel"});

  const auto phrase = root_as<query::Phrase>(R"("anti-personnel mines")");
  CHECK(phrase.words == Words{"anti", "personnel", "mines"});
  CHECK(phrase.joined == Words{"antipersonnel", "mines"});

  CHECK(root_as<query::Term>("landmine").joined.empty());
  CHECK(root_as<query::Phrase>(R"("land mine")").joined.empty());
}

TEST_CASE("operators are upper case only: lower-case and, or, not, near are words", "[topics][query]") {
  CHECK(shape_of("and OR or OR not OR near") == "Or(and, or, not, near)");
  CHECK(shape_of(R"("rock and roll" OR "now or never")") == R"(Or("rock and roll", "now or never"))");
  CHECK(shape_of("NEARBY mines") == "And(NEARBY, mines)");
}

TEST_CASE("typographic quotes delimit phrases too", "[topics][query]") {
  const auto alternatives = root_as<query::Or>("“land mine” OR «противопехотные мины»");
  const auto second = as<query::Phrase>(alternatives.operands[1]);
  CHECK(second.column == 16);
  CHECK(second.text == "«противопехотные мины»");
  CHECK(second.words == Words{"противопехотные", "мины"});
}

TEST_CASE("chains of the same operator flatten into one node", "[topics][query]") {
  CHECK(shape_of("a OR b OR c") == "Or(a, b, c)");
  CHECK(shape_of("a AND b c") == "And(a, b, c)");
  CHECK(shape_of("(a OR b) OR (c OR d)") == "Or(a, b, c, d)");
  CHECK(shape_of("a (b c) d") == "And(a, b, c, d)");
  CHECK(shape_of("(a OR b) (c OR d)") == "And(Or(a, b), Or(c, d))");
}

TEST_CASE("a group of one operand is that operand", "[topics][query]") {
  CHECK(shape_of("(mine)") == "mine");
  CHECK(shape_of("((mine))") == "mine");
  CHECK(shape_of("((a b))") == "And(a, b)");
}

TEST_CASE("NEAR takes a distance in words, 10 by default", "[topics][query]") {
  const auto near = root_as<query::Near>("mine NEAR/5 ban");
  CHECK(near.distance == 5);
  CHECK(near.column == 6);
  REQUIRE(near.operands.size() == 2);
  CHECK(as<query::Term>(near.operands[1]).text == "ban");
  CHECK(root_as<query::Near>("mine NEAR ban").distance == 10);
  CHECK(root_as<query::Near>("mine NEAR/1 ban").distance == 1);
  CHECK(root_as<query::Near>("mine NEAR/1000 ban").distance == 1000);
}

TEST_CASE("NEAR joins words, phrases, prefixes and ORs of them", "[topics][query]") {
  CHECK(shape_of(R"("land mine" NEAR/3 (ban OR treaty))") == R"(Near/3("land mine", Or(ban, treaty)))");
  CHECK(shape_of("mine* NEAR clear*") == "Near/10(mine*, clear*)");
  CHECK(shape_of("title:mine NEAR title:ban") == "Near/10(title:mine, title:ban)");
  CHECK(shape_of("title:(mine NEAR ban)") == "Near/10(title:mine, title:ban)");
}

TEST_CASE("NEAR binds tighter than AND and NOT", "[topics][query]") {
  CHECK(shape_of("x a NEAR b") == "And(x, Near/10(a, b))");
  CHECK(shape_of("x -a NEAR b") == "And(x, Not(Near/10(a, b)))");
  CHECK(shape_of("a NEAR b OR c") == "Or(Near/10(a, b), c)");
}

TEST_CASE("a field scope restricts a term, a phrase or a regex", "[topics][query]") {
  const auto term = root_as<query::Term>("title:Ukraine");
  CHECK(term.field == query::Field::title);
  CHECK(term.text == "Ukraine");
  CHECK(term.column == 7);

  const auto phrase = root_as<query::Phrase>(R"(summary:"land mine")");
  CHECK(phrase.field == query::Field::summary);
  CHECK(phrase.text == R"("land mine")");

  const auto regex = root_as<query::Regex>("content:/mines?/");
  CHECK(regex.field == query::Field::content);
  CHECK(regex.text == "/mines?/");

  CHECK(shape_of("Title:mine") == "title:mine");
  CHECK(shape_of("title:mine*") == "title:mine*");
}

TEST_CASE("a field scope on a group applies to every leaf inside", "[topics][query]") {
  CHECK(shape_of(R"(title:(mine OR "land mine") ban)") == R"(And(Or(title:mine, title:"land mine"), ban))");
  CHECK(shape_of("title:(a (b OR -c))") == "And(title:a, Or(title:b, Not(title:c)))");
  CHECK(shape_of("title:(a title:b)") == "And(title:a, title:b)");
  CHECK(shape_of("title:title:a") == "title:a");
  CHECK(shape_of("-title:(a b) c") == "And(Not(And(title:a, title:b)), c)");
}

TEST_CASE("a word ending in * is a prefix", "[topics][query]") {
  const auto term = root_as<query::Term>("landmin*");
  CHECK(term.prefix);
  CHECK(term.text == "landmin*");
  CHECK(term.words == Words{"landmin"});

  const auto compound = root_as<query::Term>("anti-pers*");
  CHECK(compound.prefix);
  CHECK(compound.words == Words{"anti", "pers"});
}

TEST_CASE("* alone is the query for every item", "[topics][query]") {
  CHECK(std::holds_alternative<query::All>(parse_query("*")->root.value));
  CHECK(std::holds_alternative<query::All>(parse_query("  * ")->root.value));
}

TEST_CASE("a regex is checked with RE2 and keeps its flag", "[topics][query]") {
  const auto plain = root_as<query::Regex>("/land ?mines?/");
  CHECK(plain.pattern == "land ?mines?");
  CHECK(plain.text == "/land ?mines?/");
  CHECK(plain.column == 1);
  CHECK_FALSE(plain.ignore_case);

  const auto alternatives = root_as<query::Or>("mine OR /UKRAINE/i");
  const auto& folded = as<query::Regex>(alternatives.operands[1]);
  CHECK(folded.ignore_case);
  CHECK(folded.text == "/UKRAINE/i");
  CHECK(folded.column == 9);

  const auto slash = root_as<query::Regex>(R"(/and\/or (\d+)/)");
  CHECK(slash.pattern == R"(and/or (\d+))");
  CHECK(slash.text == R"(/and\/or (\d+)/)");

  CHECK(shape_of("/a b/ (c)") == "And(/a b/, c)");
  CHECK(shape_of(R"(/\\/)") == R"(/\\/)");  // an escaped backslash, then the closing slash
}

TEST_CASE("a slash inside a word is part of the word", "[topics][query]") {
  CHECK(root_as<query::Term>("and/or").words == Words{"and", "or"});
}

TEST_CASE("a colon that is not a field scope is punctuation", "[topics][query]") {
  CHECK(root_as<query::Term>("10:30").words == Words{"10", "30"});
  CHECK(root_as<query::Term>("author:").words == Words{"author"});
}

TEST_CASE("a negated branch is fine when another operand has a word to look for", "[topics][query]") {
  CHECK(shape_of("(a OR -b) c") == "And(Or(a, Not(b)), c)");
  CHECK(shape_of("-a -b c") == "And(Not(a), Not(b), c)");
}

TEST_CASE("nesting up to 32 levels is accepted", "[topics][query]") {
  CHECK(parse_query(std::string(32, '(') + "mine" + std::string(32, ')')));
  std::string nots;
  for (int i = 0; i < 31; ++i) nots += "NOT ";
  CHECK(parse_query("mine " + nots + "gold"));
}

TEST_CASE("query errors name what was expected and where", "[topics][query]") {
  struct Case {
    std::string query;
    std::size_t column;
    std::string message;
  };
  const std::string only_not = "the query needs at least one word to look for (NOT only excludes)";
  const std::string or_branch = "each side of OR needs a word to look for (NOT only excludes)";
  const std::string near_sides = "NEAR joins words or phrases (or an OR of them in parentheses)";
  const std::string near_number = "NEAR/n needs a number of words from 1 to 1000, as in NEAR/5 (not ";
  const std::string title_alone =
      R"(title: must be directly followed by what it scopes (title:word, title:"a phrase", title:(a OR b)))";
  const std::vector<Case> cases{
      {"", 1, "empty query"},
      {"   ", 1, "empty query"},
      // dangling operators
      {"landmine OR", 12, "expected a term after OR"},
      {"landmine OR   ", 15, "expected a term after OR"},
      {"a OR OR b", 6, "expected a term after OR"},
      {"(a OR) b", 6, "expected a term after OR"},
      {"OR mine", 1, "expected a term before OR"},
      {"(OR mine)", 2, "expected a term before OR"},
      {"AND mine", 1, "expected a term before AND"},
      {"NEAR mine", 1, "expected a term before NEAR"},
      {"mine AND", 9, "expected a term after AND"},
      {"mine AND OR ban", 10, "expected a term after AND"},
      {"mine NOT", 9, "expected a term after NOT"},
      {"mine NOT OR ban", 10, "expected a term after NOT"},
      {"mine NEAR/5", 12, "expected a term after NEAR/5"},
      {"mine -(", 7, "unbalanced parentheses: '(' is never closed"},
      // phrases and words with nothing to search for
      {R"(mine OR "land mine)", 9, "unterminated phrase"},
      {R"(mine OR "")", 9, "empty phrase"},
      {R"(mine OR " - ")", 9, "empty phrase"},
      {"mine OR &", 9, "'&' has no letters or digits to search for"},
      {"mine !!!", 6, "'!!!' has no letters or digits to search for"},
      {"Ukraine - Russia", 9, "'-' has no letters or digits to search for"},
      // parentheses
      {"(mine OR ban", 1, "unbalanced parentheses: '(' is never closed"},
      {"a (b (c) d", 3, "unbalanced parentheses: '(' is never closed"},
      {"mine OR ban)", 12, "unbalanced parentheses: ')' has no matching '('"},
      {") mine", 1, "unbalanced parentheses: ')' has no matching '('"},
      {"()", 1, "empty parentheses"},
      {"mine ( )", 6, "empty parentheses"},
      // no positive term
      {"NOT gold", 1, only_not},
      {"-gold", 1, only_not},
      {"-a -b", 1, only_not},
      {"NOT (a OR b)", 1, only_not},
      {"(-a) (NOT b)", 2, only_not},
      {"mine OR -gold", 9, or_branch},
      {"mine OR NOT gold", 9, or_branch},
      {"mine OR (-gold -coal)", 9, or_branch},
      {"(a OR -b) OR c", 7, or_branch},
      // NEAR
      {"a NEAR/0 b", 3, near_number + "NEAR/0)"},
      {"a NEAR/x b", 3, near_number + "NEAR/x)"},
      {"a NEAR/ b", 3, near_number + "NEAR/)"},
      {"a NEAR/-3 b", 3, near_number + "NEAR/-3)"},
      {"a NEAR/5x b", 3, near_number + "NEAR/5x)"},
      {"a NEAR/1001 b", 3, near_number + "NEAR/1001)"},
      {"a NEAR/99999999999999999999999 b", 3, near_number + "NEAR/99999999999999999999999)"},
      {"a NEAR b NEAR c", 10, "NEAR cannot be chained: write (a NEAR b) AND (b NEAR c)"},
      {"(a b) NEAR c", 1, near_sides},
      {"a NEAR (b -c)", 8, near_sides},
      {"a NEAR (b OR c d)", 8, near_sides},
      {"a NEAR -b", 8, near_sides},
      {"a NEAR NOT b", 8, near_sides},
      {"a NEAR /b+/", 8, near_sides},
      {"(a NEAR b) NEAR/2 c", 1, near_sides},
      {"title:a NEAR summary:b", 9, "NEAR needs both sides in the same field (title: and summary: never meet)"},
      {"(title:a OR content:b) NEAR c", 24,
       "NEAR needs both sides in the same field (title: and content: never meet)"},
      // fields
      {"author:x", 1, "unknown field author: (expected title:, summary: or content:; quote the text to search for it)"},
      {"mine http://example.org", 6,
       "unknown field http: (expected title:, summary: or content:; quote the text to search for it)"},
      {"title:(a OR summary:b)", 13, "summary: inside title: (a scoped group cannot name another field)"},
      {"title:summary:b", 7, "summary: inside title: (a scoped group cannot name another field)"},
      {"title:", 1, title_alone},
      {"mine title: ban", 6, title_alone},
      {"title:NOT a", 7, "expected a word, phrase, regex or group after title:"},
      {"title:-a", 7, "expected a word, phrase, regex or group after title:"},
      {"(title:)", 8, "expected a word, phrase, regex or group after title:"},
      // prefixes and *
      {"mine*s", 5, "* is only allowed at the end of a word (prefix*)"},
      {"*mine", 1, "* is only allowed at the end of a word (prefix*)"},
      {"**", 1, "* is only allowed at the end of a word (prefix*)"},
      {"mine-*", 6, "a prefix* needs a letter or digit right before the *"},
      {"mine OR *", 9, "* (every item) must be the whole query"},
      {"(*)", 2, "* (every item) must be the whole query"},
      {"-*", 2, "* (every item) must be the whole query"},
      // regexes
      {"/abc", 1, R"(unterminated regex (it ends at the next /; write \/ for a slash inside it))"},
      {R"(/abc\/)", 1, R"(unterminated regex (it ends at the next /; write \/ for a slash inside it))"},
      {"mine /a/b/", 9, R"(unexpected 'b/' after a regex (its only flag is i; write \/ for a slash inside it))"},
      {"/a/x", 4, R"(unexpected 'x' after a regex (its only flag is i; write \/ for a slash inside it))"},
      {"//", 1, "empty regex"},
      {"mine OR /x*/", 9, "regex /x*/ matches every text (it can match an empty string)"},
      {"/^/", 1, "regex /^/ matches every text (it can match an empty string)"},
      {R"(/\b/)", 1, R"(regex /\b/ matches every text (it can match an empty string))"},
      {"/(a|)/i", 1, "regex /(a|)/i matches every text (it can match an empty string)"},
      {"/(/", 1, "invalid regex /(/: missing ): ("},
      // of several errors, the leftmost
      {R"(mine OR OR "land)", 9, "expected a term after OR"},
      {R"((mine "land)", 7, "unterminated phrase"},
      {R"(-mine "land)", 7, "unterminated phrase"},
      {R"((a b) NEAR "land)", 12, "unterminated phrase"},
      {"a NEAR/0 /x", 3, near_number + "NEAR/0)"},
      {"/a{2,1}/", 1, "invalid regex /a{2,1}/: invalid repetition size: {2,1}"},
  };
  for (const auto& c : cases) {
    INFO("query: " << c.query);
    const auto result = parse_query(c.query);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == c.message);
    CHECK(result.error().column == c.column);
  }
}

TEST_CASE("nesting deeper than 32 levels is an error, however deep the input", "[topics][query]") {
  const auto deep = parse_query(std::string(33, '(') + "mine" + std::string(33, ')'));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().column == 33);
  CHECK(deep.error().message == "the query nests deeper than 32 levels");

  const auto parens = parse_query(std::string(100000, '('));
  REQUIRE_FALSE(parens);
  CHECK(parens.error().message == "the query nests deeper than 32 levels");

  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  const auto negations = parse_query("mine " + nots + "gold");
  REQUIRE_FALSE(negations);
  CHECK(negations.error().column == 6 + 32 * 4);

  CHECK_FALSE(parse_query(std::string(100000, '-') + "mine"));
  CHECK_FALSE(parse_query("(-" + std::string(100000, '(')));
}

TEST_CASE("long chains without nesting parse without recursion", "[topics][query]") {
  std::string fields;
  for (int i = 0; i < 100000; ++i) fields += "title:";
  CHECK(shape_of(fields + "mine") == "title:mine");

  std::string alternatives = "w0";
  for (int i = 1; i < 20000; ++i) alternatives += " OR w" + std::to_string(i);
  CHECK(root_as<query::Or>(alternatives).operands.size() == 20000);
}

TEST_CASE("error columns count characters, not bytes", "[topics][query]") {
  const auto result = parse_query("Україна OR");
  REQUIRE_FALSE(result);
  CHECK(result.error().column == 11);
  const auto unterminated = parse_query("мины OR «мина");
  REQUIRE_FALSE(unterminated);
  CHECK(unterminated.error().column == 9);
  const auto star = parse_query("Україна мін*и");
  REQUIRE_FALSE(star);
  CHECK(star.error().column == 12);
}

TEST_CASE("malformed UTF-8 in a query is an error or a query, never a crash", "[topics][query]") {
  CHECK_FALSE(parse_query("mine OR \xFF\xFE"));  // no letters: an error value
  CHECK_FALSE(parse_query("\"\xC3"));
  CHECK(parse_query("land\xFFmine"));
  CHECK_FALSE(parse_query("/\xFF/"));  // RE2 refuses invalid UTF-8
  CHECK_FALSE(parse_query("/a\\"));
}
