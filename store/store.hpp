#pragma once
// The Store: everything vigil remembers between polls and restarts. SQLite is the embedded
// default; the interface is shaped so a PostgreSQL implementation can follow (no SQLite types,
// no assumptions about a single process beyond what each call says).
#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/alert.hpp"
#include "model/fetch.hpp"
#include "model/item.hpp"
#include "model/match.hpp"
#include "model/time.hpp"

namespace vigil::store {

struct StoreError {
  std::string message;  // "store: <operation>: <detail>", e.g. "store: commit_poll: FOREIGN KEY constraint failed"
};

template <typename T>
using Result = std::expected<T, StoreError>;

// What the store remembers of an item a source delivered before.
struct SeenItem {
  std::string fingerprint;           // dedup::content_fingerprint when last recorded
  std::vector<std::string> topics;   // topics it matched then
};

// A new or changed item to record.
struct ItemRecord {
  Item item;                         // item.source is the source
  std::string key;                   // identity within its source: guid/id, else canonical link
  std::string canonical_link;
  std::string fingerprint;
  std::vector<std::string> topics;   // all topics it matches now
  Timestamp first_seen{};
  // Its story: the cluster it joined (kept when the item changes later), the time it counts at
  // for the dedup window (published, else first seen), and its dedup::Signature, encoded.
  std::string cluster{};
  std::optional<Timestamp> story_at{};
  std::string signature{};
};

// What the store knows of one story (cluster).
struct StoryState {
  std::vector<std::string> alerted_channels;  // channels with an alert for it (dead ones excepted)
  std::vector<std::string> sources;           // sources that carry it, first seen first
};

// A remembered item of the dedup window, to warm the deduper up at startup.
struct StoredSignature {
  std::string cluster;
  std::string signature;
  Timestamp at{};
};

// An alert to put in the outbox, in the same transaction as its item.
struct NewAlert {
  std::string id;                    // stable id (Message-ID, webhook-id)
  std::string channel;
  std::vector<std::string> topics;
  std::vector<Match> matches{};      // the explanations of `topics`, same order
  std::vector<std::string> also{};   // other sources that carry the story
  bool update = false;               // an update on a story the channel had ("also reported by")
  std::string item_key;              // ItemRecord::key of an item in the same PollCommit
  Timestamp created{};               // also its first due time
};

// The outcome of one successful poll of one source, committed atomically.
struct PollCommit {
  std::string source;
  FetchState state;                  // replaces the stored state
  std::vector<ItemRecord> items;
  std::vector<NewAlert> alerts;
};

// pending ──► sending ──► delivered
//               │  ▲
//               ▼  │
//            retrying ──► dead      (a permanent refusal or giving up goes dead from sending)
enum class AlertState { pending, sending, retrying, delivered, dead };
const char* to_string(AlertState state);
// The state named by to_string, or nullopt for any other name.
std::optional<AlertState> alert_state_from(std::string_view name);

// An outbox row as listed for operators.
struct AlertRow {
  Alert alert;
  AlertState state = AlertState::pending;
  std::optional<Timestamp> next_attempt;
  std::optional<Timestamp> delivered_at;
  std::string last_reply;
};

// Per-source state as listed for operators.
struct SourceRow {
  std::string name;
  FetchState state;
};

class Store {
 public:
  virtual ~Store() = default;

  // The state stored for a source; a default FetchState if the source was never polled.
  virtual Result<FetchState> fetch_state(std::string_view source) = 0;
  // Replaces a source's state alone (a 304, a failure).
  virtual Result<void> save_fetch_state(std::string_view source, const FetchState& state) = 0;

  // Items of `source` recorded under these keys (absent keys were never seen).
  virtual Result<std::unordered_map<std::string, SeenItem>> seen_items(
      std::string_view source, const std::vector<std::string>& keys) = 0;
  // Which of these canonical links any source has recorded already.
  virtual Result<std::unordered_set<std::string>> known_links(const std::vector<std::string>& links) = 0;

  // Source state, items (inserted or updated by (source, key)) and alerts in one transaction:
  // all or nothing. An alert whose item_key is not recorded, or whose id exists already, fails
  // the whole commit.
  virtual Result<void> commit_poll(const PollCommit& poll) = 0;

  // Pending or retrying alerts whose next attempt is due at `now`, oldest first.
  virtual Result<std::vector<Alert>> due_alerts(Timestamp now, std::size_t limit) = 0;
  // The same, for these channels only, moved to `sending` in the same transaction: what is
  // claimed is what is about to be sent, so after a crash the store says which alerts were in
  // flight (and may have reached their receiver).
  virtual Result<std::vector<Alert>> claim_due_alerts(Timestamp now, std::size_t limit,
                                                      const std::vector<std::string>& channels) = 0;
  // At start: alerts left `sending` by a crash become due now (retrying). Returns their ids.
  virtual Result<std::vector<std::string>> requeue_interrupted(Timestamp now) = 0;
  // `vigil alerts retry`: the alert `id` (or every dead alert, when `id` is empty) becomes
  // pending and due now, with its attempts counted from zero again. Delivered alerts never move.
  // Returns how many alerts moved.
  virtual Result<std::size_t> requeue(std::string_view id, Timestamp now) = 0;
  // The earliest next attempt of any undelivered alert, if any.
  virtual Result<std::optional<Timestamp>> next_alert_due() = 0;
  // Each mark_* counts the attempt it records. They move only pending, sending or retrying alerts:
  // marking an unknown, delivered or dead alert is an error, so a delivered alert never
  // becomes due again.
  virtual Result<void> mark_delivered(std::string_view alert_id, std::string_view reply, Timestamp at) = 0;
  // Schedules the next attempt.
  virtual Result<void> mark_retry(std::string_view alert_id, std::string_view reply, Timestamp next_attempt) = 0;
  virtual Result<void> mark_dead(std::string_view alert_id, std::string_view reply) = 0;

  virtual Result<std::vector<AlertRow>> list_alerts(std::optional<AlertState> state) = 0;
  virtual Result<std::vector<SourceRow>> list_sources() = 0;

  // Every recorded item first seen at or after `since` whose text is still kept, oldest first,
  // handed to `visit` one at a time (history can be large); `visit` returns false to stop.
  virtual Result<void> for_each_item_since(Timestamp since, const std::function<bool(const Item&)>& visit) = 0;
  // Empties the summary and content of items first seen before `before`, except items with an
  // undelivered alert (their text is still to be sent). Returns how many items it emptied.
  virtual Result<std::size_t> forget_text_before(Timestamp before) = 0;

  // Stories: what channels already had each cluster and which sources carry it.
  virtual Result<std::unordered_map<std::string, StoryState>> stories(const std::vector<std::string>& clusters) = 0;
  // The signatures of items whose story time is at or after `since`, oldest first.
  virtual Result<std::vector<StoredSignature>> signatures_since(Timestamp since) = 0;
};

// Opens (creating if missing) the SQLite store at `file` in WAL mode and migrates its schema.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file);

}  // namespace vigil::store
