// Pacing in the SQLite outbox: alerts held for a digest, quiet hours or a rate limit, the
// digests they go out in, and how many messages a channel sent lately.
#include <span>

#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

namespace {

// Runs `sql` (with ?1 = the alert id and ?2.. bound by `bind`) for each id, in one transaction.
template <typename Bind>
void for_each_id(Connection& db, const std::vector<std::string>& ids, const std::string& sql, Bind bind) {
  Transaction transaction(db);
  for (const auto& id : ids) {
    auto statement = db.prepare(sql);
    statement.bind_text(1, id);
    bind(statement);
    statement.run();
  }
  transaction.commit();
}

}  // namespace

Result<void> SqliteStore::hold_alerts(const std::vector<std::string>& ids, Timestamp until) {
  return guarded("hold_alerts", [&] {
    // Back to the state it was claimed from: retrying when it has failed before.
    for_each_id(db_, ids,
                "UPDATE alerts SET held = 1, next_attempt = ?2, sending_since = NULL,"
                " state = CASE WHEN attempts > 0 THEN 'retrying' ELSE 'pending' END"
                " WHERE id = ?1 AND state IN ('pending', 'sending', 'retrying')",
                [&](Statement& s) { s.bind_time(2, until); });
  });
}

Result<void> SqliteStore::assign_digest(const std::vector<std::string>& ids, std::string_view digest_id) {
  return guarded("assign_digest", [&] {
    for_each_id(db_, ids, "UPDATE alerts SET digest = ?2, held = 1 WHERE id = ?1",
                [&](Statement& s) { s.bind_text(2, digest_id); });
  });
}

Result<void> SqliteStore::record_digest(const std::vector<std::string>& ids, AlertState to, std::string_view reply,
                                        Timestamp when) {
  return guarded("record_digest", [&] {
    std::string set;
    switch (to) {
      case AlertState::delivered: set = "state = 'delivered', delivered_at = ?3, next_attempt = NULL"; break;
      case AlertState::retrying: set = "state = 'retrying', next_attempt = ?3"; break;
      case AlertState::dead: set = "state = 'dead', next_attempt = NULL"; break;
      default: throw Failure(std::string("a digest cannot become ") + to_string(to));
    }
    for_each_id(db_, ids,
                "UPDATE alerts SET " + set + ", attempts = attempts + 1, sending_since = NULL, last_reply = ?2"
                " WHERE id = ?1 AND state IN ('pending', 'sending', 'retrying')",
                [&](Statement& s) {
                  s.bind_text(2, reply);
                  if (to != AlertState::dead) s.bind_time(3, when);
                });
  });
}

Result<SentMessages> SqliteStore::messages_sent(std::string_view channel, Timestamp since) {
  return guarded("messages_sent", [&] {
    // A digest is one message however many alerts it carries.
    auto query = db_.prepare(
        "SELECT COUNT(DISTINCT m), MIN(t) FROM ("
        " SELECT CASE WHEN digest <> '' THEN digest ELSE id END AS m, delivered_at AS t FROM alerts"
        "  WHERE channel = ?1 AND delivered_at >= ?2 AND state = 'delivered'"
        " UNION ALL"
        " SELECT CASE WHEN digest <> '' THEN digest ELSE id END, sending_since FROM alerts"
        "  WHERE state = 'sending' AND channel = ?1)");
    query.bind_text(1, channel).bind_time(2, since);
    SentMessages sent;
    if (query.step()) {
      sent.count = static_cast<std::size_t>(query.integer(0));
      sent.oldest = query.optional_time(1);
    }
    return sent;
  });
}

}  // namespace vigil::store::sqlite
