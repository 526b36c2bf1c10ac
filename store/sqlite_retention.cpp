// Housekeeping in the SQLite store: pruning what `retention` lets go, and keeping the file
// compact afterwards. What must never go:
//   - items of a source's current document (the last one read): pruned, they would alert again
//     as new on the next poll;
//   - items an alert still refers to (an undelivered alert is never pruned, so neither is its item);
//   - stories of the dedup window, whole (items and alerts): a near-duplicate arriving later
//     must still find the story and the channels that had it.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "store/sqlite_retention.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

namespace {

// How stale items.last_seen may get: a poll moves it only when it is older than this. An item
// of the current document therefore has last_seen >= the source's listed_at minus this.
constexpr std::chrono::seconds kListedGranularity{24 * 3600};

// Free pages given back per incremental_vacuum call, so other store calls get the lock between.
constexpr int kVacuumPagesPerStep = 2048;

std::int64_t pragma_integer(Connection& db, const std::string& pragma) {
  auto query = db.prepare(pragma);
  return query.step() ? query.integer(0) : 0;
}

// A story is in the dedup window when any of its items is: such an item (or an item of such a
// story) stays, and so do its alerts. `i` is the item considered; ?3 the window's start. Items
// recorded before stories existed have no story time: never in the window.
constexpr const char* kInWindow =
    "(COALESCE(i.story_at, -1) >= ?3 OR (i.cluster <> '' AND EXISTS ("
    "  SELECT 1 FROM items r WHERE r.cluster = i.cluster AND r.story_at >= ?3)))";

}  // namespace

void record_listing(Connection& db, const PollCommit& poll) {
  const Timestamp at = poll.listed_at.value_or(now_utc());
  const auto touch = [&](const std::string& key) {
    db.prepare("UPDATE items SET last_seen = ?1 WHERE source = ?2 AND key = ?3 AND last_seen < ?4")
        .bind_time(1, at)
        .bind_text(2, poll.source)
        .bind_text(3, key)
        .bind_time(4, at - kListedGranularity)
        .run();
  };
  for (const ItemRecord& record : poll.items) touch(record.key);
  for (const std::string& key : poll.listed) touch(key);
  db.prepare("UPDATE sources SET listed_at = ?1 WHERE name = ?2").bind_time(1, at).bind_text(2, poll.source).run();
}

void use_incremental_vacuum(Connection& db) {
  constexpr std::int64_t incremental = 2;
  if (pragma_integer(db, "PRAGMA auto_vacuum") == incremental) return;
  try {
    // On a file that has pages already (even a new one: switching to WAL wrote its header), the
    // setting takes effect only through a VACUUM, which rewrites the file and cannot run inside
    // a transaction; hence here, after the migrations' transactions.
    db.execute("PRAGMA auto_vacuum = INCREMENTAL");
    db.execute("VACUUM");
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)");  // the rewrite went through the log: empty it
  } catch (const Failure&) {
    // Locked by another process, or no room for the rewrite: still a working store.
  }
}

Result<PruneCounts> SqliteStore::prune(const PruneRules& rules) {
  return guarded("prune", [&] {
    PruneCounts counts;
    const auto batch = static_cast<std::int64_t>(
        std::min<std::size_t>(rules.batch, std::numeric_limits<std::int64_t>::max()));
    Transaction transaction(db_);
    db_.execute(
        "CREATE TEMP TABLE IF NOT EXISTS prune_alerts (id INTEGER PRIMARY KEY);"
        "CREATE TEMP TABLE IF NOT EXISTS prune_items (id INTEGER PRIMARY KEY, cluster TEXT NOT NULL)");

    // Alerts first: an item goes only once no alert refers to it.
    db_.prepare(
           "INSERT INTO temp.prune_alerts (id) SELECT a.rowid FROM alerts a"
           " WHERE a.state IN ('delivered', 'dead') AND COALESCE(a.delivered_at, a.created) < ?1"
           " AND NOT EXISTS (SELECT 1 FROM items i WHERE i.source = a.item_source AND i.key = a.item_key AND " +
           std::string(kInWindow) + ") LIMIT ?2")
        .bind_time(1, rules.before)
        .bind_int(2, batch)
        .bind_time(3, rules.stories_since)
        .run();
    counts.alerts = static_cast<std::size_t>(db_.changes());
    db_.prepare("DELETE FROM alerts WHERE rowid IN (SELECT id FROM temp.prune_alerts)").run();

    db_.prepare(
           "INSERT INTO temp.prune_items (id, cluster) SELECT i.rowid, i.cluster FROM items i"
           " WHERE i.last_seen < ?1"
           // Not in the source's current document (NULL listed_at: unknown, so kept).
           " AND i.last_seen < (SELECT s.listed_at FROM sources s WHERE s.name = i.source) - ?4"
           " AND NOT " + std::string(kInWindow) +
           " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.item_source = i.source AND a.item_key = i.key)"
           " LIMIT ?2")
        .bind_time(1, rules.before)
        .bind_int(2, batch)
        .bind_time(3, rules.stories_since)
        .bind_int(4, kListedGranularity.count())
        .run();
    counts.items = static_cast<std::size_t>(db_.changes());
    db_.prepare("DELETE FROM items WHERE rowid IN (SELECT id FROM temp.prune_items)").run();
    {
      auto gone = db_.prepare(
          "SELECT COUNT(DISTINCT p.cluster) FROM temp.prune_items p"
          " WHERE p.cluster <> '' AND NOT EXISTS (SELECT 1 FROM items i WHERE i.cluster = p.cluster)");
      counts.clusters = gone.step() ? static_cast<std::size_t>(gone.integer(0)) : 0;
    }
    db_.prepare("DELETE FROM temp.prune_alerts").run();
    db_.prepare("DELETE FROM temp.prune_items").run();
    transaction.commit();
    counts.more = static_cast<std::int64_t>(counts.alerts) == batch || static_cast<std::int64_t>(counts.items) == batch;
    return counts;
  });
}

Result<std::uintmax_t> SqliteStore::compact(bool truncate_log) {
  std::uintmax_t freed = 0;
  // A step at a time: a large prune frees many pages, and the poller's commits wait meanwhile.
  for (;;) {
    auto step = guarded("compact", [&]() -> std::int64_t {
      const std::int64_t free_pages = pragma_integer(db_, "PRAGMA freelist_count");
      if (free_pages == 0 || pragma_integer(db_, "PRAGMA auto_vacuum") != 2) return 0;
      db_.execute("PRAGMA incremental_vacuum(" + std::to_string(kVacuumPagesPerStep) + ")");
      const std::int64_t given_back = free_pages - pragma_integer(db_, "PRAGMA freelist_count");
      freed += static_cast<std::uintmax_t>(given_back * pragma_integer(db_, "PRAGMA page_size"));
      return given_back;
    });
    if (!step) return std::unexpected(step.error());
    if (*step <= 0) break;
  }
  auto finish = guarded("compact", [&] {
    db_.execute("PRAGMA optimize");
    // TRUNCATE resets the log to zero bytes once every reader is past it; a reader in the way
    // only makes it partial, which the next checkpoint completes.
    if (truncate_log) db_.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  });
  if (!finish) return std::unexpected(finish.error());
  return freed;
}

}  // namespace vigil::store::sqlite
