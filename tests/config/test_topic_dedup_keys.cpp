// The keys of issues 4 and 5: a topic's languages, min_score and sources; [dedup]; a
// channel's duplicates.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;
using namespace std::chrono_literals;

namespace {

const std::string kBase = R"([[source]]
name = "icbl"
url = "https://icbl.example.org/feed"

[[channel]]
name = "desk"
type = "console"
)";

}  // namespace

TEST_CASE("a topic reads languages, min_score and sources", "[config][topics]") {
  TempDir dir;
  const auto result = load_text(dir, kBase + R"(
[[topic]]
name = "ukraine"
query = "Ukraine OR Україна"
languages = ["en", "uk", "en"]
min_score = 2.5
sources = ["icbl"]
notify = ["desk"]

[[topic]]
name = "plain"
query = "x"
min_score = 3
notify = ["desk"]
)");
  INFO(printed(result, dir).size());
  REQUIRE(result.ok());
  const auto& topic = result.config->topics[0];
  CHECK(topic.languages == std::vector<std::string>{"en", "uk"});
  CHECK(topic.min_score == 2.5);
  CHECK(topic.sources == std::vector<std::string>{"icbl"});
  CHECK(result.config->topics[1].languages == std::vector<std::string>{"en"});  // the default
  CHECK(result.config->topics[1].min_score == 3.0);
}

TEST_CASE("topic key errors name the place and what was expected", "[config][topics][errors]") {
  TempDir dir;
  const auto result = load_text(dir, kBase + R"(
[[topic]]
name = "t"
query = "x"
languages = ["en", "xx"]
min_score = -1
sources = ["icbI"]
notify = ["desk"]
)");
  REQUIRE_FALSE(result.ok());
  const auto lines = printed(result, dir);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].starts_with("vigil.toml:12:20: warning: topic \"t\": no stemmer for language \"xx\": its words are "
                             "folded but not stemmed (stemmers: "));
  CHECK(lines[1] == "vigil.toml:13:13: error: key \"min_score\" in [[topic]] \"t\": expected a number > 0, got -1");
  CHECK(lines[2] == "vigil.toml:14:12: error: topic \"t\": sources names unknown source \"icbI\"; did you mean \"icbl\"?");
}

TEST_CASE("[dedup] and a channel's duplicates load, with defaults", "[config][dedup]") {
  TempDir dir;
  auto result = load_text(dir, kBase);
  REQUIRE(result.ok());
  CHECK(result.config->dedup.window == 14 * 24h);
  CHECK(result.config->dedup.threshold == 0.6);
  CHECK_FALSE(result.config->channels[0].duplicate_updates);

  result = load_text(dir, "[dedup]\nwindow = \"7d\"\nthreshold = 0.8\ntitle_threshold = 1\nshort_window = \"12h\"\n" +
                              kBase + "duplicates = \"update\"\n");
  REQUIRE(result.ok());
  CHECK(result.config->dedup.window == 7 * 24h);
  CHECK(result.config->dedup.threshold == 0.8);
  CHECK(result.config->dedup.title_threshold == 1.0);
  CHECK(result.config->dedup.short_window == 12h);
  CHECK(result.config->channels[0].duplicate_updates);
}

TEST_CASE("[dedup] and duplicates errors", "[config][dedup][errors]") {
  TempDir dir;
  const auto result = load_text(dir, "[dedup]\nthreshold = 1.5\nwindw = \"1d\"\n" + kBase + "duplicates = \"maybe\"\n");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:13: error: key \"threshold\" in [dedup]: expected a number above 0 and at most 1, got 1.5",
              "vigil.toml:3:1: error: unknown key \"windw\" in [dedup]; did you mean \"window\"?",
              "vigil.toml:11:14: error: key \"duplicates\" in [[channel]] \"desk\": expected \"suppress\" or \"update\", "
              "got \"maybe\""});
}
