#pragma once
// The Store: everything vigil remembers between polls and restarts. SQLite is the embedded
// default; the interface is shaped so a PostgreSQL implementation can follow (no SQLite types,
// no assumptions about a single process beyond what each call says).
#include <cstddef>
#include <cstdint>
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
  // The keys of every item of the document read, unchanged ones too: they count as seen in the
  // source at `listed_at` (now when unset), and this document becomes the source's current one,
  // whose items housekeeping never removes. `items` count as listed without being named here.
  std::vector<std::string> listed{};
  std::optional<Timestamp> listed_at{};
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

// What health notices a source has had ([daemon] health_notify), kept across restarts.
struct SourceHealth {
  Timestamp watched_since{};                 // first health check of this source
  std::optional<Timestamp> failing_since{};  // the first failed poll of the current failing streak
  std::string notified{};                    // "", "failing" or "silent": the notice last sent
  std::optional<Timestamp> notified_at{};
};

// A source health notice, queued as one alert per channel. Its text is vigil's own.
struct HealthNotice {
  struct Recipient {
    std::string channel;
    std::string alert_id;
  };
  std::vector<Recipient> recipients;
  HealthEvent event = HealthEvent::failing;
  std::string source;
  std::string title;      // "Source x has failed for 6h"
  std::string summary;    // the last error, or what was measured
  std::string link;       // the source's URL
  Timestamp at{};
};

// Messages (one alert, or one digest) a channel sent since some time, or is sending now.
struct SentMessages {
  std::size_t count = 0;
  std::optional<Timestamp> oldest{};  // when the oldest of them was sent (or started)
};

// Per-source state as listed for operators.
struct SourceRow {
  std::string name;
  FetchState state;
};

// For /metrics: how many alerts of one channel are in one state, and the oldest one's creation.
struct AlertTally {
  std::string channel;
  AlertState state = AlertState::pending;
  std::size_t count = 0;
  Timestamp oldest{};
};

// What housekeeping removes (Store::prune).
struct PruneRules {
  // Items last seen in their source before this (to the day), unless they are in the source's
  // current document or an alert still refers to them; and delivered or dead alerts settled
  // before this (delivered, else created).
  Timestamp before{};
  // The dedup window: a story with an item whose story time is at or after this stays whole,
  // items and alerts, so its near-duplicates keep finding it and it never alerts again.
  Timestamp stories_since{};
  std::size_t batch = 2000;  // at most this many items, and this many alerts, per call
};

struct PruneCounts {
  std::size_t items = 0;
  std::size_t clusters = 0;  // stories left without any item
  std::size_t alerts = 0;
  bool more = false;         // a batch was full: call again for the rest
};

// A consistent copy of the store (backup_sqlite_store).
struct BackupReport {
  std::uintmax_t bytes = 0;  // size of the copy
  std::size_t sources = 0, items = 0, alerts = 0;
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
  // Pacing. claim_due_alerts claims alerts to send one by one; held alerts (below) are claimed
  // by claim_held_alerts and go out together.
  virtual Result<std::vector<Alert>> claim_held_alerts(Timestamp now, std::size_t limit,
                                                       const std::vector<std::string>& channels) = 0;
  // Claimed alerts go back to waiting, held until `until`, when they are due together.
  virtual Result<void> hold_alerts(const std::vector<std::string>& ids, Timestamp until) = 0;
  // Claimed alerts are about to go out as digest `digest_id`; a repeat keeps that id.
  virtual Result<void> assign_digest(const std::vector<std::string>& ids, std::string_view digest_id) = 0;
  // The outcome of one digest, for all its alerts in one transaction: `to` is delivered
  // (`when` = delivered at), retrying (`when` = next attempt) or dead.
  virtual Result<void> record_digest(const std::vector<std::string>& ids, AlertState to, std::string_view reply,
                                     Timestamp when) = 0;
  // Messages of `channel` delivered since `since` or being sent now (for rate_limit).
  virtual Result<SentMessages> messages_sent(std::string_view channel, Timestamp since) = 0;

  // Source health: every source's record, and saving one; with a notice, its alerts are queued
  // in the same transaction.
  virtual Result<std::unordered_map<std::string, SourceHealth>> source_health() = 0;
  virtual Result<void> save_source_health(std::string_view source, const SourceHealth& health,
                                          const std::optional<HealthNotice>& notice) = 0;

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
  // Alerts counted by channel and state (one row per pair that has any).
  virtual Result<std::vector<AlertTally>> tally_alerts() = 0;

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

  // Housekeeping: removes one batch of what `rules` let go, in one transaction.
  virtual Result<PruneCounts> prune(const PruneRules& rules) = 0;
  // Gives the store's free pages back to the file system and refreshes the query planner's
  // statistics; with `truncate_log`, also folds the write-ahead log into the database and
  // empties it (after a large prune). Returns how many bytes the file shrank by.
  virtual Result<std::uintmax_t> compact(bool truncate_log) = 0;
};

// Opens (creating if missing) the SQLite store at `file` in WAL mode and migrates its schema.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file);

// `vigil backup`: copies the SQLite store at `file` (which a daemon may be writing) to `target`
// with SQLite's online backup, from one snapshot, into a temporary file beside `target` that is
// integrity-checked (quick_check) and then renamed. An existing `target` is refused unless
// `overwrite`. The copy is a single file (rollback journal, not WAL).
Result<BackupReport> backup_sqlite_store(const std::filesystem::path& file, const std::filesystem::path& target,
                                         bool overwrite);

}  // namespace vigil::store
