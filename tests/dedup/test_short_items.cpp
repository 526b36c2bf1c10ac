#include <catch2/catch.hpp>
#include <chrono>

#include "dedup/deduper.hpp"
#include "tests/dedup/stories.hpp"

using namespace std::chrono_literals;
using namespace vigil::dedup;
using namespace vigil::dedup::test;
using vigil::Item;
using vigil::Timestamp;


TEST_CASE("title-only items with similar titles published close together are one story", "[dedup][short]") {
  Stream s;
  s.add(title_only("a", "Landmine kills three in Velmora region", "https://a.example/1"), t0);
  const auto verdict =
      s.add(title_only("b", "Landmine kills three in Velmora region, officials say", "https://b.example/2"), t0 + 5h);
  REQUIRE(verdict.cluster);
  CHECK(*verdict.cluster == "a");
  CHECK(verdict.reason == DuplicateReason::similar_title);
  CHECK(verdict.similarity == Approx(0.75));
}

TEST_CASE("title-only items published far apart are separate stories", "[dedup][short]") {
  Stream s;
  s.add(title_only("a", "Landmine kills three in Velmora region", "https://a.example/1"), t0);
  CHECK_FALSE(
      s.add(title_only("b", "Landmine kills three in Velmora region", "https://b.example/2"), t0 + 3 * 24h).cluster);
}

TEST_CASE("title-only items with different titles are separate stories", "[dedup][short]") {
  Stream s;
  s.add(title_only("a", "Landmine kills three in Velmora region", "https://a.example/1"), t0);
  CHECK_FALSE(
      s.add(title_only("b", "Deminers return to Velmora region farmland", "https://b.example/2"), t0 + 1h).cluster);
  CHECK_FALSE(
      s.add(title_only("c", "Landmine kills three in Kessar region, officials say", "https://c.example/3"), t0 + 1h)
          .cluster);
}

TEST_CASE("titles that state other figures are separate stories", "[dedup][short][negative]") {
  Stream s;
  s.add(title_only("a", "Landmine kills three in Velmora region, officials say", "https://a.example/1"), t0);
  CHECK_FALSE(
      s.add(title_only("b", "Landmine kills five in Velmora region, officials say", "https://b.example/2"), t0 + 2h)
          .cluster);
  CHECK_FALSE(s.add(title_only("c", "Velmora mine casualty report, week 19", "https://c.example/3"), t0 + 2h).cluster);
  CHECK_FALSE(s.add(title_only("d", "Velmora mine casualty report, week 20", "https://d.example/4"), t0 + 3h).cluster);
}

TEST_CASE("titles of one or two words never make a story", "[dedup][short]") {
  Stream s;
  s.add(title_only("a", "Press release", "https://a.example/1"), t0);
  CHECK_FALSE(s.add(title_only("b", "Press release", "https://b.example/2"), t0 + 1h).cluster);
}

TEST_CASE("a title-only item joins the full article with the same title", "[dedup][short]") {
  Stream s;
  s.add(wire_story(), t0);
  const auto verdict = s.add(
      title_only("headline-feed-1", "Landmine kills three in Velmora region", "https://headlines.example/item/88"),
      t0 + 2h);
  CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
  CHECK(verdict.reason == DuplicateReason::similar_title);
}

TEST_CASE("the full article joins the title-only item that came first", "[dedup][short]") {
  Stream s;
  s.add(title_only("headline-feed-1", "Landmine kills three in Velmora region", "https://headlines.example/item/88"),
        t0);
  const auto verdict = s.add(wire_story(), t0 + 2h);
  CHECK(verdict.cluster == std::optional<std::string>("headline-feed-1"));
  CHECK(verdict.reason == DuplicateReason::similar_title);
}

TEST_CASE("a one-line summary counts as a short item", "[dedup][short]") {
  Stream s;
  s.add(make_item("a", "Landmine kills three in Velmora region", "Three people died on a farm road.", "",
                  "https://a.example/1"),
        t0);
  const auto verdict = s.add(make_item("b", "Landmine kills three in Velmora region", "Officials confirmed the deaths.",
                                       "", "https://b.example/2"),
                             t0 + 1h);
  CHECK(verdict.cluster == std::optional<std::string>("a"));
}

TEST_CASE("a teaser joins the full article with the same title", "[dedup][short]") {
  Stream s;
  s.add(wire_story(), t0);
  // Another outlet's feed: the same headline, only the first paragraphs as summary.
  auto teaser = make_item("teaser-1", "Landmine kills three in Velmora region",
                          "<p>" + mine_lede + "</p><p>" + mine_body.substr(0, 190) + "...</p>", "",
                          "https://teasers.example/velmora");
  const auto verdict = s.add(teaser, t0 + 1h);
  CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
}

TEST_CASE("two full articles with one title but different texts stay apart", "[dedup][short][negative]") {
  Stream s;
  s.add(wire_story(), t0);
  auto other = make_item("other-1", "Landmine kills three in Velmora region", "",
                         paragraphs({statement_one, statement_two, fieldguard_about}), "https://other.example/velmora");
  CHECK_FALSE(s.add(other, t0 + 1h).cluster);
}

TEST_CASE("an item without a title lends its first words to the title rule", "[dedup][short]") {
  Stream s;
  s.add(make_item("a", "", "Deminers found twelve mines under the new school playground in Dorovka today.", "",
                  "https://a.example/1"),
        t0);
  const auto verdict =
      s.add(make_item("b", "", "Deminers found twelve mines under the new school playground in Dorovka.", "",
                      "https://b.example/2"),
            t0 + 30min);
  CHECK(verdict.cluster == std::optional<std::string>("a"));
}

TEST_CASE("the title threshold and the short window are configurable", "[dedup][short]") {
  SECTION("a stricter threshold") {
    Stream s(DedupOptions{.title_threshold = 0.9});
    s.add(title_only("a", "Landmine kills three in Velmora region", "https://a.example/1"), t0);
    CHECK_FALSE(
        s.add(title_only("b", "Landmine kills three in Velmora region, officials say", "https://b.example/2"), t0 + 1h)
            .cluster);
  }
  SECTION("a longer window") {
    Stream s(DedupOptions{.short_window = 4 * 24h});
    s.add(title_only("a", "Landmine kills three in Velmora region", "https://a.example/1"), t0);
    CHECK(
        s.add(title_only("b", "Landmine kills three in Velmora region", "https://b.example/2"), t0 + 3 * 24h).cluster);
  }
}

TEST_CASE("the same short text far apart is a recurring item, not a duplicate", "[dedup][short][fingerprint]") {
  Stream s;
  s.add(make_item("a", "Daily situation update from the mine action centre", "No incidents reported."), t0);
  CHECK_FALSE(s.add(make_item("b", "Daily situation update from the mine action centre", "No incidents reported."),
                    t0 + 4 * 24h)
                  .cluster);
}

TEST_CASE("a summary-only feed's first paragraph under its own title joins the article", "[dedup][lede]") {
  Stream s;
  s.add(wire_story(), t0);
  const auto verdict = s.add(
      make_item("brief-1", "Farm road blast in Velmora", mine_lede, "", "https://briefs.example/velmora"), t0 + 1h);
  CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
  CHECK(verdict.reason == DuplicateReason::same_lede);
  // Also with a second paragraph, when the feed's summary runs longer.
  const auto longer =
      s.add(make_item("brief-2", "Deadly blast on Velmora road", paragraphs({mine_lede, mine_body.substr(0, 200)}), "",
                      "https://briefs2.example/v"),
            t0 + 2h);
  CHECK(longer.cluster == std::optional<std::string>("wire-1"));
  // And the other way round: the article after the brief.
  Stream reversed;
  reversed.add(make_item("brief-1", "Farm road blast in Velmora", mine_lede, "", "https://briefs.example/velmora"), t0);
  CHECK(reversed.add(wire_story(), t0 + 1h).cluster == std::optional<std::string>("brief-1"));
}

TEST_CASE("stories that only open with the same words stay apart", "[dedup][lede][negative]") {
  Stream s;
  // A template opening, then different stories.
  const std::string opening =
      "GENEVA (Wire) - The United Nations humanitarian office said in a statement on Monday that its teams ";
  s.add(make_item("a", "UN teams reach flooded villages",
                  paragraphs({opening + "had reached the flooded villages of the north.", mine_body}), "",
                  "https://wire.example/a"),
        t0);
  CHECK_FALSE(s.add(make_item("b", "UN convoy attacked",
                              paragraphs({opening + "came under fire near the southern border.",
                                          statement_one + " " + statement_two + " " + fieldguard_about}),
                              "", "https://wire.example/b"),
                    t0 + 3h)
                  .cluster);
}

TEST_CASE("a first paragraph with other figures is another story", "[dedup][lede][negative]") {
  Stream s;
  s.add(wire_story(), t0);
  std::string other = mine_lede;
  other.replace(other.find("three"), 5, "four");
  CHECK_FALSE(s.add(make_item("brief-9", "Farm road blast in Velmora", other, "", "https://briefs.example/v9"), t0 + 1h)
                  .cluster);
}

TEST_CASE("a first paragraph carried days later is not matched by its lede", "[dedup][lede]") {
  Stream s;
  s.add(wire_story(), t0);
  s.deduper.expire(t0 + 3 * 24h);
  CHECK_FALSE(
      s.add(make_item("late", "Farm road blast in Velmora", mine_lede, "", "https://briefs.example/late"), t0 + 3 * 24h)
          .cluster);
}

TEST_CASE("titles that name different places are different stories", "[dedup][short][names][negative]") {
  Stream s;
  s.add(title_only("a", "Russian drone attack on Kharkiv kills two", "https://a.example/1"), t0);
  CHECK_FALSE(s.add(title_only("b", "Russian drone attack on Kherson kills two", "https://b.example/2"), t0 + 1h).cluster);
  // The same place, and a title that names one more thing: the same story.
  CHECK(s.add(title_only("c", "Russian drone attack on Kharkiv kills two, UN says", "https://c.example/3"), t0 + 2h)
            .cluster == std::optional<std::string>("a"));
  // A Title Case headline names nothing, so it is compared by its words alone.
  CHECK(s.add(title_only("d", "Russian Drone Attack On Kharkiv Kills Two", "https://d.example/4"), t0 + 3h).cluster ==
        std::optional<std::string>("a"));
}
