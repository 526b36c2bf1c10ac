#pragma once
// RAII owners for sqlite3* and sqlite3_stmt*, a per-connection cache of prepared statements and
// a transaction guard. Private to store/: nothing outside this folder sees SQLite types.
//
// Inside store/ a failing SQLite call throws sqlite::Failure; every public Store method catches
// it at its boundary and returns a StoreError instead (see SqliteStore::guarded), so these
// exceptions never reach callers. It keeps multi-statement operations readable and lets a
// Transaction roll back by unwinding.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/time.hpp"

namespace vigil::store::sqlite {

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CloseDatabase {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// One use of a cached prepared statement: bind, step, read columns. Resets the statement and
// clears its bindings when it goes out of scope, so the cache can hand it out again.
// Parameters and columns are numbered as in SQL: parameters from 1, columns from 0.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* statement) noexcept : db_(db), statement_(statement) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Distinct names on purpose: an overloaded bind(int, const char*) would pick the bool→int
  // conversion over string_view.
  Statement& bind_text(int index, std::string_view text);
  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_time(int index, Timestamp time);
  Statement& bind_time(int index, const std::optional<Timestamp>& time);  // NULL when empty
  Statement& bind_blob(int index, std::string_view bytes);

  // Advances to the next row; false when there are no more.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  bool is_null(int column) const;
  std::string text(int column) const;  // "" for NULL
  std::string blob(int column) const;  // "" for NULL
  std::int64_t integer(int column) const;
  Timestamp time(int column) const;
  std::optional<Timestamp> optional_time(int column) const;

 private:
  [[noreturn]] void fail() const;
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

// One open database connection with its prepared statements. Not thread-safe by itself.
class Connection {
 public:
  // Opens or creates `file` (its directory must exist) and sets the connection's pragmas:
  // WAL, synchronous=NORMAL, busy_timeout, foreign_keys.
  static Connection open(const std::filesystem::path& file);

  // Runs one or more statements without parameters (schema changes, pragmas).
  void execute(const std::string& sql);
  // A statement prepared once per connection and reused afterwards.
  Statement prepare(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  Connection(DatabaseHandle db, std::filesystem::path file) : db_(std::move(db)), file_(std::move(file)) {}
  // Statements are finalized before the connection closes (members die in reverse order).
  DatabaseHandle db_;
  std::filesystem::path file_;
  std::unordered_map<std::string, StatementHandle> statements_;
};

// BEGIN IMMEDIATE at construction: takes the write lock up front, so a transaction never
// fails half-way with SQLITE_BUSY when another connection wrote first. Rolls back on
// destruction unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace vigil::store::sqlite
