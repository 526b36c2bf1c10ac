#include <catch2/catch.hpp>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

// One source with items i1..iN and one alert per item, created at the given times.
std::unique_ptr<Store> store_with_alerts(const vigil::test::TempDir& dir, const std::vector<std::int64_t>& created) {
  auto store = open_store(dir.file("vigil.db"));
  PollCommit poll = make_poll("amnesty");
  for (std::size_t i = 0; i < created.size(); ++i) {
    const std::string key = "i" + std::to_string(i + 1);
    poll.items.push_back(make_record("amnesty", key));
    poll.alerts.push_back(make_alert("alert-" + key, key, at(created[i])));
  }
  commit(*store, poll);
  return store;
}

std::vector<std::string> due_ids(Store& store, std::int64_t now, std::size_t limit = 100) {
  auto due = store.due_alerts(at(now), limit);
  if (!due) FAIL(due.error().message);
  return ids_of(*due);
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("due_alerts returns the alerts whose time has come, oldest first", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {300, 100, 200, 100, 900});

  // Same second: the order of the commit decides.
  CHECK(due_ids(*store, 250) == Ids{"alert-i2", "alert-i4", "alert-i3"});
  CHECK(due_ids(*store, 300) == Ids{"alert-i2", "alert-i4", "alert-i3", "alert-i1"});
  CHECK(due_ids(*store, 99).empty());
}

TEST_CASE("due_alerts returns at most `limit` alerts", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200, 300, 400});

  CHECK(due_ids(*store, 1000, 2) == Ids{"alert-i1", "alert-i2"});
  CHECK(due_ids(*store, 1000, 0).empty());
}

TEST_CASE("a retried alert is due again at its next attempt, with the attempt counted", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200});

  REQUIRE(store->mark_retry("alert-i1", "HTTP 503 Service Unavailable", at(500)));

  CHECK(due_ids(*store, 400) == Ids{"alert-i2"});
  CHECK(due_ids(*store, 500) == Ids{"alert-i1", "alert-i2"});
  auto row = store->list_alerts(AlertState::retrying);
  REQUIRE(row);
  REQUIRE(row->size() == 1);
  CHECK(row->front().alert.attempts == 1);
  CHECK(row->front().last_reply == "HTTP 503 Service Unavailable");
  CHECK(row->front().next_attempt == at(500));

  REQUIRE(store->mark_retry("alert-i1", "timeout", at(800)));
  auto due = store->due_alerts(at(800), 1);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  CHECK(due->front().attempts == 2);
}

TEST_CASE("a delivered alert is never due again and records the reply", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100});

  REQUIRE(store->mark_delivered("alert-i1", "250 2.0.0 Ok: queued", at(150)));

  CHECK(due_ids(*store, 1'000'000).empty());
  auto delivered = store->list_alerts(AlertState::delivered);
  REQUIRE(delivered);
  REQUIRE(delivered->size() == 1);
  CHECK(delivered->front().delivered_at == at(150));
  CHECK(delivered->front().last_reply == "250 2.0.0 Ok: queued");
  CHECK(delivered->front().alert.attempts == 1);
  CHECK_FALSE(delivered->front().next_attempt);
}

TEST_CASE("a dead alert is never due again", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200});
  REQUIRE(store->mark_retry("alert-i1", "421 try later", at(300)));

  REQUIRE(store->mark_dead("alert-i1", "550 mailbox unavailable"));

  CHECK(due_ids(*store, 1'000'000) == Ids{"alert-i2"});
  auto dead = store->list_alerts(AlertState::dead);
  REQUIRE(dead);
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().alert.attempts == 2);
  CHECK(dead->front().last_reply == "550 mailbox unavailable");
}

TEST_CASE("a delivered or dead alert cannot be moved back into the queue", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200});
  REQUIRE(store->mark_delivered("alert-i1", "250 ok", at(150)));
  REQUIRE(store->mark_dead("alert-i2", "550 no"));

  auto retry = store->mark_retry("alert-i1", "late failure", at(500));
  auto dead = store->mark_dead("alert-i1", "late refusal");
  auto revived = store->mark_delivered("alert-i2", "250 ok", at(600));

  REQUIRE_FALSE(retry);
  CHECK(retry.error().message == "store: mark_retry: alert \"alert-i1\" is delivered already");
  REQUIRE_FALSE(dead);
  REQUIRE_FALSE(revived);
  CHECK(revived.error().message == "store: mark_delivered: alert \"alert-i2\" is dead already");
  CHECK(due_ids(*store, 1'000'000).empty());
  CHECK(store->list_alerts(AlertState::delivered).value().front().last_reply == "250 ok");
}

TEST_CASE("marking an unknown alert is an error naming it", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));

  auto delivered = store->mark_delivered("no-such-alert", "250 ok", at(1));
  auto retried = store->mark_retry("no-such-alert", "", at(1));
  auto dead = store->mark_dead("no-such-alert", "");

  REQUIRE_FALSE(delivered);
  CHECK(delivered.error().message == "store: mark_delivered: no alert with id \"no-such-alert\"");
  CHECK_FALSE(retried);
  CHECK_FALSE(dead);
}

TEST_CASE("next_alert_due is the earliest attempt of any undelivered alert", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {300, 100, 200});

  CHECK(store->next_alert_due().value() == at(100));
  REQUIRE(store->mark_delivered("alert-i2", "250 ok", at(100)));
  CHECK(store->next_alert_due().value() == at(200));
  REQUIRE(store->mark_retry("alert-i3", "503", at(1000)));
  CHECK(store->next_alert_due().value() == at(300));
  REQUIRE(store->mark_dead("alert-i1", "550"));
  CHECK(store->next_alert_due().value() == at(1000));
  REQUIRE(store->mark_delivered("alert-i3", "250 ok", at(1000)));
  CHECK_FALSE(store->next_alert_due().value());
}

TEST_CASE("next_alert_due is empty for an empty outbox", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));

  auto next = store->next_alert_due();

  REQUIRE(next);
  CHECK_FALSE(*next);
}

TEST_CASE("list_alerts filters by state, or lists every alert oldest first", "[store][outbox]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {400, 100, 300, 200});
  REQUIRE(store->mark_delivered("alert-i1", "250 ok", at(500)));
  REQUIRE(store->mark_retry("alert-i2", "503", at(600)));
  REQUIRE(store->mark_dead("alert-i3", "550"));

  auto all = store->list_alerts(std::nullopt);
  REQUIRE(all);
  std::vector<std::pair<std::string, AlertState>> listed;
  for (const AlertRow& row : *all) listed.emplace_back(row.alert.id, row.state);
  CHECK(listed == std::vector<std::pair<std::string, AlertState>>{{"alert-i2", AlertState::retrying},
                                                                  {"alert-i4", AlertState::pending},
                                                                  {"alert-i3", AlertState::dead},
                                                                  {"alert-i1", AlertState::delivered}});
  for (AlertState state : {AlertState::pending, AlertState::retrying, AlertState::delivered, AlertState::dead}) {
    auto only = store->list_alerts(state);
    REQUIRE(only);
    REQUIRE(only->size() == 1);
    CHECK(only->front().state == state);
  }
}

TEST_CASE("a retry scheduled before a restart is due after it", "[store][outbox]") {
  vigil::test::TempDir dir;
  {
    auto store = store_with_alerts(dir, {100});
    REQUIRE(store->mark_retry("alert-i1", "503", at(700)));
  }

  auto store = open_store(dir.file("vigil.db"));

  CHECK(due_ids(*store, 699).empty());
  CHECK(store->next_alert_due().value() == at(700));
  auto due = store->due_alerts(at(700), 10);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  CHECK(due->front().attempts == 1);
  CHECK(due->front().item.title == "Title of i1");
}

TEST_CASE("claiming due alerts marks them sending, for the given channels only", "[store][outbox][sending]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200, 300});
  const auto channel = store->list_alerts(std::nullopt).value().front().alert.channel;

  auto none = store->claim_due_alerts(at(1000), 10, {"another-channel"});
  REQUIRE(none);
  CHECK(none->empty());
  auto claimed = store->claim_due_alerts(at(250), 10, {channel});
  REQUIRE(claimed);
  CHECK(ids_of(*claimed) == Ids{"alert-i1", "alert-i2"});
  // Claimed alerts are in flight: not due again, not claimed twice.
  CHECK(due_ids(*store, 1000) == Ids{"alert-i3"});
  CHECK(ids_of(store->claim_due_alerts(at(1000), 10, {channel}).value()) == Ids{"alert-i3"});
  CHECK(store->list_alerts(AlertState::sending).value().size() == 3);

  // An outcome moves a sending alert on, as it does a pending one.
  REQUIRE(store->mark_delivered("alert-i1", "250 ok", at(260)));
  REQUIRE(store->mark_retry("alert-i2", "451 later", at(900)));
  CHECK(store->list_alerts(AlertState::sending).value().size() == 1);
  CHECK(due_ids(*store, 900) == Ids{"alert-i2"});
}

TEST_CASE("after a crash, alerts left sending are due again and named", "[store][outbox][sending]") {
  vigil::test::TempDir dir;
  {
    auto store = store_with_alerts(dir, {100, 200});
    const auto channel = store->list_alerts(std::nullopt).value().front().alert.channel;
    REQUIRE(store->claim_due_alerts(at(300), 10, {channel}).value().size() == 2);
    REQUIRE(store->mark_delivered("alert-i1", "250 ok", at(310)));
  }  // the process dies here with alert-i2 in flight
  auto store = open_store(dir.file("vigil.db"));
  auto interrupted = store->requeue_interrupted(at(400));
  REQUIRE(interrupted);
  CHECK(*interrupted == Ids{"alert-i2"});
  CHECK(due_ids(*store, 400) == Ids{"alert-i2"});
  CHECK(store->requeue_interrupted(at(500)).value().empty());
}

TEST_CASE("an operator re-queues one alert or every dead one; delivered alerts stay delivered",
          "[store][outbox][requeue]") {
  vigil::test::TempDir dir;
  auto store = store_with_alerts(dir, {100, 200, 300});
  REQUIRE(store->mark_dead("alert-i1", "550 no"));
  REQUIRE(store->mark_dead("alert-i2", "550 no"));
  REQUIRE(store->mark_delivered("alert-i3", "250 ok", at(310)));

  CHECK(store->requeue("alert-i1", at(1000)).value() == 1);
  auto row = store->list_alerts(AlertState::pending).value();
  REQUIRE(row.size() == 1);
  CHECK(row.front().alert.attempts == 0);
  CHECK(due_ids(*store, 1000) == Ids{"alert-i1"});

  CHECK(store->requeue("", at(1000)).value() == 1);  // every dead alert: alert-i2
  CHECK(due_ids(*store, 1000) == Ids{"alert-i1", "alert-i2"});

  auto delivered = store->requeue("alert-i3", at(1000));
  REQUIRE_FALSE(delivered);
  CHECK(delivered.error().message == "store: requeue: alert \"alert-i3\" is delivered already");
  auto unknown = store->requeue("alert-x", at(1000));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "store: requeue: no alert with id \"alert-x\"");
}
