// One matcher for all topics: read the item once (topics/document.hpp), find where every
// topic's leaves occur through one index (topics/occurrences.hpp), then evaluate only the
// topics one of whose leaves fired, plus those whose query is `*`.
#include "topics/matcher.hpp"

#include <algorithm>

#include "topics/compiled.hpp"
#include "topics/document.hpp"
#include "topics/occurrences.hpp"

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
  detail::Document document;
  detail::read_document(item, compiled, document);
  const auto occurrences = detail::find_occurrences(document, compiled);

  // Candidate topics, in configuration order: leaf ids follow it, so do sorted occurrences.
  std::vector<std::size_t> candidates = compiled.match_all;
  for (const auto& occurrence : occurrences) {
    const std::size_t topic = compiled.leaves[occurrence.leaf].topic;
    if (candidates.empty() || candidates.back() != topic) candidates.push_back(topic);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::vector<Match> matches;
  const std::span<const detail::Occurrence> all(occurrences);
  for (const std::size_t index : candidates) {
    const auto& topic = compiled.topics[index];
    if (!topic.sources.empty() &&
        std::find(topic.sources.begin(), topic.sources.end(), item.source) == topic.sources.end())
      continue;
    auto by_leaf = [](const detail::Occurrence& o, detail::LeafId leaf) { return o.leaf < leaf; };
    const auto first = std::lower_bound(all.begin(), all.end(), topic.first_leaf, by_leaf);
    const auto last = std::lower_bound(first, all.end(), topic.first_leaf + topic.leaf_count, by_leaf);
    if (auto match = detail::evaluate_topic(compiled, index, {first, last}, document))
      matches.push_back(std::move(*match));
  }
  return matches;
}

}  // namespace vigil::topics
