#include "daemon/poll_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "dedup/canonical_url.hpp"

namespace vigil::daemon {

std::vector<Candidate> prepare_candidates(std::vector<Item> items) {
  std::vector<Candidate> out;
  out.reserve(items.size());
  std::unordered_set<std::string> keys;
  for (auto& item : items) {
    Candidate c;
    c.canonical_link = item.link.empty() ? std::string{} : dedup::canonical_url(item.link);
    c.key = !item.id.empty() ? item.id : c.canonical_link;
    if (c.key.empty() || !keys.insert(c.key).second) continue;  // nothing to identify it, or a repeat
    c.fingerprint = dedup::content_fingerprint(item);
    c.item = std::move(item);
    out.push_back(std::move(c));
  }
  return out;
}

void analyse_candidates(std::vector<Candidate>& candidates,
                        const std::unordered_map<std::string, store::SeenItem>& seen, const topics::Matcher& matcher) {
  for (auto& c : candidates) {
    const auto found = seen.find(c.key);
    if (found != seen.end() && found->second.fingerprint == c.fingerprint) continue;  // unchanged
    c.matches = matcher.match(c.item);
    c.signature = dedup::signature_of(c.item);
  }
}

std::string story_id(std::string_view source, std::string_view key) {
  std::string id(source);
  id += '\x1f';  // neither names nor keys hold it in practice, and no one reads the id
  id += key;
  return id;
}

Timestamp story_time(const Item& item, Timestamp first_seen) {
  return item.published.value_or(item.updated.value_or(first_seen));
}

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

DuplicatesMode mode_of(const PollInput& in, const std::string& channel) {
  if (in.duplicates == nullptr) return DuplicatesMode::suppress;
  const auto found = in.duplicates->find(channel);
  return found == in.duplicates->end() ? DuplicatesMode::suppress : found->second;
}

bool too_old(const Item& item, const SourceSpec& source, Timestamp now) {
  if (source.max_age.count() <= 0) return false;
  // An item without a date counts as published when first seen, i.e. now.
  const auto date = item.published ? item.published : item.updated;
  return date && *date < now - source.max_age;
}

const Match* find_match(const std::vector<Match>& matches, const std::string& topic) {
  for (const auto& m : matches)
    if (m.topic == topic) return &m;
  return nullptr;
}

}  // namespace

PollPlan plan_poll(std::vector<Candidate> candidates, const PollInput& in, const topics::Matcher& matcher,
                   const Routing& routing) {
  PollPlan plan;
  const bool baseline = in.first_poll && in.source->baseline;
  std::unordered_set<std::string> links_this_poll;
  // Stories as this plan leaves them: an earlier item of this poll may have alerted already.
  std::unordered_map<std::string, store::StoryState> stories;

  for (auto& c : candidates) {
    const auto seen = in.seen->find(c.key);
    const bool is_new = seen == in.seen->end();
    if (!is_new && seen->second.fingerprint == c.fingerprint) {
      ++plan.unchanged;
      continue;
    }
    const auto matches = c.matches ? std::move(*c.matches) : matcher.match(c.item);
    std::vector<std::string> fresh_topics;  // topics this item has not alerted for before
    std::vector<std::string> all_topics = is_new ? std::vector<std::string>{} : seen->second.topics;
    for (const auto& m : matches) {
      if (std::find(all_topics.begin(), all_topics.end(), m.topic) != all_topics.end()) continue;
      all_topics.push_back(m.topic);
      fresh_topics.push_back(m.topic);
    }

    // The item's story: the deduper's verdict for a new item, else a story of its own.
    const StoryVerdict* verdict = nullptr;
    if (is_new && in.stories != nullptr) {
      const auto found = in.stories->find(c.key);
      if (found != in.stories->end()) verdict = &found->second;
    }
    const std::string cluster = verdict ? verdict->cluster : story_id(in.source->name, c.key);
    auto [story, first_time] = stories.try_emplace(cluster);
    if (first_time && verdict) story->second = verdict->known;

    // Exact duplicates the deduper's window no longer holds: a new item whose link another item
    // (of any source) already carries.
    bool duplicate = false;
    if (is_new && !c.canonical_link.empty() && !(verdict && verdict->joined)) {
      duplicate = in.known_links->contains(c.canonical_link) || !links_this_poll.insert(c.canonical_link).second;
    }
    const bool alerts = !baseline && !duplicate && !fresh_topics.empty() && !too_old(c.item, *in.source, in.now);
    if (!fresh_topics.empty()) ++plan.matched;

    if (alerts) {
      std::map<std::string, std::vector<std::string>> per_channel;  // one alert per channel
      std::vector<std::string> channel_order;
      for (const auto& topic : fresh_topics) {
        auto route = routing.find(topic);
        if (route == routing.end()) continue;
        for (const auto& channel : route->second) {
          auto& list = per_channel[channel];
          if (list.empty()) channel_order.push_back(channel);
          list.push_back(topic);
        }
      }
      const auto& source = in.source->name;
      const bool new_outlet = !contains(story->second.sources, source);
      std::vector<std::string> also;  // the story's other sources, known so far
      for (const auto& s : story->second.sources)
        if (s != source) also.push_back(s);
      for (const auto& channel : channel_order) {
        // One story, one alert per channel: a channel that had it gets nothing, or with
        // duplicates = "update" a note that one more source carries it.
        const bool had = contains(story->second.alerted_channels, channel);
        bool update = false;
        if (had) {
          if (mode_of(in, channel) != DuplicatesMode::update || !new_outlet) continue;
          update = true;
        }
        store::NewAlert alert{new_alert_id(), channel, per_channel[channel], {}, also, update, c.key, in.now};
        for (const auto& topic : alert.topics)
          if (const Match* m = find_match(matches, topic)) alert.matches.push_back(*m);
        plan.alerts.push_back(std::move(alert));
        if (!had) story->second.alerted_channels.push_back(channel);
      }
    }
    if (!contains(story->second.sources, in.source->name)) story->second.sources.push_back(in.source->name);

    store::ItemRecord record;
    record.key = c.key;
    record.canonical_link = std::move(c.canonical_link);
    record.fingerprint = std::move(c.fingerprint);
    record.topics = std::move(all_topics);
    record.first_seen = in.now;
    record.cluster = cluster;
    record.story_at = story_time(c.item, in.now);
    if (c.signature) record.signature = c.signature->encode();
    record.item = std::move(c.item);
    plan.records.push_back(std::move(record));
  }
  return plan;
}

std::string new_alert_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>((a & 0x0fff) | 0x4000),
                static_cast<unsigned>(((b >> 48) & 0x3fff) | 0x8000),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace vigil::daemon
