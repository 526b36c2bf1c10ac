// The outbox's pacing and health parts: held alerts, digests, the rate window, health notices.
#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

using Ids = std::vector<std::string>;

std::unique_ptr<Store> store_with_alerts(const vigil::test::TempDir& dir, int count, const std::string& channel = "desk") {
  auto store = open_store(dir.file("vigil.db"));
  PollCommit poll = make_poll("amnesty");
  for (int i = 1; i <= count; ++i) {
    const std::string key = "i" + std::to_string(i);
    poll.items.push_back(make_record("amnesty", key));
    poll.alerts.push_back(make_alert("alert-" + key, key, at(100 * i), channel));
  }
  commit(*store, poll);
  return store;
}

Ids claim_fresh(Store& store, std::int64_t now) {
  auto claimed = store.claim_due_alerts(at(now), 100, {"desk"});
  if (!claimed) FAIL(claimed.error().message);
  return ids_of(*claimed);
}

std::vector<Alert> claim_held(Store& store, std::int64_t now) {
  auto claimed = store.claim_held_alerts(at(now), 100, {"desk"});
  if (!claimed) FAIL(claimed.error().message);
  return *claimed;
}

}  // namespace

TEST_CASE("held alerts wait until their time and are claimed only as held", "[store][pacing]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, 3);
  REQUIRE(claim_fresh(*store, 1000) == Ids{"alert-i1", "alert-i2", "alert-i3"});
  REQUIRE(store->hold_alerts({"alert-i1", "alert-i2"}, at(5000)));
  REQUIRE(store->mark_delivered("alert-i3", "250 ok", at(1001)));

  CHECK(sql_text(dir.file("vigil.db"), "SELECT state FROM alerts WHERE id = 'alert-i1'") == "pending");
  CHECK(claim_fresh(*store, 9000).empty());  // held: never claimed one by one
  CHECK(claim_held(*store, 4999).empty());
  const auto held = claim_held(*store, 5000);
  REQUIRE(ids_of(held) == Ids{"alert-i1", "alert-i2"});
  CHECK(held[0].held);
  CHECK(held[0].digest.empty());
  auto next = store->next_alert_due();
  REQUIRE(next);
  CHECK_FALSE(next->has_value());  // both are being sent now
}

TEST_CASE("a digest's alerts keep its id across a crash and move together", "[store][pacing]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, 2);
  claim_fresh(*store, 1000);
  REQUIRE(store->hold_alerts({"alert-i1", "alert-i2"}, at(2000)));
  claim_held(*store, 2000);
  REQUIRE(store->assign_digest({"alert-i1", "alert-i2"}, "digest-1"));

  // A crash while sending: both come back due, still named by the digest.
  auto requeued = store->requeue_interrupted(at(2100));
  REQUIRE(requeued);
  CHECK(requeued->size() == 2);
  auto again = claim_held(*store, 2100);
  REQUIRE(again.size() == 2);
  CHECK(again[0].digest == "digest-1");
  CHECK(again[1].digest == "digest-1");

  REQUIRE(store->record_digest({"alert-i1", "alert-i2"}, AlertState::retrying, "HTTP 503", at(3000)));
  CHECK(claim_held(*store, 2999).empty());
  auto retried = claim_held(*store, 3000);
  REQUIRE(retried.size() == 2);
  CHECK(retried[0].attempts == 1);
  CHECK(retried[0].digest == "digest-1");

  REQUIRE(store->record_digest({"alert-i1", "alert-i2"}, AlertState::delivered, "HTTP 200", at(3001)));
  auto delivered = store->list_alerts(AlertState::delivered);
  REQUIRE(delivered);
  CHECK(delivered->size() == 2);
  CHECK((*delivered)[0].delivered_at == at(3001));
  // Delivered is final for a digest too.
  REQUIRE(store->record_digest({"alert-i1"}, AlertState::retrying, "late", at(4000)));
  CHECK(sql_text(dir.file("vigil.db"), "SELECT state FROM alerts WHERE id = 'alert-i1'") == "delivered");
}

TEST_CASE("a re-queued dead alert leaves the digest it failed in", "[store][pacing]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, 2);
  claim_fresh(*store, 1000);
  REQUIRE(store->hold_alerts({"alert-i1", "alert-i2"}, at(1000)));
  claim_held(*store, 1000);
  REQUIRE(store->assign_digest({"alert-i1", "alert-i2"}, "digest-1"));
  REQUIRE(store->record_digest({"alert-i1", "alert-i2"}, AlertState::dead, "HTTP 400", at(1001)));
  auto moved = store->requeue("", at(1002));
  REQUIRE(moved);
  CHECK(*moved == 2);
  auto held = claim_held(*store, 1002);
  REQUIRE(held.size() == 2);
  CHECK(held[0].digest.empty());
  CHECK(held[0].attempts == 0);
}

TEST_CASE("messages_sent counts a digest once and includes sends in flight", "[store][pacing]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, 5);
  claim_fresh(*store, 1000);
  REQUIRE(store->mark_delivered("alert-i1", "ok", at(1000)));
  REQUIRE(store->hold_alerts({"alert-i2", "alert-i3"}, at(1000)));
  claim_held(*store, 1000);
  REQUIRE(store->assign_digest({"alert-i2", "alert-i3"}, "digest-1"));
  REQUIRE(store->record_digest({"alert-i2", "alert-i3"}, AlertState::delivered, "ok", at(1010)));
  // alert-i4 is still being sent; alert-i5 failed (a failed attempt is no message).
  REQUIRE(store->mark_retry("alert-i5", "503", at(5000)));

  auto window = store->messages_sent("desk", at(990));
  REQUIRE(window);
  CHECK(window->count == 3);  // i1, the digest, i4 in flight
  CHECK(window->oldest == at(1000));
  auto later = store->messages_sent("desk", at(1005));
  REQUIRE(later);
  CHECK(later->count == 2);  // the digest and i4
  auto other = store->messages_sent("ops", at(0));
  REQUIRE(other);
  CHECK(other->count == 0);
}

TEST_CASE("a health notice is queued as an alert per channel without an item", "[store][health]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  auto none = store->source_health();
  REQUIRE(none);
  CHECK(none->empty());

  const SourceHealth record{.watched_since = at(100), .failing_since = at(200), .notified = "failing", .notified_at = at(900)};
  HealthNotice notice{.recipients = {{"desk", "h-1"}, {"ops", "h-2"}},
                      .event = HealthEvent::recovered,
                      .source = "amnesty",
                      .title = "Source amnesty has failed for 6h",
                      .summary = "HTTP 503 <b>",
                      .link = "https://ngo.example/feed",
                      .at = at(900)};
  REQUIRE(store->save_source_health("amnesty", record, notice));

  auto records = store->source_health();
  REQUIRE(records);
  REQUIRE(records->contains("amnesty"));
  CHECK(records->at("amnesty").failing_since == at(200));
  CHECK(records->at("amnesty").notified == "failing");

  auto claimed = store->claim_due_alerts(at(900), 10, {"desk", "ops"});
  REQUIRE(claimed);
  REQUIRE(claimed->size() == 2);
  const Alert& alert = claimed->front();
  CHECK(alert.health);
  CHECK(alert.health_event == HealthEvent::recovered);
  CHECK(alert.topics.empty());
  CHECK(alert.item.source == "amnesty");
  CHECK(alert.item.title == "Source amnesty has failed for 6h");
  CHECK(alert.item.summary == "HTTP 503 <b>");
  CHECK(alert.item.link == "https://ngo.example/feed");
  CHECK(alert.item.published == at(900));
  auto listed = store->list_alerts(std::nullopt);
  REQUIRE(listed);
  CHECK(listed->size() == 2);

  // Saving the record again without a notice queues nothing more.
  REQUIRE(store->save_source_health("amnesty", SourceHealth{.watched_since = at(100)}, std::nullopt));
  CHECK(sql_integer(dir.file("vigil.db"), "SELECT COUNT(*) FROM alerts") == 2);
  CHECK(sql_integer(dir.file("vigil.db"), "SELECT failing_since IS NULL FROM source_health") == 1);
}
