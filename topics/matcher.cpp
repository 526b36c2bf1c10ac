// One matcher for all topics: read the item once (topics/document.hpp), find where every
// topic's leaves occur through one index (topics/occurrences.hpp), then evaluate only the
// topics one of whose leaves fired, plus those whose query is `*`.
#include "topics/matcher.hpp"

#include <algorithm>
#include <iterator>

#include "topics/compiled.hpp"
#include "topics/document.hpp"
#include "topics/occurrences.hpp"
#include "topics/scratch.hpp"

namespace vigil::topics {

struct Matcher::Impl {
  detail::Compiled compiled;
};

std::expected<void, QueryError> check_query(std::string_view query) {
  auto parsed = parse_query(query);
  if (!parsed) return std::unexpected(parsed.error());
  return {};
}

std::expected<Matcher, TopicError> Matcher::compile(const std::vector<TopicSpec>& topics) {
  auto compiled = detail::compile_topics(topics);
  if (!compiled) return std::unexpected(compiled.error());
  auto impl = std::make_unique<Impl>();
  impl->compiled = std::move(*compiled);
  return Matcher(std::move(impl));
}

Matcher::Matcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

std::vector<Match> Matcher::match(const Item& item) const {
  if (!impl_) return {};  // moved from
  const auto& compiled = impl_->compiled;
  // This thread's buffers from the last item, so their capacity is reused (match never nests).
  thread_local detail::Document document;
  thread_local std::vector<detail::Occurrence> occurrences;
  detail::read_document(item, compiled, document);
  detail::find_occurrences(document, compiled, occurrences);

  // Candidate topics in configuration order: those one of whose leaves fired, merged with those
  // whose query is `*` (both ascend, since leaf ids follow topic order). Sorted occurrences
  // group by topic, so one pass hands each candidate exactly its own.
  struct Candidate {
    std::size_t topic;
    std::size_t begin;  // its occurrences: [begin, end)
    std::size_t end;
  };
  thread_local std::vector<Candidate> candidates;
  detail::reuse(candidates);
  const std::span<const detail::Occurrence> all(occurrences);
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t next_all = 0;
  std::size_t at = 0;
  while (at < all.size() || next_all < compiled.match_all.size()) {
    const std::size_t fired = at < all.size() ? compiled.leaf_topics[all[at].leaf] : kNone;
    const std::size_t starred = next_all < compiled.match_all.size() ? compiled.match_all[next_all] : kNone;
    const std::size_t index = std::min(fired, starred);
    if (index == starred) ++next_all;
    std::size_t end = at;
    if (index == fired)
      while (end < all.size() && compiled.leaf_topics[all[end].leaf] == index) ++end;
    candidates.push_back({index, at, end});
    at = end;
  }
  // The candidates' queries lie apart in memory: ask for all of them before evaluating the
  // first, so that the cache misses overlap.
  for (const auto& candidate : candidates)
    __builtin_prefetch(&compiled.program[compiled.codes[candidate.topic].first_op]);

  thread_local std::vector<Match> found;
  detail::reuse(found);
  for (const auto& candidate : candidates) {
    if (!compiled.codes[candidate.topic].any_source) {
      const auto& sources = compiled.topics[candidate.topic].sources;
      if (std::find(sources.begin(), sources.end(), item.source) == sources.end()) continue;
    }
    const auto mine = all.subspan(candidate.begin, candidate.end - candidate.begin);
    if (auto match = detail::evaluate_topic(compiled, candidate.topic, mine, document)) found.push_back(std::move(*match));
  }
  // Returned at its size: callers keep results, and growing by doubling would move each match.
  return std::vector<Match>(std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

}  // namespace vigil::topics
