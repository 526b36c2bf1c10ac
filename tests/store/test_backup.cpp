// `vigil backup` in the store: a consistent single-file copy, taken beside the target and renamed,
// refusing to replace what it should not.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

// Files in `dir` whose name starts with `prefix` (temporary copies left behind, journals).
std::vector<std::string> files_starting(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) found.push_back(name);
  }
  return found;
}

void fill(Store& store, const std::string& source, int count, std::size_t text_size = 200) {
  std::vector<ItemRecord> records;
  std::vector<NewAlert> alerts;
  for (int i = 0; i < count; ++i) {
    auto record = make_record(source, source + "-" + std::to_string(i));
    record.item.content = std::string(text_size, 'x');
    if (i % 10 == 0) alerts.push_back(make_alert(source + "-alert-" + std::to_string(i), record.key));
    records.push_back(std::move(record));
  }
  commit(store, make_poll(source, std::move(records), std::move(alerts)));
}

}  // namespace

TEST_CASE("a backup is a checked single-file copy of the store with the same rows", "[store][backup]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("state/vigil.db");
  auto store = open_store(file);
  fill(*store, "wire", 50);
  fill(*store, "ngo", 30);
  const auto target = dir.file("vigil-backup.db");

  auto report = backup_sqlite_store(file, target, false);

  REQUIRE(report);
  CHECK(report->sources == 2);
  CHECK(report->items == 80);
  CHECK(report->alerts == 8);
  CHECK(report->bytes == std::filesystem::file_size(target));
  CHECK(sql_text(target, "PRAGMA integrity_check") == "ok");
  CHECK(sql_text(target, "PRAGMA journal_mode") == "delete");
  CHECK(sql_integer(target, "SELECT COUNT(*) FROM items WHERE source = 'ngo'") == 30);
  CHECK(sql_integer(target, "SELECT MAX(version) FROM schema_version") ==
        sql_integer(file, "SELECT MAX(version) FROM schema_version"));
  CHECK(files_starting(dir.path(), "vigil-backup.db") == std::vector<std::string>{"vigil-backup.db"});
  // The store goes on as before.
  fill(*store, "paper", 5);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == 85);
}

TEST_CASE("a backup refuses to replace an existing file unless told to", "[store][backup]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  fill(*store, "wire", 3);
  const auto target = dir.file("backup.db");
  vigil::test::write_file(target, "precious");

  auto refused = backup_sqlite_store(file, target, false);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("exists already (--force replaces it)") != std::string::npos);
  CHECK(vigil::test::read_file(target) == "precious");
  CHECK(files_starting(dir.path(), "backup.db") == std::vector<std::string>{"backup.db"});

  auto replaced = backup_sqlite_store(file, target, true);
  REQUIRE(replaced);
  CHECK(replaced->items == 3);
  CHECK(sql_integer(target, "SELECT COUNT(*) FROM items") == 3);
}

TEST_CASE("a backup never writes over the store itself", "[store][backup]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  fill(*store, "wire", 3);
  auto refused = backup_sqlite_store(file, dir.path() + "/./vigil.db", true);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("is the store itself") != std::string::npos);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == 3);
}

TEST_CASE("a backup without a store, or into a missing directory, fails and writes nothing", "[store][backup]") {
  vigil::test::TempDir dir;
  auto missing = backup_sqlite_store(dir.file("none.db"), dir.file("copy.db"), false);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("no store at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("copy.db")));

  const auto file = dir.file("vigil.db");
  open_store(file);
  auto nowhere = backup_sqlite_store(file, dir.file("no/such/dir/copy.db"), false);
  REQUIRE_FALSE(nowhere);
  CHECK(nowhere.error().message.find("no directory") != std::string::npos);
}

TEST_CASE("a store nobody has open is backed up too", "[store][backup]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  {
    auto store = open_store(file);
    fill(*store, "wire", 7);
  }
  REQUIRE_FALSE(std::filesystem::exists(file + "-wal"));  // closed cleanly, log folded in

  auto report = backup_sqlite_store(file, dir.file("copy.db"), false);
  REQUIRE(report);
  CHECK(report->items == 7);
}

TEST_CASE("a backup taken while the store is being written is one consistent snapshot", "[store][backup]") {
  vigil::test::TempDir dir;
  const auto file = dir.file("vigil.db");
  auto store = open_store(file);
  fill(*store, "base", 2000, 2000);  // several MiB: many backup steps
  const auto base = sql_integer(file, "SELECT COUNT(*) FROM items");

  std::atomic<bool> done{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    // Polls keep landing while the copy runs, as the daemon's would.
    for (int i = 0; !done.load() || i < 5; ++i) {
      if (!store->commit_poll(make_poll("live", {make_record("live", "k" + std::to_string(i))}))) break;
      written = i + 1;
    }
  });
  auto report = backup_sqlite_store(file, dir.file("copy.db"), false);
  done = true;
  writer.join();

  REQUIRE(report);
  CHECK(sql_text(dir.file("copy.db"), "PRAGMA integrity_check") == "ok");
  const auto copied = sql_integer(dir.file("copy.db"), "SELECT COUNT(*) FROM items");
  CHECK(copied >= base);
  CHECK(copied <= base + written.load());
  CHECK(static_cast<std::int64_t>(report->items) == copied);
  // The copy's live items are a prefix of what was written: a snapshot, not a mix.
  CHECK(sql_integer(dir.file("copy.db"), "SELECT COUNT(*) FROM items WHERE source = 'live'") == copied - base);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM items") == base + written.load());
}
