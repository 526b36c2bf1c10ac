// The operators of the query language, evaluated over items.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/topics/matcher_items.hpp"
#include "topics/matcher.hpp"

using vigil::Item;
using vigil::topics::test::item;
using vigil::topics::Matcher;
using vigil::topics::TopicSpec;

namespace {

bool matches(const std::string& query, const Item& it, std::vector<std::string> languages = {"en"}) {
  auto matcher = Matcher::compile({{.name = "t", .query = query, .languages = std::move(languages)}});
  REQUIRE(matcher);
  return !matcher->match(it).empty();
}

bool hits(const std::string& query, const std::string& title) { return matches(query, item(title)); }

}  // namespace

TEST_CASE("AND and adjacent terms need both", "[topics][matcher][operators]") {
  CHECK(hits("landmine AND Ukraine", "Landmines in Ukraine"));
  CHECK(hits("landmine Ukraine", "Ukraine: landmines"));
  CHECK_FALSE(hits("landmine AND Ukraine", "Landmines in Angola"));
  CHECK_FALSE(hits("landmine Ukraine", "Ukraine wins"));
}

TEST_CASE("AND may be satisfied across fields", "[topics][matcher][operators]") {
  CHECK(matches("landmine AND Ukraine", item("Ukraine update", "", "<p>A landmine was found.</p>")));
}

TEST_CASE("NOT and a leading minus exclude items", "[topics][matcher][operators]") {
  CHECK(hits("mine NOT gold", "A mine exploded"));
  CHECK_FALSE(hits("mine NOT gold", "A gold mine opened"));
  CHECK_FALSE(hits("mine -gold", "A gold mine opened"));
  CHECK(hits("mine -gold", "A mine exploded"));
  CHECK_FALSE(hits(R"(landmine -"political landmine")", "A political landmine for the minister"));
  CHECK(hits(R"(landmine -"political landmine")", "A landmine killed two"));
}

TEST_CASE("parentheses group alternatives", "[topics][matcher][operators]") {
  const std::string query = "(landmine OR \"cluster munition\") AND (Ukraine OR Україна)";
  CHECK(hits(query, "Cluster munitions used in Ukraine"));
  CHECK(hits(query, "Landmine in Україна"));
  CHECK_FALSE(hits(query, "Cluster munitions used in Syria"));
  CHECK_FALSE(hits(query, "Ukraine talks"));
}

TEST_CASE("OR binds looser than AND in matching", "[topics][matcher][operators]") {
  // a OR b c  ==  a OR (b AND c)
  CHECK(hits("landmine OR Ukraine Kyiv", "A landmine"));
  CHECK(hits("landmine OR Ukraine Kyiv", "Kyiv, Ukraine"));
  CHECK_FALSE(hits("landmine OR Ukraine Kyiv", "Ukraine"));
}

TEST_CASE("NEAR finds two terms within n words, in either order", "[topics][matcher][operators]") {
  CHECK(hits("mine NEAR/3 clearance", "mine clearance began"));
  CHECK(hits("mine NEAR/3 clearance", "clearance of the mine"));         // 3 words apart, reversed
  CHECK_FALSE(hits("mine NEAR/2 clearance", "clearance of the old mine"));  // 4 apart
  CHECK(hits("mine NEAR/4 clearance", "clearance of the old mine"));
  CHECK(hits("mine NEAR/1 clearance", "mine clearance"));
  CHECK_FALSE(hits("mine NEAR/1 clearance", "mine and clearance"));
}

TEST_CASE("NEAR without a distance means within 10 words", "[topics][matcher][operators]") {
  CHECK(hits("mine NEAR clearance", "mine one two three four five six seven eight nine clearance"));
  CHECK_FALSE(hits("mine NEAR clearance", "mine one two three four five six seven eight nine ten clearance"));
}

TEST_CASE("NEAR works with phrases and alternatives, within one field", "[topics][matcher][operators]") {
  CHECK(hits(R"("cluster munitions" NEAR/5 (Ukraine OR Kharkiv))", "Kharkiv hit by cluster munitions"));
  CHECK(hits(R"("cluster munitions" NEAR/2 Ukraine)", "cluster munitions in Ukraine"));
  CHECK_FALSE(hits(R"("cluster munitions" NEAR/1 Ukraine)", "cluster munitions in Ukraine"));
  CHECK_FALSE(matches("mine NEAR/3 clearance", item("Mine", "clearance")));
}

TEST_CASE("a field scope restricts a term to that field", "[topics][matcher][operators]") {
  CHECK(matches("title:landmine", item("Landmine found", "nothing")));
  CHECK_FALSE(matches("title:landmine", item("Report", "a landmine")));
  CHECK(matches("summary:landmine", item("Report", "a landmine")));
  CHECK_FALSE(matches("summary:landmine", item("Report", "", "a landmine")));
  CHECK(matches("content:landmine", item("Report", "", "<p>a landmine</p>")));
  CHECK(matches(R"(title:("land mine" OR landmine) Ukraine)", item("Land mine", "in Ukraine")));
  CHECK_FALSE(matches(R"(title:("land mine" OR landmine) Ukraine)", item("Ukraine", "a land mine")));
}

TEST_CASE("a prefix matches every word that starts with it", "[topics][matcher][operators]") {
  CHECK(hits("landmin*", "Landmines"));
  CHECK(hits("demin*", "Demining teams"));
  CHECK_FALSE(hits("demin*", "The domino effect"));
  CHECK(hits("мін*", "Міни на полях"));
  CHECK(hits("anti-pers*", "anti-personnel"));
}

TEST_CASE("a prefix is not stemmed", "[topics][matcher][operators][stem]") {
  CHECK_FALSE(hits("landmines*", "landmine"));
}

TEST_CASE("a regex matches the plain text of a field", "[topics][matcher][operators]") {
  CHECK(hits(R"(/UN[- ]?\d{4}/)", "Resolution UN-2231 adopted"));
  CHECK_FALSE(hits(R"(/UN[- ]?\d{4}/)", "un-2231"));           // case matters
  CHECK(hits(R"(/UN[- ]?\d{4}/i)", "un-2231"));               // unless /i
  CHECK(matches(R"(/anti-personnel/)", item("x", "<p>anti-<b>personnel</b></p>")));  // HTML read as text
  CHECK_FALSE(matches(R"(title:/mine/)", item("x", "mine")));
  CHECK(matches(R"(landmine AND /\b\d+ (killed|injured)\b/)", item("Landmine", "3 killed")));
}

TEST_CASE("the query * matches every item", "[topics][matcher][operators]") {
  CHECK(hits("*", "Anything at all"));
  CHECK(matches("*", Item{}));
}

TEST_CASE("stemming follows the topic's languages", "[topics][matcher][stem]") {
  CHECK(matches("мина", item("Противопехотные мины"), {"ru"}));
  CHECK(matches("Украина", item("Новости Украины"), {"ru"}));
  CHECK_FALSE(matches("Украина", item("Новости Украины"), {"en"}));
  CHECK(matches("mine", item("Des mines antipersonnel"), {"fr"}));
  CHECK(matches("mina", item("Minas antipersonales"), {"es"}));
  CHECK(matches("Landmine", item("Neue Landminen"), {"de"}));
  CHECK(matches("Україна", item("Новини України"), {"uk"}));
  CHECK(matches("міна", item("Протипіхотні міни"), {"uk"}));
}

TEST_CASE("a topic in several languages matches the inflections of each", "[topics][matcher][stem]") {
  const std::vector<std::string> languages{"en", "fr", "ru"};
  CHECK(matches("mine OR мина", item("Mines found"), languages));
  CHECK(matches("mine OR мина", item("les mines"), languages));
  CHECK(matches("mine OR мина", item("мины"), languages));
}

TEST_CASE("a language without a stemmer folds but does not stem", "[topics][matcher][stem]") {
  CHECK(matches("LANDMINE", item("landmine"), {"xx"}));
  CHECK_FALSE(matches("landmine", item("landmines"), {"xx"}));
}

TEST_CASE("a topic with sources only sees items of those sources", "[topics][matcher]") {
  auto matcher = Matcher::compile({{.name = "t", .query = "landmine", .sources = {"icbl"}}});
  REQUIRE(matcher);
  Item from_icbl = item("Landmine report");
  from_icbl.source = "icbl";
  Item from_other = from_icbl;
  from_other.source = "wire";
  CHECK(matcher->match(from_icbl).size() == 1);
  CHECK(matcher->match(from_other).empty());
}

TEST_CASE("an item in a known language is stemmed in that language, not its neighbours'",
          "[topics][matcher][stem]") {
  // The French stemmer gives the query's `bombies` (cluster bomblets) the stem `bomb`.
  auto matcher = Matcher::compile({{.name = "t", .query = "bombies", .languages = {"en", "fr"}}});
  REQUIRE(matcher);
  Item english = item("A bomb exploded");
  CHECK(matcher->match(english).size() == 1);  // no language: French stems meet English words
  english.lang = "en-GB";
  CHECK(matcher->match(english).empty());
  Item french = item("Des bombies retrouvées");
  french.lang = "fr";
  CHECK(matcher->match(french).size() == 1);
  Item exact = item("bombies found");
  exact.lang = "en";
  CHECK(matcher->match(exact).size() == 1);  // the word itself still matches
}

TEST_CASE("an item's declared language does not stop stemming in other scripts", "[topics][matcher][stem]") {
  auto matcher = Matcher::compile({{.name = "t", .query = "Україна", .languages = {"en", "uk"}}});
  REQUIRE(matcher);
  Item mislabelled = item("Новини України");
  mislabelled.lang = "en";
  CHECK(matcher->match(mislabelled).size() == 1);
}
