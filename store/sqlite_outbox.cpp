// The alert outbox of the SQLite store: what is due, and how attempts move an alert on.
//   pending ──► sending ──► delivered
//                │  ▲
//                ▼  │
//             retrying      sending ──► dead (refused, or given up)
// Delivered is final: nothing moves an alert out of it, so a delivered alert is never due
// again. Dead alerts move only when an operator re-queues them (`vigil alerts retry`).
#include <algorithm>
#include <cstdint>
#include <limits>

#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

namespace {

// Columns of alerts AS a, followed by the item_columns of the alert's item.
const std::string alert_columns =
    "a.id, a.channel, a.topics, a.created, a.attempts, a.state, a.next_attempt, a.delivered_at, a.last_reply, "
    "a.explain, a.also, a.kind, "
    // The story's other sources known now, not only when the alert was made ("known so far"
    // when it is sent): a story carried by three feeds lists the other two even if the alert
    // was queued after the first poll.
    "(SELECT json_group_array(source) FROM (SELECT o.source FROM items o"
    "  WHERE i.cluster <> '' AND o.cluster = i.cluster AND o.source <> i.source"
    "  GROUP BY o.source ORDER BY MIN(o.first_seen), MIN(o.rowid))), "
    "a.held, a.digest, a.notice, " +
    std::string(item_columns);
constexpr int first_item_column = 16;
// A health notice has no item (its text is in `notice`): hence the LEFT JOIN.
const std::string alerts_with_items =
    " FROM alerts a LEFT JOIN items i ON i.source = a.item_source AND i.key = a.item_key";

Alert read_alert(const Statement& row) {
  Alert alert;
  alert.id = row.text(0);
  alert.channel = row.text(1);
  alert.topics = decode_list(row.text(2));
  alert.created = row.time(3);
  alert.attempts = static_cast<int>(row.integer(4));
  alert.matches = decode_matches(row.text(9));
  alert.also = decode_list(row.text(10));
  for (auto& source : decode_list(row.text(12)))
    if (std::find(alert.also.begin(), alert.also.end(), source) == alert.also.end()) alert.also.push_back(std::move(source));
  alert.update = row.text(11) == "update";
  alert.health = row.text(11) == "health";
  alert.held = row.integer(13) != 0;
  alert.digest = row.text(14);
  if (alert.health) {
    auto notice = decode_notice(row.text(15));
    alert.item = std::move(notice.item);
    alert.health_event = notice.event;
  } else {
    alert.item = read_item(row, first_item_column);
  }
  return alert;
}

AlertRow read_alert_row(const Statement& row) {
  AlertRow result;
  result.alert = read_alert(row);
  result.state = parse_alert_state(row.text(5));
  result.next_attempt = row.optional_time(6);
  result.delivered_at = row.optional_time(7);
  result.last_reply = row.text(8);
  return result;
}

}  // namespace

Result<std::vector<Alert>> SqliteStore::due_alerts(Timestamp now, std::size_t limit) {
  return guarded("due_alerts", [&] {
    std::vector<Alert> due;
    // Oldest first; alerts created in the same second keep the order they were committed in.
    auto query = db_.prepare("SELECT " + alert_columns + alerts_with_items +
                             " WHERE a.state IN ('pending', 'retrying') AND a.next_attempt <= ?"
                             " ORDER BY a.created, a.rowid LIMIT ?");
    const auto capped = std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max());
    query.bind_time(1, now).bind_int(2, static_cast<std::int64_t>(capped));
    while (query.step()) due.push_back(read_alert(query));
    return due;
  });
}

std::vector<Alert> SqliteStore::claim(std::string_view where, Timestamp now, std::size_t limit,
                                      const std::vector<std::string>& channels) {
  std::vector<Alert> due;
  if (channels.empty() || limit == 0) return due;
  std::string placeholders;
  for (std::size_t i = 0; i < channels.size(); ++i) placeholders += i ? ", ?" : "?";
  Transaction transaction(db_);
  // The ids first, from the alerts table alone: the join with items and the "also" subquery
  // run only for the few claimed, so a claim costs little however long the backlog is.
  auto pick = db_.prepare("SELECT id FROM alerts WHERE " + std::string(where) +
                          " AND state IN ('pending', 'retrying') AND next_attempt <= ?"
                          " AND channel IN (" + placeholders + ") ORDER BY created, rowid LIMIT ?");
  int index = 1;
  pick.bind_time(index++, now);
  for (const auto& channel : channels) pick.bind_text(index++, channel);
  pick.bind_int(index, static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max())));
  std::vector<std::string> ids;
  while (pick.step()) ids.push_back(pick.text(0));
  for (const auto& id : ids) {
    auto read = db_.prepare("SELECT " + alert_columns + alerts_with_items + " WHERE a.id = ?");
    read.bind_text(1, id);
    if (read.step()) due.push_back(read_alert(read));
    db_.prepare("UPDATE alerts SET state = 'sending', sending_since = ? WHERE id = ?")
        .bind_time(1, now)
        .bind_text(2, id)
        .run();
  }
  transaction.commit();
  return due;
}

Result<std::vector<Alert>> SqliteStore::claim_due_alerts(Timestamp now, std::size_t limit,
                                                         const std::vector<std::string>& channels) {
  return guarded("claim_due_alerts", [&] { return claim("held = 0", now, limit, channels); });
}

Result<std::vector<Alert>> SqliteStore::claim_held_alerts(Timestamp now, std::size_t limit,
                                                          const std::vector<std::string>& channels) {
  return guarded("claim_held_alerts", [&] { return claim("held = 1", now, limit, channels); });
}

Result<std::vector<std::string>> SqliteStore::requeue_interrupted(Timestamp now) {
  return guarded("requeue_interrupted", [&] {
    std::vector<std::string> ids;
    Transaction transaction(db_);
    auto query = db_.prepare("SELECT id FROM alerts WHERE state = 'sending' ORDER BY created, rowid");
    while (query.step()) ids.push_back(query.text(0));
    auto update = db_.prepare("UPDATE alerts SET state = 'retrying', next_attempt = ?, sending_since = NULL"
                              " WHERE state = 'sending'");
    update.bind_time(1, now).run();
    transaction.commit();
    return ids;
  });
}

Result<std::size_t> SqliteStore::requeue(std::string_view id, Timestamp now) {
  return guarded("requeue", [&] {
    if (id.empty()) {
      // Re-queued alerts leave any digest they failed in: they go out afresh.
      auto update = db_.prepare("UPDATE alerts SET state = 'pending', attempts = 0, next_attempt = ?, digest = ''"
                                " WHERE state = 'dead'");
      update.bind_time(1, now).run();
      return static_cast<std::size_t>(db_.changes());
    }
    auto update = db_.prepare("UPDATE alerts SET state = 'pending', attempts = 0, next_attempt = ?, digest = ''"
                              " WHERE id = ? AND state IN ('dead', 'retrying', 'pending')");
    update.bind_time(1, now).bind_text(2, id).run();
    require_moved(id);
    return static_cast<std::size_t>(db_.changes());
  });
}

Result<std::optional<Timestamp>> SqliteStore::next_alert_due() {
  return guarded("next_alert_due", [&] {
    auto query = db_.prepare("SELECT MIN(next_attempt) FROM alerts WHERE state IN ('pending', 'retrying')");
    return query.step() ? query.optional_time(0) : std::nullopt;
  });
}

void SqliteStore::require_moved(std::string_view alert_id) {
  if (db_.changes() > 0) return;
  auto query = db_.prepare("SELECT state FROM alerts WHERE id = ?");
  query.bind_text(1, alert_id);
  if (!query.step()) throw Failure("no alert with id \"" + std::string(alert_id) + "\"");
  throw Failure("alert \"" + std::string(alert_id) + "\" is " + query.text(0) + " already");
}

Result<void> SqliteStore::mark_delivered(std::string_view alert_id, std::string_view reply, Timestamp at) {
  return guarded("mark_delivered", [&] {
    auto update = db_.prepare(
        "UPDATE alerts SET state = 'delivered', attempts = attempts + 1, next_attempt = NULL, sending_since = NULL,"
        " delivered_at = ?, last_reply = ? WHERE id = ? AND state IN ('pending', 'sending', 'retrying')");
    update.bind_time(1, at).bind_text(2, reply).bind_text(3, alert_id).run();
    require_moved(alert_id);
  });
}

Result<void> SqliteStore::mark_retry(std::string_view alert_id, std::string_view reply, Timestamp next_attempt) {
  return guarded("mark_retry", [&] {
    auto update = db_.prepare(
        "UPDATE alerts SET state = 'retrying', attempts = attempts + 1, next_attempt = ?, last_reply = ?,"
        " sending_since = NULL"
        " WHERE id = ? AND state IN ('pending', 'sending', 'retrying')");
    update.bind_time(1, next_attempt).bind_text(2, reply).bind_text(3, alert_id).run();
    require_moved(alert_id);
  });
}

Result<void> SqliteStore::mark_dead(std::string_view alert_id, std::string_view reply) {
  return guarded("mark_dead", [&] {
    // The refused (or last allowed) send was an attempt too.
    auto update = db_.prepare(
        "UPDATE alerts SET state = 'dead', attempts = attempts + 1, next_attempt = NULL, last_reply = ?,"
        " sending_since = NULL"
        " WHERE id = ? AND state IN ('pending', 'sending', 'retrying')");
    update.bind_text(1, reply).bind_text(2, alert_id).run();
    require_moved(alert_id);
  });
}

Result<std::vector<AlertRow>> SqliteStore::list_alerts(std::optional<AlertState> state) {
  return guarded("list_alerts", [&] {
    std::vector<AlertRow> rows;
    const std::string order = " ORDER BY a.created, a.rowid";
    if (state) {
      auto query = db_.prepare("SELECT " + alert_columns + alerts_with_items + " WHERE a.state = ?" + order);
      query.bind_text(1, to_string(*state));
      while (query.step()) rows.push_back(read_alert_row(query));
    } else {
      auto query = db_.prepare("SELECT " + alert_columns + alerts_with_items + order);
      while (query.step()) rows.push_back(read_alert_row(query));
    }
    return rows;
  });
}

}  // namespace vigil::store::sqlite
