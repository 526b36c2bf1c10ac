// Opening the SQLite store, per-source state and items. The outbox is in sqlite_outbox.cpp.
#include "store/sqlite_store.hpp"

#include <system_error>

#include "store/codec.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_retention.hpp"

namespace vigil::store {

namespace sqlite {

namespace {

std::optional<std::chrono::seconds> optional_seconds(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return std::chrono::seconds(row.integer(column));
}

void bind_seconds(Statement& statement, int index, const std::optional<std::chrono::seconds>& value) {
  if (value) {
    statement.bind_int(index, value->count());
  } else {
    statement.bind_time(index, std::nullopt);  // NULL
  }
}

FetchState read_fetch_state(const Statement& row, int first) {
  FetchState state;
  state.etag = row.text(first);
  state.last_modified = row.text(first + 1);
  state.baselined = row.integer(first + 2) != 0;
  state.consecutive_failures = static_cast<int>(row.integer(first + 3));
  state.last_error = row.text(first + 4);
  state.last_success = row.optional_time(first + 5);
  state.next_poll = row.optional_time(first + 6);
  state.last_error_at = row.optional_time(first + 7);
  state.last_new_item = row.optional_time(first + 8);
  state.retry_after_until = row.optional_time(first + 9);
  state.gone = row.integer(first + 10) != 0;
  state.permanent_url = row.text(first + 11);
  state.interval = optional_seconds(row, first + 12);
  state.feed_ttl = optional_seconds(row, first + 13);
  state.publishing_interval = optional_seconds(row, first + 14);
  state.discovered_feed = row.text(first + 15);
  state.discovered_from = row.text(first + 16);
  return state;
}

constexpr std::string_view source_columns =
    "etag, last_modified, baselined, consecutive_failures, last_error, last_success, next_poll,"
    " last_error_at, last_new_item, retry_after_until, gone, permanent_url, interval_seconds,"
    " feed_ttl_seconds, publishing_interval_seconds, discovered_feed, discovered_from";

void upsert_item(Connection& db, std::string_view source, const ItemRecord& record) {
  const Item& item = record.item;
  if (!item.source.empty() && item.source != source)
    throw Failure("item \"" + record.key + "\" belongs to source \"" + item.source + "\", not \"" +
                  std::string(source) + "\"");
  // On conflict every field follows the new record except first_seen, which stays the first.
  auto upsert = db.prepare(
      "INSERT INTO items (source, key, canonical_link, fingerprint, topics, item_id, title, link,"
      " published, updated, summary, content, authors, lang, first_seen, cluster, story_at, signature)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (source, key) DO UPDATE SET canonical_link = excluded.canonical_link,"
      " fingerprint = excluded.fingerprint, topics = excluded.topics, item_id = excluded.item_id,"
      " title = excluded.title, link = excluded.link, published = excluded.published,"
      " updated = excluded.updated, summary = excluded.summary, content = excluded.content,"
      " authors = excluded.authors, lang = excluded.lang, signature = excluded.signature,"
      // An item keeps its story when its text changes; one recorded before clusters gets one.
      " cluster = CASE WHEN items.cluster = '' THEN excluded.cluster ELSE items.cluster END,"
      " story_at = COALESCE(items.story_at, excluded.story_at)");
  upsert.bind_text(1, source)
      .bind_text(2, record.key)
      .bind_text(3, record.canonical_link)
      .bind_text(4, record.fingerprint)
      .bind_text(5, encode_list(record.topics))
      .bind_text(6, item.id)
      .bind_text(7, item.title)
      .bind_text(8, item.link)
      .bind_time(9, item.published)
      .bind_time(10, item.updated)
      .bind_text(11, item.summary)
      .bind_text(12, item.content)
      .bind_text(13, encode_list(item.authors))
      .bind_text(14, item.lang)
      .bind_time(15, record.first_seen)
      .bind_text(16, record.cluster)
      .bind_time(17, record.story_at)
      .bind_blob(18, record.signature)
      .run();
}

void insert_alert(Connection& db, std::string_view source, const NewAlert& alert) {
  // A new alert is due as soon as it exists. The foreign key refuses an item_key that is not
  // recorded; the primary key refuses an id used before.
  auto insert = db.prepare(
      "INSERT INTO alerts (id, channel, item_source, item_key, topics, explain, also, kind, state, attempts,"
      " next_attempt, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)");
  insert.bind_text(1, alert.id)
      .bind_text(2, alert.channel)
      .bind_text(3, source)
      .bind_text(4, alert.item_key)
      .bind_text(5, encode_list(alert.topics))
      .bind_text(6, encode_matches(alert.matches))
      .bind_text(7, encode_list(alert.also))
      .bind_text(8, alert.update ? "update" : "new")
      .bind_time(9, alert.created)
      .bind_time(10, alert.created)
      .run();
}

}  // namespace

void SqliteStore::upsert_source(std::string_view source, const FetchState& state) {
  auto upsert = db_.prepare(
      "INSERT INTO sources (name, " + std::string(source_columns) +
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (name) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
      " baselined = excluded.baselined, consecutive_failures = excluded.consecutive_failures,"
      " last_error = excluded.last_error, last_success = excluded.last_success, next_poll = excluded.next_poll,"
      " last_error_at = excluded.last_error_at, last_new_item = excluded.last_new_item,"
      " retry_after_until = excluded.retry_after_until, gone = excluded.gone,"
      " permanent_url = excluded.permanent_url, interval_seconds = excluded.interval_seconds,"
      " feed_ttl_seconds = excluded.feed_ttl_seconds,"
      " publishing_interval_seconds = excluded.publishing_interval_seconds,"
      " discovered_feed = excluded.discovered_feed, discovered_from = excluded.discovered_from");
  upsert.bind_text(1, source)
      .bind_text(2, state.etag)
      .bind_text(3, state.last_modified)
      .bind_int(4, state.baselined ? 1 : 0)
      .bind_int(5, state.consecutive_failures)
      .bind_text(6, state.last_error)
      .bind_time(7, state.last_success)
      .bind_time(8, state.next_poll)
      .bind_time(9, state.last_error_at)
      .bind_time(10, state.last_new_item)
      .bind_time(11, state.retry_after_until)
      .bind_int(12, state.gone ? 1 : 0)
      .bind_text(13, state.permanent_url);
  bind_seconds(upsert, 14, state.interval);
  bind_seconds(upsert, 15, state.feed_ttl);
  bind_seconds(upsert, 16, state.publishing_interval);
  upsert.bind_text(17, state.discovered_feed).bind_text(18, state.discovered_from);
  upsert.run();
}

Result<FetchState> SqliteStore::fetch_state(std::string_view source) {
  return guarded("fetch_state", [&] {
    auto query = db_.prepare("SELECT " + std::string(source_columns) + " FROM sources WHERE name = ?");
    query.bind_text(1, source);
    return query.step() ? read_fetch_state(query, 0) : FetchState{};
  });
}

Result<void> SqliteStore::save_fetch_state(std::string_view source, const FetchState& state) {
  return guarded("save_fetch_state", [&] { upsert_source(source, state); });
}

Result<std::unordered_map<std::string, SeenItem>> SqliteStore::seen_items(std::string_view source,
                                                                          const std::vector<std::string>& keys) {
  return guarded("seen_items", [&] {
    std::unordered_map<std::string, SeenItem> seen;
    for (const std::string& key : keys) {
      auto query = db_.prepare("SELECT fingerprint, topics FROM items WHERE source = ? AND key = ?");
      query.bind_text(1, source).bind_text(2, key);
      if (query.step()) seen.insert_or_assign(key, SeenItem{query.text(0), decode_list(query.text(1))});
    }
    return seen;
  });
}

Result<std::unordered_set<std::string>> SqliteStore::known_links(const std::vector<std::string>& links) {
  return guarded("known_links", [&] {
    std::unordered_set<std::string> known;
    for (const std::string& link : links) {
      if (link.empty()) continue;  // "no link" is not a link two items share
      auto query = db_.prepare("SELECT 1 FROM items WHERE canonical_link = ? LIMIT 1");
      query.bind_text(1, link);
      if (query.step()) known.insert(link);
    }
    return known;
  });
}

Result<void> SqliteStore::commit_poll(const PollCommit& poll) {
  return guarded("commit_poll", [&] {
    Transaction transaction(db_);
    upsert_source(poll.source, poll.state);
    for (const ItemRecord& record : poll.items) upsert_item(db_, poll.source, record);
    for (const NewAlert& alert : poll.alerts) insert_alert(db_, poll.source, alert);
    record_listing(db_, poll);  // housekeeping keeps what the feed still lists
    transaction.commit();
  });
}

Result<std::vector<SourceRow>> SqliteStore::list_sources() {
  return guarded("list_sources", [&] {
    std::vector<SourceRow> rows;
    auto query = db_.prepare("SELECT name, " + std::string(source_columns) + " FROM sources ORDER BY name");
    while (query.step()) rows.push_back(SourceRow{query.text(0), read_fetch_state(query, 1)});
    return rows;
  });
}

}  // namespace sqlite

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file) {
  try {
    if (file.has_parent_path()) {
      std::error_code error;
      std::filesystem::create_directories(file.parent_path(), error);
      if (error)
        return std::unexpected(
            StoreError{"store: cannot create directory " + file.parent_path().string() + ": " + error.message()});
    }
    auto connection = sqlite::Connection::open(file);
    sqlite::migrate(connection, now_utc());
    sqlite::use_incremental_vacuum(connection);  // outside any transaction: it may need a VACUUM
    return std::make_unique<sqlite::SqliteStore>(std::move(connection));
  } catch (const std::exception& failure) {
    return std::unexpected(StoreError{std::string("store: ") + failure.what()});
  }
}

}  // namespace vigil::store
