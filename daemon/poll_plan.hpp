#pragma once
// The decisions of one poll, as a pure function of what was fetched and what the store knows:
// which items to record, which topics they match, which alerts to queue on which channel.
// Kept free of I/O so the semantics users rely on (baseline, max_age, once per topic and
// channel, exact duplicates) are unit-tested directly.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dedup/deduper.hpp"
#include "model/item.hpp"
#include "model/source.hpp"
#include "model/time.hpp"
#include "store/store.hpp"
#include "topics/matcher.hpp"

namespace vigil::daemon {

// topic name -> the channels it notifies, in configuration order.
using Routing = std::unordered_map<std::string, std::vector<std::string>>;

// An item with the identities the store is asked about.
struct Candidate {
  Item item;
  std::string key;             // identity within the source: its id, else its canonical link
  std::string canonical_link;
  std::string fingerprint;
  // Filled by analyse_candidates for new and changed items (the CPU-heavy part, done before
  // the story lock): the topics it matches and its dedup signature.
  std::optional<std::vector<Match>> matches;
  std::optional<dedup::Signature> signature;
};

// Computes keys, canonical links and fingerprints; drops repeated keys within one document.
std::vector<Candidate> prepare_candidates(std::vector<Item> items);

// Matches and signs the candidates that are new or changed (per `seen`).
void analyse_candidates(std::vector<Candidate>& candidates,
                        const std::unordered_map<std::string, store::SeenItem>& seen, const topics::Matcher& matcher);

// What a channel does with a later item of a story it already had.
enum class DuplicatesMode {
  suppress,  // nothing (the default)
  update,    // an update alert: "also reported by ..." (once per new source)
};

// The story a new item belongs to, decided by the deduper before planning.
struct StoryVerdict {
  std::string cluster;      // its cluster: the first item's story id (see story_id)
  bool joined = false;      // an earlier story
  store::StoryState known;  // what the store knows of that story: channels that had it, sources
};

// The id of the story an item starts: its source and key.
std::string story_id(std::string_view source, std::string_view key);

// The time an item counts at for the dedup window: published, else updated, else first seen.
Timestamp story_time(const Item& item, Timestamp first_seen);

struct PollInput {
  const SourceSpec* source = nullptr;
  bool first_poll = false;                                  // the source was never recorded
  Timestamp now{};
  const std::unordered_map<std::string, store::SeenItem>* seen = nullptr;  // by key
  const std::unordered_set<std::string>* known_links = nullptr;          // recorded canonical links
  // By candidate key, for new items; an item without a verdict is a story of its own.
  const std::unordered_map<std::string, StoryVerdict>* stories = nullptr;
  // By channel; a channel not listed suppresses duplicates.
  const std::unordered_map<std::string, DuplicatesMode>* duplicates = nullptr;
};

struct PollPlan {
  std::vector<store::ItemRecord> records;  // new and changed items
  std::vector<store::NewAlert> alerts;
  std::size_t unchanged = 0;
  std::size_t matched = 0;                 // records with at least one new topic
};

PollPlan plan_poll(std::vector<Candidate> candidates, const PollInput& input,
                   const topics::Matcher& matcher, const Routing& routing);

// A fresh random alert id (128 bits, hex, UUID layout).
std::string new_alert_id();

}  // namespace vigil::daemon
