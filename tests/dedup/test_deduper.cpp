#include <catch2/catch.hpp>
#include <chrono>

#include "dedup/deduper.hpp"
#include "tests/dedup/stories.hpp"

using namespace std::chrono_literals;
using namespace vigil::dedup;
using namespace vigil::dedup::test;
using vigil::Item;
using vigil::Timestamp;


TEST_CASE("the first item of a story starts a cluster", "[dedup][deduper]") {
  Stream s;
  const auto verdict = s.add(wire_story(), t0);
  CHECK_FALSE(verdict.cluster);
  CHECK(verdict.reason == DuplicateReason::none);
  CHECK(s.deduper.size() == 1);
}

TEST_CASE("the same URL with tracking parameters is the same story", "[dedup][deduper][url]") {
  Stream s;
  s.add(wire_story(), t0);
  auto copy = make_item("aggregator-7", "Landmine kills three in Velmora region - Wire", "short blurb", "",
                        "http://www.wire.example/world/2024/05/14/velmora-landmine/?utm_source=feed#top");
  const auto verdict = s.add(copy, t0 + 2h);
  REQUIRE(verdict.cluster);
  CHECK(*verdict.cluster == "wire-1");
  CHECK(verdict.reason == DuplicateReason::same_url);
}

TEST_CASE("items that all link to one listing page are not one story", "[dedup][deduper][url]") {
  Stream s;
  const std::string listing = "https://ngo.example/press-releases";
  s.add(title_only("pr-1", "Fieldguard opens a survey office in Velmora", listing), t0);
  const auto other = s.add(title_only("pr-2", "Annual casualty report shows fewer child victims", listing), t0 + 1h);
  CHECK_FALSE(other.cluster);
  // The same listing link with a matching title is still the same item seen again.
  const auto again = s.add(title_only("pr-3", "Fieldguard opens a survey office in Velmora", listing), t0 + 2h);
  CHECK(again.cluster == std::optional<std::string>("pr-1"));
}

TEST_CASE("a site's front page is never a shared URL", "[dedup][deduper][url]") {
  Stream s;
  s.add(title_only("a", "Deminers return to the northern border", "https://news.example/"), t0);
  CHECK_FALSE(
      s.add(title_only("b", "New survey of Velmora farmland funded", "https://www.news.example"), t0 + 1h).cluster);
}

TEST_CASE("the same text under another URL is the same story", "[dedup][deduper][fingerprint]") {
  Stream s;
  s.add(wire_story(), t0);
  auto copy = wire_story();
  copy.id = "mirror-1";
  copy.link = "https://mirror.example/velmora";
  const auto verdict = s.add(copy, t0 + 1h);
  CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
  CHECK(verdict.reason == DuplicateReason::same_text);
}

TEST_CASE("same-story variants are near-duplicates", "[dedup][deduper][near]") {
  Stream s;
  s.add(wire_story(), t0);
  SECTION("a rewritten lede and headline") {
    const auto verdict = s.add(rewritten_lede(), t0 + 3h);
    CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
    CHECK(verdict.reason == DuplicateReason::near_text);
    CHECK(verdict.similarity >= 0.6);
  }
  SECTION("a dateline and an added paragraph") {
    const auto verdict = s.add(added_paragraph(), t0 + 5h);
    CHECK(verdict.cluster == std::optional<std::string>("wire-1"));
    CHECK(verdict.reason == DuplicateReason::near_text);
  }
  SECTION("within one source, at a second URL") {
    auto again = rewritten_lede();
    again.id = "wire-1b";
    again.link = "https://wire.example/world/velmora-mine-second-url";
    CHECK(s.add(again, t0 + 1h).cluster == std::optional<std::string>("wire-1"));
  }
}

TEST_CASE("a later member joins the cluster named by its first item", "[dedup][deduper][cluster]") {
  Stream s;
  s.add(wire_story(), t0);
  s.add(rewritten_lede(), t0 + 1h);
  // Closest to the rewritten version, but the cluster is still the wire's.
  auto third = rewritten_lede();
  third.id = "third";
  third.link = "https://third.example/velmora";
  third.content += "<p>More coverage on our live page.</p>";
  CHECK(s.add(third, t0 + 2h).cluster == std::optional<std::string>("wire-1"));
}

TEST_CASE("an item joins the cluster of the most similar earlier item", "[dedup][deduper][cluster]") {
  Stream s;
  // Two clusters whose texts both resemble the newcomer, one more than the other.
  auto far = make_item("far", "Velmora mine blast", "",
                       paragraphs({mine_lede, mine_body.substr(0, mine_body.size() * 4 / 5)}), "https://far.example/a");
  auto near = make_item("near", "Velmora mine blast kills three", "", paragraphs({mine_lede, mine_body}),
                        "https://near.example/b");
  near.content += "<p>An extra closing line that the newcomer shares.</p>";
  Deduper d;
  d.remember("far", signature_of(far), t0);
  d.remember("near", signature_of(near), t0 + 1h);
  auto newcomer = near;
  newcomer.id = "new";
  newcomer.link = "https://new.example/c";
  newcomer.title = "Three killed in Velmora";
  const auto verdict = d.classify(signature_of(newcomer), t0 + 2h);
  REQUIRE(verdict.cluster);
  CHECK(*verdict.cluster == "near");
  CHECK(verdict.similarity > 0.9);
  // Both qualify: without the nearer one, the farther one is chosen.
  Deduper only_far;
  only_far.remember("far", signature_of(far), t0);
  const auto second = only_far.classify(signature_of(newcomer), t0 + 2h);
  CHECK(second.cluster == std::optional<std::string>("far"));
  CHECK(second.similarity < verdict.similarity);
}

TEST_CASE("updated casualty figures are a different story", "[dedup][deduper][negative]") {
  Stream s;
  s.add(wire_story(), t0);
  const auto verdict = s.add(updated_figures(), t0 + 4h);
  CHECK_FALSE(verdict.cluster);
}

TEST_CASE("two statements of one organization are not alike because of its About section",
          "[dedup][deduper][negative]") {
  for (const std::string heading : {"About Fieldguard", "Notes to editors", "###", "Media contact"}) {
    INFO("heading: " << heading);
    Stream s;
    s.add(fieldguard_statement("fg-1", "Fieldguard condemns new mines on the northern border", statement_one, heading),
          t0);
    const auto verdict = s.add(
        fieldguard_statement("fg-2", "Fieldguard welcomes Velmora farmland survey", statement_two, heading), t0 + 6h);
    CHECK_FALSE(verdict.cluster);
  }
}

TEST_CASE("a statement republished by a national section is the same story", "[dedup][deduper][near]") {
  Stream s;
  s.add(fieldguard_statement("fg-1", "Fieldguard condemns new mines on the northern border", statement_one,
                             "About Fieldguard"),
        t0);
  auto section = make_item("fg-uk-1", "Fieldguard UK: new mines on the northern border must stop", "",
                           paragraphs({statement_one, "Fieldguard UK supports this call.", "About Fieldguard UK",
                                       "Fieldguard UK is the British section of Fieldguard."}),
                           "https://fieldguard-uk.example/news/northern-border-mines");
  const auto verdict = s.add(section, t0 + 1h);
  CHECK(verdict.cluster == std::optional<std::string>("fg-1"));
}

TEST_CASE("a weekly round-up that quotes a story is not that story", "[dedup][deduper][negative]") {
  Stream s;
  s.add(wire_story(), t0);
  s.add(fieldguard_statement("fg-1", "Fieldguard condemns new mines on the northern border", statement_one,
                             "About Fieldguard"),
        t0 + 1h);
  CHECK_FALSE(s.add(weekly_roundup(), t0 + 3 * 24h).cluster);
}

TEST_CASE("near-duplicates further apart than the window are separate stories", "[dedup][deduper][window]") {
  Stream s;
  s.add(wire_story(), t0);
  CHECK_FALSE(s.add(rewritten_lede(), t0 + 15 * 24h).cluster);
  CHECK(s.add(added_paragraph(), t0 + 13 * 24h).cluster == std::optional<std::string>("wire-1"));
}

TEST_CASE("the window is configurable", "[dedup][deduper][window]") {
  Stream s(DedupOptions{.window = 24h});
  s.add(wire_story(), t0);
  CHECK_FALSE(s.add(rewritten_lede(), t0 + 25h).cluster);
}

TEST_CASE("an item dated before its duplicate still finds it", "[dedup][deduper][window]") {
  Stream s;
  s.add(wire_story(), t0);
  CHECK(s.add(rewritten_lede(), t0 - 2 * 24h).cluster == std::optional<std::string>("wire-1"));
}

TEST_CASE("expire forgets items older than the window", "[dedup][deduper][expire]") {
  Stream s;
  s.add(wire_story(), t0);
  s.add(title_only("short-1", "Deminers return to the northern border"), t0 + 10 * 24h);
  const auto full = s.deduper.memory_bytes();
  CHECK(full > 0);
  CHECK(s.deduper.size() == 2);

  s.deduper.expire(t0 + 14 * 24h);  // exactly the window: kept
  CHECK(s.deduper.size() == 2);
  s.deduper.expire(t0 + 14 * 24h + 1s);
  CHECK(s.deduper.size() == 1);
  // The forgotten story no longer clusters anything, even at the same URL.
  CHECK_FALSE(s.deduper.classify(signature_of(wire_story()), t0 + 14 * 24h).cluster);
  CHECK(s.deduper.classify(signature_of(title_only("x", "Deminers return to the northern border")), t0 + 11 * 24h)
            .cluster == std::optional<std::string>("short-1"));

  s.deduper.expire(t0 + 30 * 24h);
  CHECK(s.deduper.size() == 0);
  CHECK(s.deduper.memory_bytes() < full);
}

TEST_CASE("expired cluster members leave the cluster to the others", "[dedup][deduper][expire]") {
  Stream s;
  s.add(wire_story(), t0);
  s.add(rewritten_lede(), t0 + 10 * 24h);
  s.deduper.expire(t0 + 15 * 24h);
  REQUIRE(s.deduper.size() == 1);
  // The wire item is gone; the rewritten one still carries the cluster's name.
  CHECK(s.add(added_paragraph(), t0 + 16 * 24h).cluster == std::optional<std::string>("wire-1"));
}

TEST_CASE("many items expire in order, bucket by bucket", "[dedup][deduper][expire]") {
  Deduper d;
  for (int i = 0; i < 500; ++i) {
    auto item = make_item("i" + std::to_string(i), "Item number " + std::to_string(i) + " of the series", "");
    item.link = "https://series.example/" + std::to_string(i);
    d.remember(item.id, signature_of(item), t0 + std::chrono::minutes(17 * i));
  }
  CHECK(d.size() == 500);
  d.expire(t0 + 14 * 24h + std::chrono::minutes(17 * 100) + 1s);  // items 0..100 are older
  CHECK(d.size() == 399);
  d.expire(t0 + 100 * 24h);
  CHECK(d.size() == 0);
}

TEST_CASE("items older than the short window keep what the other rules need", "[dedup][deduper][expire]") {
  Stream s;
  s.add(wire_story(), t0);
  s.deduper.expire(t0 + 5 * 24h);  // the wire story's title words and lede leave their indexes
  auto same_link = make_item("later-1", "Landmine kills three in Velmora region (updated)", "", "",
                             "https://wire.example/world/2024/05/14/velmora-landmine");
  CHECK(s.deduper.classify(signature_of(same_link), t0 + 5 * 24h).reason == DuplicateReason::same_url);
  same_link.title = "Weather: storms expected across the north this weekend";
  CHECK_FALSE(s.deduper.classify(signature_of(same_link), t0 + 5 * 24h).cluster);
  // Its numbers still tell the updated figures apart, its text still finds a rewrite.
  CHECK_FALSE(s.deduper.classify(signature_of(updated_figures()), t0 + 5 * 24h).cluster);
  CHECK(s.deduper.classify(signature_of(rewritten_lede()), t0 + 5 * 24h).reason == DuplicateReason::near_text);
}
