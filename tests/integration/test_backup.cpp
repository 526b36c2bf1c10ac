// Housekeeping and backup with the real daemon: `vigil backup` while it runs, and the
// housekeeping task's pass at start.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

Database open_db(const std::string& file) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + file);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

// The first column of the first row, as text ("" without a row).
std::string query_text(const std::string& file, const std::string& sql) {
  auto db = open_db(file);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db.get()));
  std::string out;
  if (sqlite3_step(raw) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    out = text ? text : "";
  }
  sqlite3_finalize(raw);
  return out;
}

long long query_integer(const std::string& file, const std::string& sql) { return std::stoll(query_text(file, sql)); }

void execute(const std::string& file, const std::string& sql) {
  auto db = open_db(file);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

std::vector<FeedEntry> landmine_reports(int count) {
  std::vector<FeedEntry> entries;
  for (int i = 0; i < count; ++i)
    entries.push_back({"r-" + std::to_string(i), "Landmine clearance report " + std::to_string(i),
                       "Teams cleared a landmine field, report " + std::to_string(i) + ".",
                       "/reports/" + std::to_string(i)});
  return entries;
}

}  // namespace

TEST_CASE("vigil backup copies the store while the daemon runs, and refuses to overwrite without --force",
          "[integration][backup]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  w.write_feed("wire.xml", FeedFormat::rss2, landmine_reports(3));
  const auto config = w.write_config({{"wire", "wire.xml"}}, /*baseline=*/false);
  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.mails().size() == 3 && w.hooks().size() == 3; }, 30s));

  const auto copy = w.dir.file("backups/vigil-copy.db");
  std::filesystem::create_directories(w.dir.file("backups"));
  const auto out = w.run_cli({"backup", copy, "-c", config});  // the daemon goes on polling every second
  CHECK(w.cli_status == 0);
  CHECK(out.find("backup: wrote " + copy) != std::string::npos);
  CHECK(out.find("1 sources, 3 items, 6 alerts; quick_check ok") != std::string::npos);

  CHECK(query_text(copy, "PRAGMA integrity_check") == "ok");
  CHECK(query_integer(copy, "SELECT COUNT(*) FROM items WHERE source = 'wire'") == 3);
  CHECK(query_integer(copy, "SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 6);
  CHECK(query_text(copy, "PRAGMA journal_mode") == "delete");
  CHECK_FALSE(std::filesystem::exists(copy + "-wal"));

  w.run_cli({"backup", copy, "-c", config});
  CHECK(w.cli_status == 1);
  CHECK(read_file(w.dir.file("cli.log")).find("exists already (--force replaces it)") != std::string::npos);
  w.run_cli({"backup", copy, "--force", "-c", config});
  CHECK(w.cli_status == 0);
  CHECK(query_text(copy, "PRAGMA integrity_check") == "ok");

  CHECK(w.stop_vigil() == 0);
  CHECK(w.mails().size() == 3);  // the backups disturbed nothing
}

TEST_CASE("housekeeping at start prunes old unlisted items and old delivered alerts, never a still-listed item",
          "[integration][housekeeping]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  w.write_feed("wire.xml", FeedFormat::rss2, landmine_reports(2));
  const auto config = w.write_config({{"wire", "wire.xml"}}, /*baseline=*/false);
  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.mails().size() == 2; }, 30s));
  REQUIRE(w.stop_vigil() == 0);

  // As if the feed had answered 304 for 400 days: r-0 was listed all along but last read then,
  // and its alerts were delivered then. "gone" left the feed before that (its alert was
  // delivered 410 days ago). Only the item's listing keeps r-0.
  const auto db = w.dir.file("state") + "/vigil.db";
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto days_ago = [&](int n) { return std::to_string(now - n * 24 * 3600LL); };
  execute(db, "UPDATE sources SET listed_at = " + days_ago(400) + " WHERE name = 'wire';"
              "UPDATE items SET first_seen = " + days_ago(400) + ", last_seen = " + days_ago(400) + ", story_at = " +
              days_ago(400) + " WHERE key LIKE '%r-0';"
              "UPDATE alerts SET created = " + days_ago(400) + ", delivered_at = " + days_ago(400) +
              " WHERE item_key LIKE '%r-0';"
              "INSERT INTO items (source, key, title, first_seen, last_seen, cluster, story_at) VALUES"
              " ('wire', 'gone', 'An old landmine story', " + days_ago(420) + ", " + days_ago(410) + ", 'old-story', " +
              days_ago(420) + ");"
              "INSERT INTO alerts (id, channel, item_source, item_key, state, created, delivered_at) VALUES"
              " ('old-alert', 'mail', 'wire', 'gone', 'delivered', " + days_ago(410) + ", " + days_ago(410) + ")");
  const auto items_before = query_integer(db, "SELECT COUNT(*) FROM items");
  REQUIRE(items_before == 3);

  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.log_count("housekeeping: 1 item, 1 cluster and 3 alerts older than 180d removed") == 1; }));
  // The feed changes (one more entry, on no topic) and is read again: r-0 is still known, so it
  // does not alert again as new.
  auto entries = landmine_reports(2);
  entries.push_back({"weather", "Sunny spells tomorrow", "Light winds.", "/weather"});
  w.write_feed("wire.xml", FeedFormat::rss2, entries);
  // Last-Modified has whole seconds: a rewrite within the second of the first read would
  // answer 304 to If-Modified-Since. Date the new file later.
  const auto feed = w.feeds_dir + "/wire.xml";
  std::filesystem::last_write_time(feed, std::filesystem::last_write_time(feed) + std::chrono::seconds(5));
  if (!w.eventually([&] { return w.log_count("source wire: 3 items") == 1; })) FAIL(read_file(w.vigil_log));
  REQUIRE(w.stop_vigil() == 0);
  CHECK(w.log_count("source wire: 3 items, 1 new or changed, 0 matching, 0 alerts") == 1);

  CHECK(query_integer(db, "SELECT COUNT(*) FROM items WHERE key = 'gone'") == 0);
  CHECK(query_integer(db, "SELECT COUNT(*) FROM alerts WHERE id = 'old-alert'") == 0);
  CHECK(query_integer(db, "SELECT COUNT(*) FROM items") == 3);
  CHECK(query_integer(db, "SELECT COUNT(*) FROM items WHERE key LIKE '%r-0' AND first_seen = " + days_ago(400)) == 1);
  CHECK(query_integer(db, "SELECT COUNT(*) FROM alerts") == 2);  // r-1's
  CHECK(query_integer(db, "SELECT COUNT(*) FROM alerts WHERE item_key LIKE '%r-0'") == 0);
  CHECK(w.mails().size() == 2);
}
