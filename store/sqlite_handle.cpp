#include "store/sqlite_handle.hpp"

#include <chrono>

namespace vigil::store::sqlite {

namespace {

// Long enough to ride out another process's commit, short enough to surface a stuck lock.
constexpr int busy_timeout_ms = 5000;

std::string message(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

}  // namespace

// ---- Statement -------------------------------------------------------------------------------

Statement::~Statement() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

void Statement::fail() const { throw Failure(message(db_)); }

Statement& Statement::bind_text(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies, so callers may bind temporaries.
  if (sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    fail();
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) fail();
  return *this;
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail();
  return *this;
}

Statement& Statement::bind_time(int index, Timestamp time) { return bind_int(index, time.time_since_epoch().count()); }

Statement& Statement::bind_time(int index, const std::optional<Timestamp>& time) {
  if (time) return bind_time(index, *time);
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail();
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail();
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string Statement::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

Timestamp Statement::time(int column) const { return Timestamp{std::chrono::seconds{integer(column)}}; }

std::optional<Timestamp> Statement::optional_time(int column) const {
  if (is_null(column)) return std::nullopt;
  return time(column);
}

// ---- Connection ------------------------------------------------------------------------------

Connection Connection::open(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the store serializes access to the connection itself (one mutex per store).
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  DatabaseHandle db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) throw Failure("cannot open " + file.string() + ": " + message(raw));
  sqlite3_extended_result_codes(raw, 1);

  Connection connection(std::move(db), file);
  try {
    connection.execute("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms));
    {
      Statement journal = connection.prepare("PRAGMA journal_mode = WAL");
      const std::string mode = journal.step() ? journal.text(0) : "";
      if (mode != "wal") throw Failure("WAL is not available (journal_mode is \"" + mode + "\")");
    }
    // NORMAL is durable across process crashes in WAL mode; a power loss may drop the last
    // commits, which at-least-once delivery tolerates (a lost mark_delivered repeats an alert
    // with the same id; a lost commit_poll re-reads the items on the next poll).
    connection.execute("PRAGMA synchronous = NORMAL");
    connection.execute("PRAGMA foreign_keys = ON");
  } catch (const Failure& failure) {
    throw Failure("cannot open " + file.string() + ": " + failure.what());
  }
  return connection;
}

void Connection::execute(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string text = error ? error : message(db_.get());
    sqlite3_free(error);
    throw Failure(text);
  }
}

Statement Connection::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    StatementHandle statement(raw);
    if (rc != SQLITE_OK) throw Failure(message(db_.get()));
    found = statements_.emplace(sql, std::move(statement)).first;
  }
  return Statement(db_.get(), found->second.get());
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_.get()); }

// ---- Transaction -----------------------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!open_) return;
  try {
    connection_.execute("ROLLBACK");
  } catch (...) {
    // SQLite may already have rolled back (some errors do); nothing left to undo.
  }
}

void Transaction::commit() {
  connection_.execute("COMMIT");
  open_ = false;
}

}  // namespace vigil::store::sqlite
