// Evaluating one topic's query over the occurrences of its leaves, scoring and explaining it.
#include <algorithm>
#include <cmath>

#include "topics/occurrences.hpp"
#include "topics/snippet.hpp"

namespace vigil::topics::detail {
namespace {

// A hit in the title says more about what an item is about than one in its body.
constexpr double kTitleWeight = 3.0;
constexpr double kBodyWeight = 1.0;

class Evaluation {
 public:
  // Most candidates are rejected at once, so their per-leaf tables reuse this thread's buffers
  // instead of two allocations each.
  Evaluation(const Compiled& compiled, const Topic& topic, std::span<const Occurrence> occurrences)
      : compiled_(compiled), topic_(topic), by_leaf_(scratch_by_leaf()), contributes_(scratch_contributes()) {
    by_leaf_.assign(topic.leaf_count, {});
    contributes_.assign(topic.leaf_count, 0);
    for (std::size_t i = 0; i < occurrences.size();) {
      std::size_t j = i;
      while (j < occurrences.size() && occurrences[j].leaf == occurrences[i].leaf) ++j;
      by_leaf_[occurrences[i].leaf - topic.first_leaf] = occurrences.subspan(i, j - i);
      i = j;
    }
  }

  bool holds() { return eval(topic_.root); }

  // Marks the leaves that made a true node true (positive leaves only).
  void mark(const EvalNode& node) {
    switch (node.kind) {
      case EvalNode::Kind::leaf:
        if (compiled_.leaves[node.leaf].positive && fired(node.leaf)) contributes_[local(node.leaf)] = 1;
        return;
      case EvalNode::Kind::all: case EvalNode::Kind::none_of:
        return;
      case EvalNode::Kind::all_of: case EvalNode::Kind::any_of: case EvalNode::Kind::near:
        for (const auto& child : node.children)
          if (eval(child)) mark(child);
        return;
    }
  }

  const std::vector<char>& contributes() const { return contributes_; }
  std::span<const Occurrence> of(std::size_t local_leaf) const { return by_leaf_[local_leaf]; }

 private:
  static std::vector<std::span<const Occurrence>>& scratch_by_leaf() {
    thread_local std::vector<std::span<const Occurrence>> buffer;
    return buffer;
  }
  static std::vector<char>& scratch_contributes() {
    thread_local std::vector<char> buffer;
    return buffer;
  }

  std::size_t local(LeafId leaf) const { return leaf - topic_.first_leaf; }
  bool fired(LeafId leaf) const { return !by_leaf_[local(leaf)].empty(); }

  bool eval(const EvalNode& node) const {
    switch (node.kind) {
      case EvalNode::Kind::leaf: return fired(node.leaf);
      case EvalNode::Kind::all: return true;
      case EvalNode::Kind::all_of:
        return std::all_of(node.children.begin(), node.children.end(), [&](const EvalNode& c) { return eval(c); });
      case EvalNode::Kind::any_of:
        return std::any_of(node.children.begin(), node.children.end(), [&](const EvalNode& c) { return eval(c); });
      case EvalNode::Kind::none_of: return !eval(node.children.front());
      case EvalNode::Kind::near: return near(node);
    }
    return false;
  }

  // The word occurrences under one side of a NEAR (a term, a phrase or an OR of them).
  void side(const EvalNode& node, std::vector<const Occurrence*>& out) const {
    if (node.kind == EvalNode::Kind::leaf) {
      for (const auto& occurrence : by_leaf_[local(node.leaf)])
        if (!occurrence.regex) out.push_back(&occurrence);
      return;
    }
    for (const auto& child : node.children) side(child, out);
  }

  bool near(const EvalNode& node) const {
    std::vector<const Occurrence*> a;
    std::vector<const Occurrence*> b;
    side(node.children[0], a);
    side(node.children[1], b);
    if (a.empty() || b.empty()) return false;
    auto order = [](const Occurrence* x, const Occurrence* y) {
      return x->field != y->field ? x->field < y->field : x->start < y->start;
    };
    std::sort(b.begin(), b.end(), order);
    std::uint32_t longest = 1;
    for (const auto* y : b) longest = std::max(longest, y->end - y->start);
    const auto distance = static_cast<std::uint32_t>(std::min<std::size_t>(node.distance, 1u << 20));
    for (const auto* x : a) {
      // Candidates start from `distance + longest` words before x to `distance` words after it.
      Occurrence low = *x;
      low.start = x->start > distance + longest ? x->start - distance - longest : 0;
      for (auto it = std::lower_bound(b.begin(), b.end(), &low, order); it != b.end(); ++it) {
        const Occurrence* y = *it;
        if (y->field != x->field || y->start > x->end + distance) break;
        // Words from the end of the first to the start of the second: 1 when adjacent.
        const std::uint32_t gap = x->start <= y->start ? (y->start >= x->end ? y->start - x->end + 1 : 0)
                                                      : (x->start >= y->end ? x->start - y->end + 1 : 0);
        if (gap <= distance) return true;
      }
    }
    return false;
  }

  const Compiled& compiled_;
  const Topic& topic_;
  std::vector<std::span<const Occurrence>>& by_leaf_;
  std::vector<char>& contributes_;
};

// Each leaf that contributed scores per field: weight × (1 + ln hits), so a second hit adds
// less than the first; summary and content often repeat each other, so the body counts the
// larger of the two.
double score_of(const Evaluation& evaluation) {
  double score = 0;
  for (std::size_t leaf = 0; leaf < evaluation.contributes().size(); ++leaf) {
    if (!evaluation.contributes()[leaf]) continue;
    std::array<std::size_t, kFieldCount> hits{};
    for (const auto& occurrence : evaluation.of(leaf)) ++hits[occurrence.field];
    if (hits[kTitle] > 0) score += kTitleWeight * (1 + std::log(static_cast<double>(hits[kTitle])));
    const std::size_t body = std::max(hits[kSummary], hits[kContent]);
    if (body > 0) score += kBodyWeight * (1 + std::log(static_cast<double>(body)));
  }
  return score;
}

// The snippet comes from the body when a hit lies there (content before summary), else from
// the title; with no hits at all (`*`) from the start of the body.
Snippet explain(const Evaluation& evaluation, const Document& document) {
  std::vector<Highlight> hits;
  for (const FieldIndex field : {kContent, kSummary, kTitle}) {
    hits.clear();
    for (std::size_t leaf = 0; leaf < evaluation.contributes().size(); ++leaf) {
      if (!evaluation.contributes()[leaf]) continue;
      for (const auto& occurrence : evaluation.of(leaf))
        if (occurrence.field == field) hits.push_back({occurrence.begin_byte, occurrence.end_byte});
    }
    if (!hits.empty()) return make_snippet(document.fields[field].text, std::move(hits));
  }
  for (const FieldIndex field : {kContent, kSummary, kTitle})
    if (!document.fields[field].text.empty()) return make_snippet(document.fields[field].text, {});
  return {};
}

}  // namespace

std::optional<Match> evaluate_topic(const Compiled& compiled, std::size_t topic_index,
                                    std::span<const Occurrence> occurrences, const Document& document) {
  const Topic& topic = compiled.topics[topic_index];
  Evaluation evaluation(compiled, topic, occurrences);
  if (!evaluation.holds()) return std::nullopt;
  evaluation.mark(topic.root);
  Match match;
  match.topic = topic.name;
  match.score = score_of(evaluation);
  if (topic.min_score && match.score < *topic.min_score) return std::nullopt;
  for (std::size_t leaf = 0; leaf < evaluation.contributes().size(); ++leaf) {
    if (!evaluation.contributes()[leaf]) continue;
    const auto& text = compiled.leaves[topic.first_leaf + leaf].text;
    if (std::find(match.terms.begin(), match.terms.end(), text) == match.terms.end()) match.terms.push_back(text);
  }
  auto snippet = explain(evaluation, document);
  match.snippet = std::move(snippet.text);
  match.highlights = std::move(snippet.highlights);
  return match;
}

}  // namespace vigil::topics::detail
