#include "tests/store/store_fixtures.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <stdexcept>

namespace vigil::store::test {

namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Database connect(const std::string& file) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + file);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

// The first column of the first row of `sql`.
template <typename Read>
auto query_one(const std::string& file, const std::string& sql, Read read) {
  auto db = connect(file);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db.get()));
  Statement statement(raw);
  if (sqlite3_step(raw) != SQLITE_ROW) throw std::runtime_error("no row for: " + sql);
  return read(raw);
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& file) {
  auto store = open_sqlite_store(file);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

ItemRecord make_record(const std::string& source, const std::string& key, const std::string& fingerprint,
                       std::vector<std::string> topics, Timestamp first_seen) {
  ItemRecord record;
  record.key = key;
  record.canonical_link = "https://news.example/" + source + "/" + key;
  record.fingerprint = fingerprint;
  record.topics = std::move(topics);
  record.first_seen = first_seen;
  record.item.id = key;
  record.item.source = source;
  record.item.title = "Title of " + key;
  record.item.link = record.canonical_link + "?utm_source=feed";
  record.item.summary = "<p>Summary of " + key + "</p>";
  return record;
}

NewAlert make_alert(const std::string& id, const std::string& item_key, Timestamp created, const std::string& channel) {
  return NewAlert{.id = id, .channel = channel, .topics = {"landmines"}, .item_key = item_key, .created = created};
}

PollCommit make_poll(const std::string& source, std::vector<ItemRecord> items, std::vector<NewAlert> alerts) {
  PollCommit poll;
  poll.source = source;
  poll.state.baselined = true;
  poll.state.etag = "\"v1\"";
  poll.items = std::move(items);
  poll.alerts = std::move(alerts);
  return poll;
}

void commit(Store& store, const PollCommit& poll) {
  auto committed = store.commit_poll(poll);
  if (!committed) FAIL(committed.error().message);
}

std::vector<std::string> ids_of(const std::vector<Alert>& alerts) {
  std::vector<std::string> ids;
  for (const Alert& alert : alerts) ids.push_back(alert.id);
  return ids;
}

void sql_execute(const std::string& file, const std::string& sql) {
  auto db = connect(file);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

std::int64_t sql_integer(const std::string& file, const std::string& sql) {
  return query_one(file, sql, [](sqlite3_stmt* row) { return sqlite3_column_int64(row, 0); });
}

std::string sql_text(const std::string& file, const std::string& sql) {
  return query_one(file, sql, [](sqlite3_stmt* row) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, 0));
    return std::string(text ? text : "");
  });
}

}  // namespace vigil::store::test
