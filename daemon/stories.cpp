#include "daemon/stories.hpp"

namespace vigil::daemon {

Stories::Stories(dedup::DedupOptions options, store::Store& store)
    : options_(options), store_(store), deduper_(options) {}

store::Result<std::size_t> Stories::warm_up(Timestamp now) {
  auto stored = store_.signatures_since(now - options_.window);
  if (!stored) return std::unexpected(stored.error());
  std::size_t loaded = 0;
  for (const auto& entry : *stored) {
    auto signature = dedup::Signature::decode(entry.signature);
    if (!signature) continue;  // a corrupt row costs one story's memory, nothing else
    deduper_.remember(entry.cluster, *signature, entry.at);
    ++loaded;
  }
  return loaded;
}

store::Result<std::unordered_map<std::string, StoryVerdict>> Stories::decide(
    const std::string& source, const std::vector<Candidate>& candidates,
    const std::unordered_map<std::string, store::SeenItem>& seen, Timestamp now) {
  deduper_.expire(now);
  pending_.clear();
  // This poll's own items, so two items of one document about one story are one story too;
  // they join the shared deduper only once committed (a failed commit must not leave ghosts).
  dedup::Deduper this_poll(options_);
  std::unordered_map<std::string, StoryVerdict> verdicts;
  std::vector<std::string> joined;
  for (const auto& c : candidates) {
    if (seen.contains(c.key) || !c.signature) continue;
    const Timestamp at = story_time(c.item, now);
    StoryVerdict verdict;
    auto found = deduper_.classify(*c.signature, at);
    if (!found.cluster) found = this_poll.classify(*c.signature, at);
    verdict.joined = found.cluster.has_value();
    verdict.cluster = found.cluster.value_or(story_id(source, c.key));
    this_poll.remember(verdict.cluster, *c.signature, at);
    pending_.insert_or_assign(c.key, *c.signature);
    if (verdict.joined) joined.push_back(verdict.cluster);
    verdicts.emplace(c.key, std::move(verdict));
  }
  if (joined.empty()) return verdicts;
  auto known = store_.stories(joined);
  if (!known) return std::unexpected(known.error());
  for (auto& [key, verdict] : verdicts) {
    const auto found = known->find(verdict.cluster);
    if (found != known->end()) verdict.known = found->second;
  }
  return verdicts;
}

void Stories::remember(const std::vector<store::ItemRecord>& records,
                       const std::unordered_map<std::string, store::SeenItem>& seen) {
  for (const auto& record : records) {
    if (seen.contains(record.key) || !record.story_at) continue;
    if (const auto signature = pending_.find(record.key); signature != pending_.end())
      deduper_.remember(record.cluster, signature->second, *record.story_at);
  }
  pending_.clear();
}

}  // namespace vigil::daemon
