// `vigil backup`: a consistent copy of the SQLite store while the daemon writes it.
//
// SQLite's online backup copies pages in steps. The source connection holds one read
// transaction across all steps, so every step reads the same snapshot: in WAL mode a reader never
// blocks the daemon's writers, and the copy never restarts because a commit landed between two
// steps (which it would, over and over, on a busy store). The copy goes to a temporary file
// beside the target, is switched to a rollback journal (one self-contained file), checked with
// quick_check, flushed to disk, and only then takes the target's name.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/sqlite_handle.hpp"
#include "store/store.hpp"

namespace vigil::store {

namespace {

namespace fs = std::filesystem;

// Pages per backup step (4 KiB each): small steps keep each lock short and the loop responsive.
constexpr int kPagesPerStep = 256;
constexpr int kBusyTimeoutMs = 5000;
// A step that finds the source busy (a checkpoint or recovery holding it) tries again, a while.
constexpr int kBusyRetries = 500;

struct FinishBackup {
  void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};
using BackupHandle = std::unique_ptr<sqlite3_backup, FinishBackup>;

struct BackupFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string message_of(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

sqlite::DatabaseHandle open_database(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite::DatabaseHandle db(raw);
  if (rc != SQLITE_OK) throw BackupFailure("cannot open " + file.string() + ": " + message_of(raw));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

void execute(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string text = error ? error : message_of(db);
    sqlite3_free(error);
    throw BackupFailure(text);
  }
}

// Every row's first column of `sql`, as text.
std::vector<std::string> column_of(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) throw BackupFailure(message_of(db));
  sqlite::StatementHandle statement(raw);
  std::vector<std::string> rows;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    rows.emplace_back(text ? text : "");
  }
  if (rc != SQLITE_DONE) throw BackupFailure(message_of(db));
  return rows;
}

std::size_t count_rows(sqlite3* db, const std::string& table) {
  if (column_of(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = '" + table + "'").empty())
    return 0;
  const auto rows = column_of(db, "SELECT COUNT(*) FROM " + table);
  return rows.empty() ? 0 : static_cast<std::size_t>(std::stoull(rows.front()));
}

// Copies every page of `source` (inside its read transaction) into `destination`.
void copy_pages(sqlite3* source, sqlite3* destination) {
  BackupHandle backup(sqlite3_backup_init(destination, "main", source, "main"));
  if (!backup) throw BackupFailure("cannot start the backup: " + message_of(destination));
  for (int busy = 0;;) {
    const int rc = sqlite3_backup_step(backup.get(), kPagesPerStep);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) continue;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busy < kBusyRetries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    throw BackupFailure(std::string("copying pages: ") + sqlite3_errstr(rc));
  }
  const int rc = sqlite3_backup_finish(backup.release());
  if (rc != SQLITE_OK) throw BackupFailure("finishing the copy: " + message_of(destination));
}

// Flushes `path` (a file or a directory) to disk.
void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw BackupFailure("cannot open " + path.string() + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) throw BackupFailure("cannot flush " + path.string() + ": " + std::strerror(saved));
}

// A new, empty file beside `target` (a unique name: two backups at once do not collide).
fs::path make_temporary(const fs::path& target) {
  std::string pattern = target.string() + ".tmp-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw BackupFailure("cannot create a temporary file beside " + target.string() + ": " + std::strerror(errno));
  ::close(fd);
  return pattern;
}

// Removes the temporary name (and any journal of it): a failed copy, or the second name link()
// gave the finished one.
struct TemporaryCopy {
  fs::path path;
  ~TemporaryCopy() {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path.string() + suffix, ignored);
  }
};

BackupReport backup(const fs::path& file, const fs::path& target, bool overwrite) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) throw BackupFailure("no store at " + file.string());
  if (fs::exists(target, error)) {
    if (fs::equivalent(file, target, error)) throw BackupFailure(target.string() + " is the store itself");
    if (!overwrite) throw BackupFailure(target.string() + " exists already (--force replaces it)");
    if (fs::is_directory(target, error)) throw BackupFailure(target.string() + " is a directory");
  }
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(directory, error)) throw BackupFailure("no directory " + directory.string());

  TemporaryCopy copy{make_temporary(target)};
  BackupReport report;
  {
    // Read-only: a backup never changes the store, nor migrates it.
    auto source = open_database(file, SQLITE_OPEN_READONLY);
    auto destination = open_database(copy.path, SQLITE_OPEN_READWRITE);
    // One snapshot for every step (see the top of this file).
    execute(source.get(), "BEGIN");
    column_of(source.get(), "SELECT COUNT(*) FROM sqlite_schema");  // starts the read transaction
    copy_pages(source.get(), destination.get());
    execute(source.get(), "COMMIT");
    source.reset();

    // The store's file says WAL; the copy is one file that needs no -wal beside it.
    execute(destination.get(), "PRAGMA journal_mode = DELETE");
    const auto check = column_of(destination.get(), "PRAGMA quick_check");
    if (check.size() != 1 || check.front() != "ok") {
      std::string problems;
      for (std::size_t i = 0; i < check.size() && i < 5; ++i) problems += (i ? "; " : "") + check[i];
      throw BackupFailure("the copy fails quick_check: " + problems);
    }
    report.sources = count_rows(destination.get(), "sources");
    report.items = count_rows(destination.get(), "items");
    report.alerts = count_rows(destination.get(), "alerts");
  }
  sync_path(copy.path, O_RDONLY);
  if (overwrite) {
    fs::rename(copy.path, target, error);
    if (error) throw BackupFailure("cannot rename the copy to " + target.string() + ": " + error.message());
  } else {
    // link() refuses an existing name, so a file that appeared meanwhile is not replaced either.
    if (::link(copy.path.c_str(), target.c_str()) != 0)
      throw BackupFailure("cannot name the copy " + target.string() + ": " + std::strerror(errno));
  }
  sync_path(directory, O_RDONLY | O_DIRECTORY);
  report.bytes = fs::file_size(target, error);
  return report;
}

}  // namespace

Result<BackupReport> backup_sqlite_store(const fs::path& file, const fs::path& target, bool overwrite) {
  try {
    return backup(file, target, overwrite);
  } catch (const std::exception& failure) {
    return std::unexpected(StoreError{std::string("store: backup: ") + failure.what()});
  }
}

}  // namespace vigil::store
