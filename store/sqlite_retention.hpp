#pragma once
// Housekeeping's helpers inside the SQLite store: what a poll's commit records so pruning keeps
// what the feed still lists, and the one-time switch of a store file to incremental auto-vacuum.
#include "store/sqlite_handle.hpp"
#include "store/store.hpp"

namespace vigil::store::sqlite {

// Inside commit_poll's transaction: the poll's items (records and `listed` keys) were seen in
// the source at poll.listed_at, and that document is the source's current one. last_seen moves
// at most once a day, so a feed read every few minutes does not rewrite its items each time.
void record_listing(Connection& db, const PollCommit& poll);

// After migrating, outside any transaction: makes the store give freed pages back on
// `PRAGMA incremental_vacuum`. A store created before (auto_vacuum NONE) is rewritten once with
// VACUUM; if that cannot run now (locked, disk full), the store works as it is and the next
// open tries again.
void use_incremental_vacuum(Connection& db);

}  // namespace vigil::store::sqlite
