#include "store/migrations.hpp"

#include <span>
#include <string>

namespace vigil::store::sqlite {

namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Append new steps at the end; never edit a step that has shipped. Timestamps are Unix
// seconds; lists (topics, authors) are JSON arrays of strings. STRICT tables reject values
// of the wrong type instead of storing them silently.
constexpr Migration migrations[] = {
    {1, "sources, items and the alert outbox", R"sql(
CREATE TABLE sources (
  name                 TEXT PRIMARY KEY,
  etag                 TEXT NOT NULL DEFAULT '',
  last_modified        TEXT NOT NULL DEFAULT '',
  baselined            INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT NOT NULL DEFAULT '',
  last_success         INTEGER,
  next_poll            INTEGER
) STRICT;

CREATE TABLE items (
  source         TEXT NOT NULL REFERENCES sources(name),
  key            TEXT NOT NULL,
  canonical_link TEXT NOT NULL DEFAULT '',
  fingerprint    TEXT NOT NULL DEFAULT '',
  topics         TEXT NOT NULL DEFAULT '[]',
  item_id        TEXT NOT NULL DEFAULT '',
  title          TEXT NOT NULL DEFAULT '',
  link           TEXT NOT NULL DEFAULT '',
  published      INTEGER,
  updated        INTEGER,
  summary        TEXT NOT NULL DEFAULT '',
  content        TEXT NOT NULL DEFAULT '',
  authors        TEXT NOT NULL DEFAULT '[]',
  lang           TEXT NOT NULL DEFAULT '',
  first_seen     INTEGER NOT NULL,
  PRIMARY KEY (source, key)
) STRICT;
CREATE INDEX items_by_canonical_link ON items(canonical_link);

CREATE TABLE alerts (
  id           TEXT PRIMARY KEY,
  channel      TEXT NOT NULL,
  item_source  TEXT NOT NULL,
  item_key     TEXT NOT NULL,
  topics       TEXT NOT NULL DEFAULT '[]',
  state        TEXT NOT NULL CHECK (state IN ('pending', 'retrying', 'delivered', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER,
  created      INTEGER NOT NULL,
  delivered_at INTEGER,
  last_reply   TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (item_source, item_key) REFERENCES items(source, key)
) STRICT;
CREATE INDEX alerts_by_due ON alerts(state, next_attempt);
CREATE INDEX alerts_by_item ON alerts(item_source, item_key);
)sql"},
    {2, "source health and polite scheduling", R"sql(
ALTER TABLE sources ADD COLUMN last_error_at INTEGER;
ALTER TABLE sources ADD COLUMN last_new_item INTEGER;
ALTER TABLE sources ADD COLUMN retry_after_until INTEGER;
ALTER TABLE sources ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN permanent_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN interval_seconds INTEGER;
ALTER TABLE sources ADD COLUMN feed_ttl_seconds INTEGER;
ALTER TABLE sources ADD COLUMN publishing_interval_seconds INTEGER;
)sql"},
    {3, "match explanations on alerts; items by first sight for trying topics on history", R"sql(
ALTER TABLE alerts ADD COLUMN explain TEXT NOT NULL DEFAULT '[]';
CREATE INDEX items_by_first_seen ON items(first_seen);
)sql"},
    {4, "stories: items clustered with their near-duplicates; alerts list the other sources", R"sql(
ALTER TABLE items ADD COLUMN cluster TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN story_at INTEGER;
ALTER TABLE items ADD COLUMN signature BLOB;
CREATE INDEX items_by_cluster ON items(cluster);
CREATE INDEX items_by_story_at ON items(story_at);
ALTER TABLE alerts ADD COLUMN also TEXT NOT NULL DEFAULT '[]';
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new', 'update'));
)sql"},
    {5, "feed discovery: the feed an HTML page at a source's URL advertises", R"sql(
ALTER TABLE sources ADD COLUMN discovered_feed TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN discovered_from TEXT NOT NULL DEFAULT '';
)sql"},
    {6, "outbox: alerts being sent are marked sending, so a crash shows which were in flight", R"sql(
CREATE TABLE alerts_v6 (
  id            TEXT PRIMARY KEY,
  channel       TEXT NOT NULL,
  item_source   TEXT NOT NULL,
  item_key      TEXT NOT NULL,
  topics        TEXT NOT NULL DEFAULT '[]',
  state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'retrying', 'delivered', 'dead')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt  INTEGER,
  created       INTEGER NOT NULL,
  delivered_at  INTEGER,
  last_reply    TEXT NOT NULL DEFAULT '',
  explain       TEXT NOT NULL DEFAULT '[]',
  also          TEXT NOT NULL DEFAULT '[]',
  kind          TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new', 'update')),
  sending_since INTEGER,
  FOREIGN KEY (item_source, item_key) REFERENCES items(source, key)
) STRICT;
INSERT INTO alerts_v6 (rowid, id, channel, item_source, item_key, topics, state, attempts, next_attempt, created,
                       delivered_at, last_reply, explain, also, kind)
  SELECT rowid, id, channel, item_source, item_key, topics, state, attempts, next_attempt, created, delivered_at,
         last_reply, explain, also, kind FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v6 RENAME TO alerts;
CREATE INDEX alerts_by_due ON alerts(state, next_attempt);
CREATE INDEX alerts_by_item ON alerts(item_source, item_key);
)sql"},
    {7, "pacing and source health: held alerts, digests, health notices without an item", R"sql(
CREATE TABLE alerts_v7 (
  id            TEXT PRIMARY KEY,
  channel       TEXT NOT NULL,
  item_source   TEXT,
  item_key      TEXT,
  topics        TEXT NOT NULL DEFAULT '[]',
  state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'retrying', 'delivered', 'dead')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt  INTEGER,
  created       INTEGER NOT NULL,
  delivered_at  INTEGER,
  last_reply    TEXT NOT NULL DEFAULT '',
  explain       TEXT NOT NULL DEFAULT '[]',
  also          TEXT NOT NULL DEFAULT '[]',
  kind          TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new', 'update', 'health')),
  sending_since INTEGER,
  held          INTEGER NOT NULL DEFAULT 0,
  digest        TEXT NOT NULL DEFAULT '',
  notice        TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (item_source, item_key) REFERENCES items(source, key),
  CHECK ((kind = 'health') = (item_key IS NULL))
) STRICT;
INSERT INTO alerts_v7 (rowid, id, channel, item_source, item_key, topics, state, attempts, next_attempt, created,
                       delivered_at, last_reply, explain, also, kind, sending_since)
  SELECT rowid, id, channel, item_source, item_key, topics, state, attempts, next_attempt, created, delivered_at,
         last_reply, explain, also, kind, sending_since FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v7 RENAME TO alerts;
CREATE INDEX alerts_by_due ON alerts(state, next_attempt);
CREATE INDEX alerts_by_item ON alerts(item_source, item_key);
CREATE INDEX alerts_by_delivery ON alerts(channel, delivered_at);
-- Claims walk the waiting alerts oldest first and stop at their limit, however long the
-- backlog (the by_due index made them sort every due alert first).
CREATE INDEX alerts_waiting ON alerts(held, created) WHERE state IN ('pending', 'retrying');
CREATE TABLE source_health (
  source        TEXT PRIMARY KEY,
  watched_since INTEGER NOT NULL,
  failing_since INTEGER,
  notified      TEXT NOT NULL DEFAULT '' CHECK (notified IN ('', 'failing', 'silent')),
  notified_at   INTEGER
) STRICT;
)sql"},
    {8, "housekeeping: when each item was last listed by its source, and each source's current document", R"sql(
ALTER TABLE items ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN listed_at INTEGER;
-- Which items the feeds list now is not known yet: every item counts as listed at the upgrade,
-- so nothing is pruned before its source has been read again and then `retention` has passed.
UPDATE items SET last_seen = MAX(first_seen, CAST(strftime('%s', 'now') AS INTEGER));
UPDATE sources SET listed_at = CAST(strftime('%s', 'now') AS INTEGER);
CREATE INDEX items_by_last_seen ON items(last_seen);
)sql"},
};

void record(Connection& connection, const Migration& migration, Timestamp now) {
  auto insert = connection.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)");
  insert.bind_int(1, migration.version).bind_text(2, migration.description).bind_time(3, now).run();
}

}  // namespace

int latest_schema_version() { return std::span(migrations).back().version; }

int schema_version(Connection& connection) {
  auto query = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  return query.step() ? static_cast<int>(query.integer(0)) : 0;
}

void migrate(Connection& connection, Timestamp now) {
  // One row per applied step: the current version is the highest, and the table doubles as a
  // history of when each step ran.
  connection.execute(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");

  const int found = schema_version(connection);
  if (found > latest_schema_version())
    throw Failure("database schema version " + std::to_string(found) + " is newer than this vigil (" +
                  std::to_string(latest_schema_version()) + ")");

  for (const Migration& migration : migrations) {
    if (migration.version <= found) continue;
    Transaction transaction(connection);
    // Read again under the write lock: another process may have migrated meanwhile.
    if (schema_version(connection) >= migration.version) continue;
    try {
      connection.execute(migration.sql);
    } catch (const Failure& failure) {
      throw Failure("migration " + std::to_string(migration.version) + " (" + migration.description +
                    "): " + failure.what());
    }
    record(connection, migration, now);
    transaction.commit();
  }
}

}  // namespace vigil::store::sqlite
