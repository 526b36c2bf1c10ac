#pragma once
// The SQLite Store. Private to store/: callers get it from open_sqlite_store().
//
// Thread-safety: one connection guarded by one mutex, so every method may be called from any
// thread and calls run one at a time. SQLite allows a single writer anyway; when reads become a
// bottleneck, readers can get their own connections (WAL lets them run beside the writer).
#include <exception>
#include <mutex>
#include <type_traits>
#include <utility>

#include "store/sqlite_handle.hpp"
#include "store/store.hpp"

namespace vigil::store::sqlite {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Connection connection) : db_(std::move(connection)) {}

  Result<FetchState> fetch_state(std::string_view source) override;
  Result<void> save_fetch_state(std::string_view source, const FetchState& state) override;
  Result<std::unordered_map<std::string, SeenItem>> seen_items(std::string_view source,
                                                               const std::vector<std::string>& keys) override;
  Result<std::unordered_set<std::string>> known_links(const std::vector<std::string>& links) override;
  Result<void> commit_poll(const PollCommit& poll) override;

  Result<std::vector<Alert>> due_alerts(Timestamp now, std::size_t limit) override;
  Result<std::vector<Alert>> claim_due_alerts(Timestamp now, std::size_t limit,
                                              const std::vector<std::string>& channels) override;
  Result<std::vector<Alert>> claim_held_alerts(Timestamp now, std::size_t limit,
                                               const std::vector<std::string>& channels) override;
  Result<void> hold_alerts(const std::vector<std::string>& ids, Timestamp until) override;
  Result<void> assign_digest(const std::vector<std::string>& ids, std::string_view digest_id) override;
  Result<void> record_digest(const std::vector<std::string>& ids, AlertState to, std::string_view reply,
                             Timestamp when) override;
  Result<SentMessages> messages_sent(std::string_view channel, Timestamp since) override;
  Result<std::unordered_map<std::string, SourceHealth>> source_health() override;
  Result<void> save_source_health(std::string_view source, const SourceHealth& health,
                                  const std::optional<HealthNotice>& notice) override;
  Result<std::vector<std::string>> requeue_interrupted(Timestamp now) override;
  Result<std::size_t> requeue(std::string_view id, Timestamp now) override;
  Result<std::optional<Timestamp>> next_alert_due() override;
  Result<void> mark_delivered(std::string_view alert_id, std::string_view reply, Timestamp at) override;
  Result<void> mark_retry(std::string_view alert_id, std::string_view reply, Timestamp next_attempt) override;
  Result<void> mark_dead(std::string_view alert_id, std::string_view reply) override;

  Result<std::vector<AlertRow>> list_alerts(std::optional<AlertState> state) override;
  Result<std::vector<SourceRow>> list_sources() override;
  Result<std::vector<AlertTally>> tally_alerts() override;

  Result<void> for_each_item_since(Timestamp since, const std::function<bool(const Item&)>& visit) override;
  Result<std::size_t> forget_text_before(Timestamp before) override;

  Result<std::unordered_map<std::string, StoryState>> stories(const std::vector<std::string>& clusters) override;
  Result<std::vector<StoredSignature>> signatures_since(Timestamp since) override;

  Result<PruneCounts> prune(const PruneRules& rules) override;
  Result<std::uintmax_t> compact(bool truncate_log) override;

 private:
  // Runs `body` under the connection's mutex and turns any exception into a StoreError
  // "store: <operation>: <detail>"; the transaction guards inside `body` roll back on the way.
  template <typename Body>
  auto guarded(const char* operation, Body&& body) -> Result<std::invoke_result_t<Body&>> {
    try {
      const std::lock_guard lock(mutex_);
      if constexpr (std::is_void_v<std::invoke_result_t<Body&>>) {
        body();
        return {};
      } else {
        return body();
      }
    } catch (const std::exception& failure) {
      return std::unexpected(StoreError{std::string("store: ") + operation + ": " + failure.what()});
    }
  }

  void upsert_source(std::string_view source, const FetchState& state);
  // After an UPDATE restricted to undelivered alerts: throws when it changed nothing, naming
  // why (no such alert, or it is delivered or dead already and never moves again).
  void require_moved(std::string_view alert_id);
  // Claims (marks sending) the alerts picked by `where` (after "WHERE "), oldest first.
  std::vector<Alert> claim(std::string_view where, Timestamp now, std::size_t limit,
                           const std::vector<std::string>& channels);

  std::mutex mutex_;
  Connection db_;
};

}  // namespace vigil::store::sqlite
