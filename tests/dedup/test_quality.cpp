// Scores the deduper on the labelled stream of tests/fixtures/dedup/quality/ (its README says
// what makes two items one story): pairwise precision and recall over items, once from the
// clusters and once from the `duplicate_of` ids `vigil dedup` would print.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dedup/deduper.hpp"
#include "model/item.hpp"
#include "model/time.hpp"

namespace {

namespace fs = std::filesystem;
using vigil::Item;
using vigil::Timestamp;
using vigil::dedup::Deduper;
using vigil::dedup::Signature;
using vigil::dedup::Verdict;

const fs::path kStream = fs::path(VIGIL_SOURCE_DIR) / "tests/fixtures/dedup/quality/stream.jsonl";
constexpr double kRequiredPrecision = 0.98;
constexpr double kRequiredRecall = 0.90;

struct LabelledItem {
  Item item;
  std::string story;    // items with the same story are duplicates of each other
  std::string variant;  // how the fixture's author made this copy, for the failure report
};

std::optional<Timestamp> date_field(const nlohmann::json& json, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || found->is_null()) return std::nullopt;
  const auto text = found->get<std::string>();
  const auto parsed = vigil::parse_rfc3339(text);
  INFO(key << ": " << text);
  REQUIRE(parsed.has_value());
  return parsed;
}

// Item JSON (DESIGN.md) plus "story" and "variant", one object a line.
std::vector<LabelledItem> read_stream(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<LabelledItem> items;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    INFO(path.filename().string() << ":" << number);
    const auto json = nlohmann::json::parse(line);
    LabelledItem labelled;
    Item& item = labelled.item;
    item.id = json.at("id").get<std::string>();
    item.source = json.value("source", "");
    item.title = json.value("title", "");
    item.link = json.value("link", "");
    item.published = date_field(json, "published");
    item.updated = date_field(json, "updated");
    item.summary = json.value("summary", "");
    item.content = json.value("content", "");
    item.lang = json.value("lang", "");
    if (const auto author = json.find("author"); author != json.end() && author->is_string())
      item.authors.push_back(author->get<std::string>());
    labelled.story = json.at("story").get<std::string>();
    labelled.variant = json.value("variant", "");
    items.push_back(std::move(labelled));
  }
  return items;
}

// What the deduper said about one item of the stream.
struct Decision {
  Signature signature;
  Verdict verdict;
  std::string cluster;  // the verdict's cluster, else the item's own id
  Timestamp at;
};

// The daemon's loop: classify, then remember under the cluster joined (or a new one).
// An item without a date is placed at the time of the item before it (first seen).
std::vector<Decision> run_deduper(const std::vector<LabelledItem>& items) {
  Deduper deduper;
  std::vector<Decision> decisions;
  Timestamp last_seen{};
  for (const auto& labelled : items) {
    Decision decision;
    decision.signature = vigil::dedup::signature_of(labelled.item);
    decision.at = labelled.item.published.value_or(last_seen);
    last_seen = decision.at;
    decision.verdict = deduper.classify(decision.signature, decision.at);
    decision.cluster = decision.verdict.cluster.value_or(labelled.item.id);
    deduper.remember(decision.cluster, decision.signature, decision.at);
    decisions.push_back(std::move(decision));
  }
  return decisions;
}

struct Score {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;

  double precision() const {
    const auto claimed = true_positives + false_positives;
    return claimed == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(claimed);
  }
  double recall() const {
    const auto wanted = true_positives + false_negatives;
    return wanted == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(wanted);
  }
};

// Pairs of items put together by `predicted` against pairs of items of one story.
Score score_pairs(const std::vector<LabelledItem>& items, const std::vector<std::string>& predicted) {
  Score score;
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const bool same_story = items[i].story == items[j].story;
      const bool same_cluster = predicted[i] == predicted[j];
      if (same_story && same_cluster) ++score.true_positives;
      if (!same_story && same_cluster) ++score.false_positives;
      if (same_story && !same_cluster) ++score.false_negatives;
    }
  return score;
}

// `vigil dedup`'s answer per item: the index of the first item of its cluster, none for the first.
std::vector<std::optional<std::size_t>> duplicate_of(const std::vector<Decision>& decisions) {
  std::map<std::string, std::size_t> first_of_cluster;
  std::vector<std::optional<std::size_t>> result;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const auto [first, inserted] = first_of_cluster.emplace(decisions[i].cluster, i);
    result.push_back(inserted ? std::nullopt : std::optional<std::size_t>(first->second));
  }
  return result;
}

// Each printed `duplicate_of` is a link: right when it names an item of the same story; an item
// is owed one when an earlier item of its story exists.
Score score_links(const std::vector<LabelledItem>& items, const std::vector<std::optional<std::size_t>>& links) {
  Score score;
  std::set<std::string> stories_seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool owed = !stories_seen.insert(items[i].story).second;
    const bool right = links[i] && items[*links[i]].story == items[i].story;
    if (right) ++score.true_positives;
    if (links[i] && !right) ++score.false_positives;
    if (owed && !right) ++score.false_negatives;
  }
  return score;
}

// Similarities read off the public signature, to say how far a miss fell short.
double estimated_jaccard(const Signature& a, const Signature& b) {
  if (a.minhash.empty() || a.minhash.size() != b.minhash.size()) return 0;
  std::size_t equal = 0;
  for (std::size_t k = 0; k < a.minhash.size(); ++k) equal += a.minhash[k] == b.minhash[k] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(a.minhash.size());
}

double title_jaccard(const Signature& a, const Signature& b) {
  std::vector<std::uint64_t> common;
  std::set_intersection(a.title_words.begin(), a.title_words.end(), b.title_words.begin(), b.title_words.end(),
                        std::back_inserter(common));
  const auto all = a.title_words.size() + b.title_words.size() - common.size();
  return all == 0 ? 0.0 : static_cast<double>(common.size()) / static_cast<double>(all);
}

std::string describe(const LabelledItem& labelled, const Decision& decision) {
  std::ostringstream out;
  out << labelled.item.id << " [" << labelled.story << "] (" << labelled.item.source << ", "
      << decision.signature.words << " words";
  if (!labelled.variant.empty()) out << "; " << labelled.variant;
  out << ")";
  return out.str();
}

std::string similarity(const Decision& a, const Decision& b) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2) << "text J~" << estimated_jaccard(a.signature, b.signature)
      << ", title J " << title_jaccard(a.signature, b.signature);
  if (a.signature.canonical_url == b.signature.canonical_url) out << ", same URL";
  if (a.signature.fingerprint == b.signature.fingerprint) out << ", same fingerprint";
  const auto apart = a.at > b.at ? a.at - b.at : b.at - a.at;
  out << ", " << std::chrono::duration_cast<std::chrono::hours>(apart).count() << "h apart";
  return out.str();
}

// One line per item that joined a cluster holding another story, with the verdict's reason.
std::vector<std::string> false_merges(const std::vector<LabelledItem>& items, const std::vector<Decision>& decisions) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!decisions[i].verdict.cluster) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (decisions[j].cluster != decisions[i].cluster || items[j].story == items[i].story) continue;
      std::ostringstream out;
      out << "false merge: " << describe(items[i], decisions[i]) << "\n      joined "
          << decisions[i].cluster << " by " << vigil::dedup::to_string(decisions[i].verdict.reason) << " ("
          << std::fixed << std::setprecision(2) << decisions[i].verdict.similarity << "), which holds "
          << describe(items[j], decisions[j]) << "\n      " << similarity(decisions[i], decisions[j]);
      lines.push_back(out.str());
      break;
    }
  }
  return lines;
}

// One line per item kept apart from the earlier items of its story, with the closest of them.
std::vector<std::string> misses(const std::vector<LabelledItem>& items, const std::vector<Decision>& decisions) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::optional<std::size_t> closest;
    bool joined_its_story = false;
    for (std::size_t j = 0; j < i; ++j) {
      if (items[j].story != items[i].story) continue;
      if (decisions[j].cluster == decisions[i].cluster) joined_its_story = true;
      if (!closest || estimated_jaccard(decisions[i].signature, decisions[j].signature) >
                          estimated_jaccard(decisions[i].signature, decisions[*closest].signature))
        closest = j;
    }
    if (!closest || joined_its_story) continue;
    std::ostringstream out;
    out << "missed: " << describe(items[i], decisions[i]) << "\n      verdict "
        << vigil::dedup::to_string(decisions[i].verdict.reason) << ", closest earlier member "
        << describe(items[*closest], decisions[*closest]) << "\n      "
        << similarity(decisions[i], decisions[*closest]);
    lines.push_back(out.str());
  }
  return lines;
}

std::string score_row(const char* mode, const Score& score) {
  std::ostringstream out;
  out << std::left << std::setw(26) << mode << std::right << std::setw(6) << score.true_positives << std::setw(6)
      << score.false_positives << std::setw(6) << score.false_negatives << std::fixed << std::setprecision(3)
      << std::setw(11) << score.precision() << std::setw(8) << score.recall() << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("the dedup quality stream is well formed, in time order and mostly multi-item stories",
          "[dedup][quality]") {
  const auto items = read_stream(kStream);
  CHECK(items.size() >= 200);
  CHECK(items.size() <= 300);
  REQUIRE_FALSE(items.empty());
  CHECK(items.front().item.published.has_value());  // an undated item takes the time before it

  std::set<std::string> ids;
  std::map<std::string, std::size_t> story_sizes;
  std::optional<Timestamp> last;
  for (const auto& labelled : items) {
    INFO(labelled.item.id);
    CHECK(ids.insert(labelled.item.id).second);
    CHECK_FALSE(labelled.story.empty());
    CHECK_FALSE(labelled.item.title.empty());
    CHECK_FALSE(labelled.item.link.empty());
    if (labelled.item.published) {
      if (last) CHECK(*last <= *labelled.item.published);
      last = labelled.item.published;
    }
    ++story_sizes[labelled.story];
  }
  const auto shared = std::count_if(story_sizes.begin(), story_sizes.end(), [](const auto& s) { return s.second > 1; });
  CHECK(shared >= 60);
  CHECK(shared <= 80);
}

TEST_CASE("the deduper reaches precision >= 0.98 and recall >= 0.90 on the labelled stream", "[dedup][quality]") {
  const auto items = read_stream(kStream);
  const auto decisions = run_deduper(items);

  std::vector<std::string> clusters;
  for (const auto& decision : decisions) clusters.push_back(decision.cluster);
  const auto links = duplicate_of(decisions);
  std::vector<std::string> printed_groups;  // the groups `vigil dedup`'s output describes
  for (std::size_t i = 0; i < items.size(); ++i) printed_groups.push_back(items[links[i].value_or(i)].item.id);

  const Score by_cluster = score_pairs(items, clusters);
  const Score by_output = score_pairs(items, printed_groups);
  const Score by_link = score_links(items, links);

  std::map<std::string, std::size_t> story_sizes;
  for (const auto& labelled : items) ++story_sizes[labelled.story];
  std::map<std::string, std::size_t> reasons;
  for (const auto& decision : decisions) ++reasons[vigil::dedup::to_string(decision.verdict.reason)];

  std::ostringstream report;
  report << "dedup quality: " << items.size() << " items, " << story_sizes.size() << " stories ("
         << std::count_if(story_sizes.begin(), story_sizes.end(), [](const auto& s) { return s.second > 1; })
         << " with 2+ items)\nverdicts:";
  for (const auto& [reason, count] : reasons) report << ' ' << reason << '=' << count;
  report << "\n" << std::left << std::setw(26) << "scored as" << std::right << std::setw(6) << "TP" << std::setw(6)
         << "FP" << std::setw(6) << "FN" << std::setw(11) << "precision" << std::setw(8) << "recall\n"
         << score_row("clusters (item pairs)", by_cluster) << score_row("vigil dedup (item pairs)", by_output)
         << score_row("vigil dedup (links)", by_link);
  // The table always; the mistakes, one line per item, when a figure falls short.
  const std::array<Score, 3> scores{by_cluster, by_output, by_link};
  const bool passes = std::all_of(scores.begin(), scores.end(), [](const Score& score) {
    return score.precision() >= kRequiredPrecision && score.recall() >= kRequiredRecall;
  });
  if (!passes) {
    for (const auto& line : false_merges(items, decisions)) report << "  " << line << '\n';
    for (const auto& line : misses(items, decisions)) report << "  " << line << '\n';
  }
  std::cout << report.str() << std::flush;

  CHECK(by_cluster.precision() >= kRequiredPrecision);
  CHECK(by_cluster.recall() >= kRequiredRecall);
  CHECK(by_output.precision() >= kRequiredPrecision);
  CHECK(by_output.recall() >= kRequiredRecall);
  CHECK(by_link.precision() >= kRequiredPrecision);
  CHECK(by_link.recall() >= kRequiredRecall);
}
