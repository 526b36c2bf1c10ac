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

namespace {

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

  for (auto& c : candidates) {
    const auto seen = in.seen->find(c.key);
    const bool is_new = seen == in.seen->end();
    if (!is_new && seen->second.fingerprint == c.fingerprint) {
      ++plan.unchanged;
      continue;
    }
    const auto matches = matcher.match(c.item);
    std::vector<std::string> fresh_topics;  // topics this item has not alerted for before
    std::vector<std::string> all_topics = is_new ? std::vector<std::string>{} : seen->second.topics;
    for (const auto& m : matches) {
      if (std::find(all_topics.begin(), all_topics.end(), m.topic) != all_topics.end()) continue;
      all_topics.push_back(m.topic);
      fresh_topics.push_back(m.topic);
    }

    // Exact duplicates: a new item whose link another item (of any source) already carries.
    bool duplicate = false;
    if (is_new && !c.canonical_link.empty()) {
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
      for (const auto& channel : channel_order) {
        store::NewAlert alert{new_alert_id(), channel, per_channel[channel], {}, c.key, in.now};
        for (const auto& topic : alert.topics)
          if (const Match* m = find_match(matches, topic)) alert.matches.push_back(*m);
        plan.alerts.push_back(std::move(alert));
      }
    }

    store::ItemRecord record;
    record.key = c.key;
    record.canonical_link = std::move(c.canonical_link);
    record.fingerprint = std::move(c.fingerprint);
    record.topics = std::move(all_topics);
    record.first_seen = in.now;
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
