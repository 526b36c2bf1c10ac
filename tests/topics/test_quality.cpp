// Scores the example topics of config/examples/demo.toml on the labelled items of
// tests/fixtures/topics/quality/ (see its README for what each label means).
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "model/item.hpp"
#include "topics/matcher.hpp"
#include "topics/topic_spec.hpp"

namespace {

namespace fs = std::filesystem;
using vigil::Item;
using vigil::Match;
using vigil::topics::Matcher;
using vigil::topics::TopicSpec;

const fs::path kDemoConfig = fs::path(VIGIL_SOURCE_DIR) / "config/examples/demo.toml";
const fs::path kFixtures = fs::path(VIGIL_SOURCE_DIR) / "tests/fixtures/topics/quality";
constexpr double kRequiredF1 = 0.95;

// The [[topic]] tables of a config file, read straight with toml++ (the keys the matcher uses).
std::vector<TopicSpec> read_topics(const fs::path& path) {
  const toml::table config = toml::parse_file(path.string());
  std::vector<TopicSpec> topics;
  const toml::array* tables = config["topic"].as_array();
  REQUIRE(tables != nullptr);
  for (const auto& node : *tables) {
    const toml::table& table = *node.as_table();
    TopicSpec spec;
    spec.name = table["name"].value_or(std::string{});
    spec.query = table["query"].value_or(std::string{});
    if (const toml::array* languages = table["languages"].as_array()) {
      spec.languages.clear();
      for (const auto& language : *languages) spec.languages.push_back(language.value_or(std::string{}));
    }
    if (const auto min_score = table["min_score"].value<double>()) spec.min_score = *min_score;
    topics.push_back(std::move(spec));
  }
  return topics;
}

struct LabelledItem {
  Item item;
  std::set<std::string> labels;
};

// Every line of every *.jsonl file, in file name order.
std::vector<LabelledItem> read_fixtures(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<LabelledItem> items;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      INFO(file.filename().string() << ":" << number);
      const auto json = nlohmann::json::parse(line);
      LabelledItem labelled;
      labelled.item.id = json.at("id").get<std::string>();
      labelled.item.source = json.value("source", "");
      labelled.item.title = json.value("title", "");
      labelled.item.link = json.value("link", "");
      labelled.item.summary = json.value("summary", "");
      labelled.item.content = json.value("content", "");
      labelled.item.lang = json.value("lang", "");
      for (const auto& label : json.at("labels")) labelled.labels.insert(label.get<std::string>());
      items.push_back(std::move(labelled));
    }
  }
  return items;
}

std::string describe(const Match& match) {
  std::ostringstream out;
  out << "score " << std::fixed << std::setprecision(2) << match.score << ", terms:";
  for (const auto& term : match.terms) out << ' ' << term;
  return out.str();
}

struct Tally {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  std::vector<std::string> mistakes;  // one line per misclassified item, with why

  double precision() const {
    const auto fired = true_positives + false_positives;
    return fired == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(fired);
  }
  double recall() const {
    const auto wanted = true_positives + false_negatives;
    return wanted == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(wanted);
  }
  double f1() const {
    const double p = precision();
    const double r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

const Match* find_match(const std::vector<Match>& matches, const std::string& topic) {
  for (const auto& match : matches)
    if (match.topic == topic) return &match;
  return nullptr;
}

}  // namespace

TEST_CASE("the quality fixtures are well formed and labelled with the demo's topics", "[topics][quality]") {
  const auto topics = read_topics(kDemoConfig);
  std::set<std::string> names;
  for (const auto& topic : topics) names.insert(topic.name);
  const auto items = read_fixtures(kFixtures);
  REQUIRE(items.size() >= 250);
  std::set<std::string> ids;
  for (const auto& labelled : items) {
    INFO(labelled.item.id);
    CHECK(ids.insert(labelled.item.id).second);
    CHECK_FALSE(labelled.item.title.empty());
    for (const auto& label : labelled.labels) CHECK(names.count(label) == 1);
  }
}

TEST_CASE("vigil.toml ships the same example topics as the demo", "[topics][quality]") {
  const auto demo = read_topics(kDemoConfig);
  const auto installed = read_topics(fs::path(VIGIL_SOURCE_DIR) / "config/examples/vigil.toml");
  REQUIRE(installed.size() == demo.size());
  for (std::size_t i = 0; i < demo.size(); ++i) {
    INFO("topic " << demo[i].name);
    CHECK(installed[i].name == demo[i].name);
    CHECK(installed[i].query == demo[i].query);
    CHECK(installed[i].languages == demo[i].languages);
    CHECK(installed[i].min_score == demo[i].min_score);
  }
}

TEST_CASE("the demo's example topics reach F1 >= 0.95 on the labelled multilingual items", "[topics][quality]") {
  const auto topics = read_topics(kDemoConfig);
  REQUIRE(topics.size() >= 3);
  auto matcher = Matcher::compile(topics);
  if (!matcher) FAIL("topic " << matcher.error().topic << ": column " << matcher.error().error.column << ": "
                              << matcher.error().error.message);
  // The same topics without min_score, to say why a missed item fell short.
  auto unscored_topics = topics;
  for (auto& topic : unscored_topics) topic.min_score.reset();
  auto unscored = Matcher::compile(unscored_topics);
  REQUIRE(unscored.has_value());

  std::map<std::string, Tally> tallies;
  for (const auto& topic : topics) tallies[topic.name];
  for (const auto& [item, labels] : read_fixtures(kFixtures)) {
    const auto matches = matcher->match(item);
    for (const auto& topic : topics) {
      Tally& tally = tallies[topic.name];
      const Match* match = find_match(matches, topic.name);
      const bool wanted = labels.count(topic.name) == 1;
      if (match && wanted) {
        ++tally.true_positives;
      } else if (match) {
        ++tally.false_positives;
        tally.mistakes.push_back("false positive " + item.id + " (" + describe(*match) + ")");
      } else if (wanted) {
        ++tally.false_negatives;
        const auto below = unscored->match(item);
        const Match* near_miss = find_match(below, topic.name);
        tally.mistakes.push_back("false negative " + item.id +
                                 (near_miss ? " (below min_score: " + describe(*near_miss) + ")" : " (no match even without min_score: no term fired, or a NOT excluded it)"));
      }
    }
  }

  std::ostringstream table;
  table << std::left << std::setw(20) << "topic" << std::right << std::setw(5) << "TP" << std::setw(5) << "FP"
        << std::setw(5) << "FN" << std::setw(11) << "precision" << std::setw(8) << "recall" << std::setw(7) << "F1\n";
  for (const auto& [name, tally] : tallies) {
    table << std::left << std::setw(20) << name << std::right << std::setw(5) << tally.true_positives << std::setw(5)
          << tally.false_positives << std::setw(5) << tally.false_negatives << std::fixed << std::setprecision(3)
          << std::setw(11) << tally.precision() << std::setw(8) << tally.recall() << std::setw(7) << tally.f1() << '\n';
    for (const auto& mistake : tally.mistakes) table << "    " << mistake << '\n';
  }
  std::cout << table.str() << std::flush;

  for (const auto& [name, tally] : tallies) {
    INFO("topic " << name << "\n" << table.str());
    CHECK(tally.f1() >= kRequiredF1);
  }
}
