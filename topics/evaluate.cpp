// Evaluating one topic's query over the occurrences of its leaves, scoring and explaining it.
#include <algorithm>
#include <cmath>

#include "topics/occurrences.hpp"
#include "topics/scratch.hpp"
#include "topics/snippet.hpp"

namespace vigil::topics::detail {
namespace {

// A hit in the title says more about what an item is about than one in its body.
constexpr double kTitleWeight = 3.0;
constexpr double kBodyWeight = 1.0;
constexpr std::size_t kSnippetChars = 200;

class Evaluation {
 public:
  // Most candidates are rejected at once, so their per-leaf tables reuse this thread's buffers
  // instead of two allocations each.
  Evaluation(const Compiled& compiled, const TopicCode& code, std::span<const Occurrence> occurrences)
      : program_(compiled.program.data()), code_(code), by_leaf_(scratch_by_leaf()),
        contributes_(scratch_contributes()) {
    by_leaf_.assign(code.leaf_count, {});
    contributes_.assign(code.leaf_count, 0);
    for (std::size_t i = 0; i < occurrences.size();) {
      std::size_t j = i;
      while (j < occurrences.size() && occurrences[j].leaf == occurrences[i].leaf) ++j;
      by_leaf_[occurrences[i].leaf - code.first_leaf] = occurrences.subspan(i, j - i);
      i = j;
    }
  }

  bool holds() const { return eval(code_.first_op); }

  // holds() and mark() for a query of positive leaves under ORs only (TopicCode::any_leaf).
  bool mark_any_leaf() {
    bool any = false;
    for (std::size_t leaf = 0; leaf < by_leaf_.size(); ++leaf) {
      contributes_[leaf] = by_leaf_[leaf].empty() ? 0 : 1;
      any |= contributes_[leaf] != 0;
    }
    return any;
  }

  // Marks the leaves that made a true op true (positive leaves only).
  void mark(std::uint32_t at) {
    const EvalOp& op = program_[at];
    switch (op.kind) {
      case EvalOp::Kind::leaf:
        if (op.positive && fired(op.leaf)) contributes_[local(op.leaf)] = 1;
        return;
      case EvalOp::Kind::all: case EvalOp::Kind::none_of:
        return;
      case EvalOp::Kind::all_of: case EvalOp::Kind::any_of: case EvalOp::Kind::near:
        for (std::uint32_t child = at + 1; child < at + op.size; child += program_[child].size)
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

  std::size_t local(LeafId leaf) const { return leaf - code_.first_leaf; }
  bool fired(LeafId leaf) const { return !by_leaf_[local(leaf)].empty(); }

  bool eval(std::uint32_t at) const {
    const EvalOp& op = program_[at];
    const std::uint32_t end = at + op.size;
    switch (op.kind) {
      case EvalOp::Kind::leaf: return fired(op.leaf);
      case EvalOp::Kind::all: return true;
      case EvalOp::Kind::all_of:
        for (std::uint32_t child = at + 1; child < end; child += program_[child].size)
          if (!eval(child)) return false;
        return true;
      case EvalOp::Kind::any_of:
        for (std::uint32_t child = at + 1; child < end; child += program_[child].size)
          if (eval(child)) return true;
        return false;
      case EvalOp::Kind::none_of: return !eval(at + 1);
      case EvalOp::Kind::near: return near(at);
    }
    return false;
  }

  // The word occurrences under one side of a NEAR (a term, a phrase or an OR of them).
  void side(std::uint32_t at, std::vector<const Occurrence*>& out) const {
    const EvalOp& op = program_[at];
    if (op.kind == EvalOp::Kind::leaf) {
      for (const auto& occurrence : by_leaf_[local(op.leaf)])
        if (!occurrence.regex) out.push_back(&occurrence);
      return;
    }
    for (std::uint32_t child = at + 1; child < at + op.size; child += program_[child].size) side(child, out);
  }

  // NEAR never nests (its sides are terms, phrases or ORs of them), so one pair of buffers
  // per thread serves every evaluation.
  bool near(std::uint32_t at) const {
    thread_local std::vector<const Occurrence*> a;
    thread_local std::vector<const Occurrence*> b;
    reuse(a);
    reuse(b);
    const std::uint32_t first = at + 1;
    side(first, a);
    side(first + program_[first].size, b);
    if (a.empty() || b.empty()) return false;
    auto order = [](const Occurrence* x, const Occurrence* y) {
      return x->field != y->field ? x->field < y->field : x->start < y->start;
    };
    std::sort(b.begin(), b.end(), order);
    std::uint32_t longest = 1;
    for (const auto* y : b) longest = std::max(longest, y->end - y->start);
    const std::uint32_t distance = program_[at].distance;
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

  const EvalOp* program_;
  const TopicCode& code_;
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
  thread_local std::vector<Highlight> hits;  // reused from match to match
  for (const FieldIndex field : {kContent, kSummary, kTitle}) {
    reuse(hits);
    for (std::size_t leaf = 0; leaf < evaluation.contributes().size(); ++leaf) {
      if (!evaluation.contributes()[leaf]) continue;
      for (const auto& occurrence : evaluation.of(leaf))
        if (occurrence.field == field) hits.push_back({occurrence.begin_byte, occurrence.end_byte});
    }
    const auto& text = document.fields[field];
    if (!hits.empty()) return make_snippet(text.text, hits, kSnippetChars, text.facts);
  }
  hits.clear();
  for (const FieldIndex field : {kContent, kSummary, kTitle}) {
    const auto& text = document.fields[field];
    if (!text.text.empty()) return make_snippet(text.text, hits, kSnippetChars, text.facts);
  }
  return {};
}

}  // namespace

std::optional<Match> evaluate_topic(const Compiled& compiled, std::size_t topic_index,
                                    std::span<const Occurrence> occurrences, const Document& document) {
  const TopicCode& code = compiled.codes[topic_index];
  Evaluation evaluation(compiled, code, occurrences);
  if (code.any_leaf) {
    if (!evaluation.mark_any_leaf()) return std::nullopt;
  } else {
    if (!evaluation.holds()) return std::nullopt;
    evaluation.mark(code.first_op);
  }
  const Topic& topic = compiled.topics[topic_index];
  Match match;
  match.score = score_of(evaluation);
  if (topic.min_score && match.score < *topic.min_score) return std::nullopt;
  match.topic = topic.name;
  const auto& contributes = evaluation.contributes();
  match.terms.reserve(static_cast<std::size_t>(std::count(contributes.begin(), contributes.end(), 1)));
  for (std::size_t leaf = 0; leaf < contributes.size(); ++leaf) {
    if (!contributes[leaf]) continue;
    const auto& text = compiled.leaves[code.first_leaf + leaf].text;
    if (std::find(match.terms.begin(), match.terms.end(), text) == match.terms.end()) match.terms.push_back(text);
  }
  auto snippet = explain(evaluation, document);
  match.snippet = std::move(snippet.text);
  match.highlights = std::move(snippet.highlights);
  return match;
}

}  // namespace vigil::topics::detail
