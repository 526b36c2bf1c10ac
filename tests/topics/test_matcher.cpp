#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/topics/matcher_items.hpp"
#include "topics/matcher.hpp"

using vigil::Item;
using vigil::topics::test::item;
using vigil::Match;
using vigil::topics::Matcher;
using vigil::topics::TopicSpec;
using Names = std::vector<std::string>;

namespace {

Matcher compile(const std::vector<std::pair<std::string, std::string>>& topics) {
  std::vector<TopicSpec> specs;
  for (const auto& [name, query] : topics) specs.push_back({.name = name, .query = query});
  auto matcher = Matcher::compile(specs);
  REQUIRE(matcher);
  return std::move(*matcher);
}


Names topics_of(const std::vector<Match>& matches) {
  Names names;
  for (const auto& match : matches) names.push_back(match.topic);
  return names;
}

// Does one query match a title?
bool hits(const std::string& query, const std::string& title) {
  return !compile({{"t", query}}).match(item(title)).empty();
}

}  // namespace

TEST_CASE("a word matches regardless of case", "[topics][matcher]") {
  CHECK(hits("ukraine", "UKRAINE: talks resume"));
  CHECK(hits("UKRAINE", "News from Ukraine"));
  CHECK_FALSE(hits("ukraine", "News from Moldova"));
}

TEST_CASE("a word matches regardless of diacritics", "[topics][matcher]") {
  CHECK(hits("cafe", "Le café du coin"));
  CHECK(hits("café", "CAFE OPENS"));
  CHECK(hits("Ελλαδα", "Η Ελλάδα σήμερα"));
}

TEST_CASE("a word matches whole words only", "[topics][matcher]") {
  CHECK_FALSE(hits("mine", "We determine the outcome"));
  CHECK_FALSE(hits("mine", "Mineral prices"));
  CHECK(hits("mine", "A mine, found."));
}

TEST_CASE("a word matches its English inflections by default", "[topics][matcher][stem]") {
  CHECK(hits("landmine", "Landmines cleared"));
  CHECK(hits("landmines", "A landmine cleared"));
  CHECK(hits("treaty", "Two treaties signed"));
  CHECK_FALSE(hits("landmine", "Land cleared"));
}

TEST_CASE("a phrase matches consecutive words only", "[topics][matcher]") {
  CHECK(hits(R"("land mine")", "A Land  Mine exploded"));
  CHECK(hits(R"("land mine")", "a land, mine"));  // punctuation between words is no gap
  CHECK_FALSE(hits(R"("land mine")", "land for the mine"));
  CHECK_FALSE(hits(R"("land mine")", "mine land"));
}

TEST_CASE("a phrase never spans two fields", "[topics][matcher]") {
  const auto matcher = compile({{"t", R"("land mine")"}});
  CHECK(matcher.match(item("Cleared land", "mine action")).empty());
  CHECK_FALSE(matcher.match(item("Report", "on the land mine problem")).empty());
  CHECK_FALSE(matcher.match(item("Report", "", "<p>each land mine</p>")).empty());
}

TEST_CASE("a phrase is found when its rarest word is near the start of the text", "[topics][matcher]") {
  CHECK(hits(R"("the Mine Ban Treaty")", "The Mine Ban Treaty turns 25"));
  CHECK(hits(R"("Ottawa Convention")", "Ottawa Convention"));
  CHECK_FALSE(hits(R"("the Mine Ban Treaty")", "Ban Treaty"));
}

TEST_CASE("hyphens and spaces are interchangeable inside terms", "[topics][matcher]") {
  CHECK(hits(R"("anti-personnel mine")", "An anti personnel mine"));
  CHECK(hits(R"("anti personnel mine")", "An Anti-Personnel Mine"));
  CHECK(hits("anti-personnel", "anti personnel"));
}

TEST_CASE("a hyphenated query word also matches the word written together, and back",
          "[topics][matcher]") {
  CHECK(hits("anti-personnel", "antipersonnel mines"));
  CHECK(hits("antipersonnel", "anti-personnel mines"));
  CHECK(hits(R"("antipersonnel mines")", "the anti-personnel mines were"));
  CHECK(hits(R"("anti-personnel mines")", "the antipersonnel mines were"));
  CHECK_FALSE(hits(R"("antipersonnel mines")", "anti-personnel laws and mines"));
}

TEST_CASE("apostrophes split words the same way in queries and text", "[topics][matcher]") {
  CHECK(hits("ONU", "Le rapport de l’ONU"));
  CHECK(hits("l'ONU", "Le rapport de l’ONU"));
  CHECK(hits("Amnesty", "Amnesty's report"));
}

TEST_CASE("Cyrillic and Greek words match", "[topics][matcher]") {
  CHECK(hits("Україна", "УКРАЇНА: новини"));
  CHECK(hits("мины OR \"противопехотные мины\"", "Противопехотные мины обнаружены"));
  CHECK_FALSE(hits("мины", "мина"));  // English (the default) does not stem Russian
  CHECK(hits("νάρκες", "Νάρκες στα σύνορα"));
}

TEST_CASE("summaries are read as HTML: tags and references", "[topics][matcher]") {
  const auto matcher = compile({{"t", R"("anti-personnel mines" OR "AT&T")"}});
  CHECK_FALSE(matcher.match(item("x", "<p>Cleared <em>anti-personnel</em>&nbsp;mines</p>")).empty());
  CHECK_FALSE(matcher.match(item("x", "AT&amp;T")).empty());
}

TEST_CASE("text inside tag attributes does not match", "[topics][matcher]") {
  const auto matcher = compile({{"t", "landmine"}});
  CHECK(matcher.match(item("x", R"(<img alt="landmine" src="/landmine.jpg"> photo)")).empty());
  CHECK(matcher.match(item("x", "", R"(<a href="/tags/landmine">tag</a>)")).empty());
}

TEST_CASE("the title is plain text, not HTML", "[topics][matcher]") {
  CHECK(hits("b", "<b>bold</b>"));
}

TEST_CASE("a phrase of CJK characters matches consecutive characters", "[topics][matcher]") {
  CHECK(hits(R"("地雷")", "反步兵地雷的清除"));
  CHECK(hits("地雷", "反步兵地雷"));  // a bare word of CJK characters is a phrase too
  CHECK_FALSE(hits(R"("地雷")", "地下的雷"));
}

TEST_CASE("several topics match at once, in configuration order", "[topics][matcher]") {
  const auto matcher = compile({{"ukraine", "Ukraine OR Україна"},
                                {"gold", "gold"},
                                {"landmines", R"(landmine OR "land mine")"},
                                {"treaty", R"("Mine Ban Treaty")"}});
  const auto matches =
      matcher.match(item("Mine Ban Treaty: land mine in Україна", "", "A landmine. Another landmine."));
  CHECK(topics_of(matches) == Names{"ukraine", "landmines", "treaty"});
}

TEST_CASE("matches list the terms that fired as written, phrases in quotes", "[topics][matcher]") {
  const auto matcher =
      compile({{"landmines", R"(Landmine OR "Land Mine" OR "Ottawa Convention" OR mine OR Landmine)"}});
  const auto matches = matcher.match(item("A land mine", "and another LANDMINE"));
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].topic == "landmines");
  CHECK(matches[0].terms == Names{"Landmine", "\"Land Mine\"", "mine"});  // query order, once each
}

TEST_CASE("an item that matches nothing gives no matches", "[topics][matcher]") {
  const auto matcher = compile({{"a", "landmine"}, {"b", R"("cluster munitions")"}});
  CHECK(matcher.match(item("Weather today", "Sunny", "<p>cluster of munitions</p>")).empty());
  CHECK(matcher.match(Item{}).empty());
}

TEST_CASE("a matcher with no topics matches nothing", "[topics][matcher]") {
  const auto matcher = Matcher::compile({});
  REQUIRE(matcher);
  CHECK(matcher->match(item("landmine")).empty());
}

TEST_CASE("compiling reports the topic whose query is wrong", "[topics][matcher]") {
  const std::vector<TopicSpec> specs{{.name = "fine", .query = "mine"}, {.name = "ukraine", .query = "Ukraine OR"}};
  const auto matcher = Matcher::compile(specs);
  REQUIRE_FALSE(matcher);
  CHECK(matcher.error().topic == "ukraine");
  CHECK(matcher.error().error.column == 11);
  CHECK(matcher.error().error.message == "expected a term after OR");
}

TEST_CASE("hundreds of topics each match only their own items", "[topics][matcher]") {
  std::vector<std::pair<std::string, std::string>> topics;
  for (int i = 0; i < 500; ++i)
    topics.emplace_back("topic" + std::to_string(i),
                        "word" + std::to_string(i) + " OR \"shared phrase " + std::to_string(i) + "\"");
  const auto matcher = compile(topics);
  CHECK(topics_of(matcher.match(item("about word123 today"))) == Names{"topic123"});
  CHECK(topics_of(matcher.match(item("a shared phrase 7 and word499"))) == Names{"topic7", "topic499"});
  CHECK(matcher.match(item("shared phrase")).empty());
}

TEST_CASE("match is safe to call from several threads at once", "[topics][matcher]") {
  const auto matcher = compile({{"landmines", R"(landmine OR "land mine")"}, {"ukraine", "Україна"}});
  const auto sample = item("Україна: land mine cleared", "<p>landmine</p>");
  const auto expected = matcher.match(sample);
  std::vector<int> agreed(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < agreed.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto got = matcher.match(sample);
        if (topics_of(got) == topics_of(expected) && got[0].terms == expected[0].terms) ++agreed[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : agreed) CHECK(count == 200);
}

TEST_CASE("a moved matcher keeps matching", "[topics][matcher]") {
  auto first = compile({{"t", "mine"}});
  Matcher second = std::move(first);
  CHECK(topics_of(second.match(item("a mine"))) == Names{"t"});
}
