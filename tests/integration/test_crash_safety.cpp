// The outbox under SIGKILL: a burst of 200 alerts to a real SMTP server and a webhook receiver,
// the daemon killed at random moments and restarted each time. Every alert must arrive; a
// repeat is allowed only for an alert that was in flight at a kill, and it must carry the same
// Message-ID / webhook-id so the receiver can drop it.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <iostream>
#include <map>
#include <random>
#include <set>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

const std::string kSupport = std::string(VIGIL_SOURCE_DIR) + "/tests/support/";

// Ids of the alerts in `state`, read straight from the store a killed daemon left behind.
std::set<std::string> alerts_in_state(const std::string& db_file, const std::string& state) {
  std::set<std::string> ids;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT id FROM alerts WHERE state = ?", -1, &query, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(query, 1, state.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(query) == SQLITE_ROW)
        ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    }
    sqlite3_finalize(query);
  }
  sqlite3_close(db);
  return ids;
}

// "<ID@vigil.test>" -> "ID"
std::string id_of_message_id(const std::string& message_id) {
  const auto at = message_id.find('@');
  return message_id.substr(1, at == std::string::npos ? std::string::npos : at - 1);
}

}  // namespace

TEST_CASE("SIGKILL at 20 random moments of a 200-alert burst loses no alert and repeats only those in flight",
          "[integration][crash]") {
  World w;
  w.start_http();
  // Receivers that take 150 ms per alert, so the burst lasts long enough to be interrupted.
  w.start_smtp({"--delay-ms", "150"});
  const std::string hook_log = w.dir.file("hooks-crash.jsonl");
  ChildProcess hooks({VIGIL_DEBIAN_PYTHON, kSupport + "http_server.py", "--port", "0", "--record", hook_log},
                     w.dir.file("hooks-crash.log"));
  const auto line = hooks.read_line(15s);
  REQUIRE(line.starts_with("PORT "));
  w.hook_url = "http://127.0.0.1:" + line.substr(5) + "/delay/150/hook/crash";

  std::vector<FeedEntry> entries;
  for (int i = 0; i < 100; ++i)
    entries.push_back({"crash-" + std::to_string(i), "Landmine report number " + std::to_string(i),
                       "Survey team " + std::to_string(i) + " marked a landmine field near the river.",
                       "/reports/" + std::to_string(i)});
  w.write_feed("burst.xml", FeedFormat::rss2, entries);
  const auto config = w.write_config({{"burst", "burst.xml"}}, /*baseline=*/false);
  const std::string db = w.dir.file("state") + "/vigil.db";

  std::mt19937 rng(Catch::rngSeed() ? Catch::rngSeed() : 20261127);
  std::uniform_int_distribution<int> moment_ms(150, 700);
  std::set<std::string> in_flight_at_kills;
  int kills = 0, kills_with_sends_in_flight = 0;
  for (; kills < 20; ++kills) {
    w.start_vigil(config);
    std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng)));
    w.kill_vigil();
    const auto sending = alerts_in_state(db, "sending");
    if (!sending.empty()) ++kills_with_sends_in_flight;
    in_flight_at_kills.insert(sending.begin(), sending.end());
  }
  // The last run finishes the burst.
  w.start_vigil(config);
  const bool done = w.eventually([&] { return alerts_in_state(db, "delivered").size() == 200; }, 120s);
  w.stop_vigil();
  INFO(read_file(w.vigil_log));
  REQUIRE(done);

  const auto all = alerts_in_state(db, "delivered");
  std::map<std::string, int> mails, posts;
  for (const auto& mail : w.mails()) ++mails[id_of_message_id(mail["message_id"].get<std::string>())];
  for (const auto& post : read_json_lines(hook_log)) ++posts[post["headers"]["webhook-id"].get<std::string>()];

  std::size_t repeats = 0, unexplained = 0, missing = 0;
  for (const auto* received : {&mails, &posts}) {
    for (const auto& [id, count] : *received) {
      if (!all.contains(id)) ++unexplained;  // something no alert of the store explains
      if (count > 1) {
        repeats += static_cast<std::size_t>(count - 1);
        if (!in_flight_at_kills.contains(id)) ++unexplained;
      }
    }
  }
  for (const auto& id : all)
    if (!mails.contains(id) && !posts.contains(id)) ++missing;
  std::cout << "crash safety: " << kills << " kills (" << kills_with_sends_in_flight << " with sends in flight), "
            << in_flight_at_kills.size() << " alerts in flight at a kill, " << repeats
            << " repeated deliveries (each of an alert in flight at a kill), " << missing << " missing of "
            << all.size() << "\n";
  CHECK(all.size() == 200);
  CHECK(mails.size() + posts.size() == 200);  // each alert reached its receiver
  CHECK(missing == 0);
  CHECK(unexplained == 0);
  CHECK(kills_with_sends_in_flight >= 5);  // the kills did land during the burst
}
