// Source health in the SQLite store: what each source was last notified about, and the notices
// queued as alerts (kind 'health', no item: their text is in `notice`).
#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

Result<std::unordered_map<std::string, SourceHealth>> SqliteStore::source_health() {
  return guarded("source_health", [&] {
    std::unordered_map<std::string, SourceHealth> records;
    auto query = db_.prepare("SELECT source, watched_since, failing_since, notified, notified_at FROM source_health");
    while (query.step()) {
      records[query.text(0)] = SourceHealth{.watched_since = query.time(1),
                                            .failing_since = query.optional_time(2),
                                            .notified = query.text(3),
                                            .notified_at = query.optional_time(4)};
    }
    return records;
  });
}

Result<void> SqliteStore::save_source_health(std::string_view source, const SourceHealth& health,
                                             const std::optional<HealthNotice>& notice) {
  return guarded("save_source_health", [&] {
    Transaction transaction(db_);
    db_.prepare("INSERT INTO source_health (source, watched_since, failing_since, notified, notified_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET watched_since = excluded.watched_since,"
                " failing_since = excluded.failing_since, notified = excluded.notified,"
                " notified_at = excluded.notified_at")
        .bind_text(1, source)
        .bind_time(2, health.watched_since)
        .bind_time(3, health.failing_since)
        .bind_text(4, health.notified)
        .bind_time(5, health.notified_at)
        .run();
    if (notice) {
      const auto text = encode_notice(*notice);
      for (const auto& recipient : notice->recipients) {
        db_.prepare("INSERT INTO alerts (id, channel, item_source, item_key, kind, notice, state, attempts,"
                    " next_attempt, created) VALUES (?, ?, ?, NULL, 'health', ?, 'pending', 0, ?, ?)")
            .bind_text(1, recipient.alert_id)
            .bind_text(2, recipient.channel)
            .bind_text(3, notice->source)
            .bind_text(4, text)
            .bind_time(5, notice->at)
            .bind_time(6, notice->at)
            .run();
      }
    }
    transaction.commit();
  });
}

}  // namespace vigil::store::sqlite
