// What one outbox check sends on a paced channel: plan_pacing's rules, at chosen times.
#include <catch2/catch.hpp>

#include "daemon/pacing_plan.hpp"

using namespace vigil;
using namespace vigil::daemon;
using namespace std::chrono_literals;

namespace {

Timestamp utc(const char* text) {
  auto parsed = parse_rfc3339(text);
  REQUIRE(parsed);
  return *parsed;
}

std::vector<Alert> make_alerts(const std::string& prefix, int count, bool held = false) {
  std::vector<Alert> out;
  for (int i = 1; i <= count; ++i) {
    Alert alert;
    alert.id = prefix + std::to_string(i);
    alert.channel = "desk";
    alert.held = held;
    out.push_back(alert);
  }
  return out;
}

std::vector<std::string> ids(const std::vector<Alert>& list) {
  std::vector<std::string> out;
  for (const auto& alert : list) out.push_back(alert.id);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("without pacing every alert goes out on its own at once", "[daemon][pacing]") {
  auto plan = plan_pacing({}, {.now = utc("2026-01-15T12:00:00Z"), .fresh = make_alerts("a", 3), .held = {}, .sent = {}});
  CHECK(ids(plan.send) == Ids{"a1", "a2", "a3"});
  CHECK(plan.digests.empty());
  CHECK(plan.hold.empty());
}

TEST_CASE("a digest channel holds new alerts until its next slot, then sends them as one", "[daemon][pacing]") {
  alerts::PacingOptions hourly;
  hourly.digest_every = 1h;
  auto plan = plan_pacing(hourly, {.now = utc("2026-01-15T12:20:00Z"), .fresh = make_alerts("a", 3), .held = {}, .sent = {}});
  CHECK(plan.send.empty());
  CHECK(plan.hold == Ids{"a1", "a2", "a3"});
  CHECK(plan.hold_until == utc("2026-01-15T13:00:00Z"));

  // At 13:00 they come back held: one digest, still unnamed (the dispatcher names it).
  auto due = plan_pacing(hourly, {.now = utc("2026-01-15T13:00:00Z"), .fresh = {}, .held = make_alerts("a", 3, true), .sent = {}});
  REQUIRE(due.digests.size() == 1);
  CHECK(due.digests[0].id.empty());
  CHECK(ids(due.digests[0].alerts) == Ids{"a1", "a2", "a3"});
  CHECK(due.send.empty());
  CHECK(due.hold.empty());
}

TEST_CASE("a lone held alert goes out on its own, not as a digest of one", "[daemon][pacing]") {
  alerts::PacingOptions hourly;
  hourly.digest_every = 1h;
  auto plan = plan_pacing(hourly, {.now = utc("2026-01-15T13:00:00Z"), .fresh = {}, .held = make_alerts("a", 1, true), .sent = {}});
  CHECK(ids(plan.send) == Ids{"a1"});
  CHECK(plan.digests.empty());
}

TEST_CASE("a digest sent before is sent again with the same id and alerts", "[daemon][pacing]") {
  auto held = make_alerts("a", 4, true);
  held[0].digest = held[2].digest = "d-old";
  auto plan = plan_pacing({}, {.now = utc("2026-01-15T13:00:00Z"), .fresh = {}, .held = held, .sent = {}});
  REQUIRE(plan.digests.size() == 2);
  CHECK(plan.digests[0].id == "d-old");
  CHECK(ids(plan.digests[0].alerts) == Ids{"a1", "a3"});
  CHECK(plan.digests[1].id.empty());
  CHECK(ids(plan.digests[1].alerts) == Ids{"a2", "a4"});
}

TEST_CASE("a big batch is split into digests of at most kMaxDigestAlerts", "[daemon][pacing]") {
  auto plan = plan_pacing({}, {.now = utc("2026-01-15T13:00:00Z"), .fresh = {},
                               .held = make_alerts("a", static_cast<int>(kMaxDigestAlerts) + 2, true), .sent = {}});
  REQUIRE(plan.digests.size() == 2);
  CHECK(plan.digests[0].alerts.size() == kMaxDigestAlerts);
  CHECK(plan.digests[1].alerts.size() == 2);
}

TEST_CASE("quiet hours hold everything, held alerts included, until they end", "[daemon][pacing]") {
  alerts::PacingOptions night;
  night.quiet_hours = alerts::QuietHours{.start = 22h, .end = 7h};
  night.timezone = "Europe/Paris";
  auto plan = plan_pacing(night, {.now = utc("2026-01-15T23:30:00Z"), .fresh = make_alerts("a", 2),
                                  .held = make_alerts("h", 2, true), .sent = {}});
  CHECK(plan.send.empty());
  CHECK(plan.digests.empty());
  CHECK(plan.hold == Ids{"h1", "h2", "a1", "a2"});
  CHECK(plan.hold_until == utc("2026-01-16T06:00:00Z"));  // 07:00 in Paris (UTC+1)

  // After them: what was held goes out as one digest; new alerts go on their own.
  auto after = plan_pacing(night, {.now = utc("2026-01-16T06:00:00Z"), .fresh = make_alerts("b", 1),
                                   .held = make_alerts("a", 4, true), .sent = {}});
  REQUIRE(after.digests.size() == 1);
  CHECK(after.digests[0].alerts.size() == 4);
  CHECK(ids(after.send) == Ids{"b1"});
}

TEST_CASE("a rate limit sends while the window has room and holds the excess for one digest", "[daemon][pacing]") {
  alerts::PacingOptions limited;
  limited.rate_limit = alerts::RateLimit{.count = 10, .per = 60s};
  const auto now = utc("2026-01-15T12:00:30Z");

  // 7 messages in the last minute, the oldest at 12:00:05: room for 3.
  auto plan = plan_pacing(limited, {.now = now, .fresh = make_alerts("a", 5), .held = {},
                                    .sent = {.count = 7, .oldest = utc("2026-01-15T12:00:05Z")}});
  CHECK(ids(plan.send) == Ids{"a1", "a2", "a3"});
  CHECK(plan.hold == Ids{"a4", "a5"});
  CHECK(plan.hold_until == utc("2026-01-15T12:01:05Z"));

  // A full window sends nothing new; an empty record holds for a whole period.
  auto full = plan_pacing(limited, {.now = now, .fresh = make_alerts("a", 2), .held = {},
                                    .sent = {.count = 10, .oldest = utc("2026-01-15T12:00:01Z")}});
  CHECK(full.send.empty());
  CHECK(full.hold_until == utc("2026-01-15T12:01:01Z"));
  auto burst = plan_pacing(limited, {.now = now, .fresh = make_alerts("a", 12), .held = {}, .sent = {}});
  CHECK(burst.send.size() == 10);
  CHECK(burst.hold.size() == 2);
  CHECK(burst.hold_until == now + 60s);

  // When the window frees, the held excess is one digest and counts as one message.
  auto released = plan_pacing(limited, {.now = utc("2026-01-15T12:01:05Z"), .fresh = make_alerts("b", 3),
                                        .held = make_alerts("a", 2, true),
                                        .sent = {.count = 8, .oldest = utc("2026-01-15T12:00:10Z")}});
  REQUIRE(released.digests.size() == 1);
  CHECK(ids(released.send) == Ids{"b1"});  // 8 + the digest + b1 = 10
  CHECK(released.hold == Ids{"b2", "b3"});
}
