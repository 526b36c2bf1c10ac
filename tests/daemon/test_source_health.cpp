// Source health verdicts: failing for too long, recovered, silent; each told once.
#include <catch2/catch.hpp>

#include "daemon/source_health.hpp"

using namespace vigil;
using namespace vigil::daemon;
using namespace std::chrono_literals;

namespace {

Timestamp t(std::int64_t hours) { return Timestamp(std::chrono::hours(hours)); }

SourceSpec source(std::optional<std::chrono::seconds> silent_after = std::nullopt) {
  SourceSpec spec;
  spec.name = "amnesty";
  spec.url = "https://ngo.example/feed";
  spec.silent_after = silent_after;
  return spec;
}

FetchState failing(int failures, Timestamp last_error, std::optional<Timestamp> last_success = std::nullopt) {
  FetchState state;
  state.consecutive_failures = failures;
  state.last_error = "HTTP 503 Service Unavailable";
  state.last_error_at = last_error;
  state.last_success = last_success;
  return state;
}

FetchState healthy(Timestamp last_success, std::optional<Timestamp> last_new_item = std::nullopt) {
  FetchState state;
  state.last_success = last_success;
  state.last_new_item = last_new_item;
  return state;
}

}  // namespace

TEST_CASE("a source failing longer than alert_after_failing is told once", "[daemon][health]") {
  auto first = judge_source_health(source(), failing(1, t(100)), std::nullopt, t(100), 6h);
  CHECK(first.changed);
  CHECK_FALSE(first.notice);
  CHECK(first.record.failing_since == t(100));

  auto early = judge_source_health(source(), failing(4, t(105)), first.record, t(105), 6h);
  CHECK_FALSE(early.notice);
  CHECK_FALSE(early.changed);

  auto told = judge_source_health(source(), failing(5, t(106)), first.record, t(106), 6h);
  REQUIRE(told.notice);
  CHECK(told.notice->title == "Source amnesty has failed for 6h");
  CHECK(told.notice->event == HealthEvent::failing);
  CHECK(told.notice->summary.find("HTTP 503 Service Unavailable") != std::string::npos);
  CHECK(told.notice->link == "https://ngo.example/feed");
  CHECK(told.record.notified == "failing");

  auto again = judge_source_health(source(), failing(9, t(110)), told.record, t(110), 6h);
  CHECK_FALSE(again.notice);
}

TEST_CASE("a recovery is told only after a failing notice", "[daemon][health]") {
  const store::SourceHealth notified{.watched_since = t(0), .failing_since = t(100), .notified = "failing", .notified_at = t(106)};
  auto recovered = judge_source_health(source(), healthy(t(107)), notified, t(107), 6h);
  REQUIRE(recovered.notice);
  CHECK(recovered.notice->title == "Source amnesty has recovered");
  CHECK(recovered.notice->event == HealthEvent::recovered);
  CHECK(recovered.notice->summary.find("failing for 7h") != std::string::npos);
  CHECK(recovered.record.notified.empty());
  CHECK_FALSE(recovered.record.failing_since);

  // A short failure that was never told ends quietly.
  const store::SourceHealth brief{.watched_since = t(0), .failing_since = t(100)};
  auto quiet = judge_source_health(source(), healthy(t(101)), brief, t(101), 6h);
  CHECK_FALSE(quiet.notice);
  CHECK(quiet.changed);
  CHECK_FALSE(quiet.record.failing_since);
}

TEST_CASE("a streak seen late counts from the last success", "[daemon][health]") {
  auto verdict = judge_source_health(source(), failing(8, t(120), t(110)), store::SourceHealth{.watched_since = t(0)},
                                     t(120), 6h);
  CHECK(verdict.record.failing_since == t(110));
  REQUIRE(verdict.notice);
  CHECK(verdict.notice->title == "Source amnesty has failed for 10h");
}

TEST_CASE("a source silent for its silent_after is told once, until it publishes again", "[daemon][health]") {
  const store::SourceHealth watched{.watched_since = t(0)};
  CHECK_FALSE(judge_source_health(source(), healthy(t(200), t(10)), watched, t(200), 6h).notice);  // no silent_after

  auto before = judge_source_health(source(72h), healthy(t(81), t(10)), watched, t(81), 6h);
  CHECK_FALSE(before.notice);
  auto silent = judge_source_health(source(72h), healthy(t(82), t(10)), watched, t(82), 6h);
  REQUIRE(silent.notice);
  CHECK(silent.notice->title == "Source amnesty has published nothing for 3d");
  CHECK(silent.notice->event == HealthEvent::silent);
  CHECK(silent.record.notified == "silent");
  CHECK_FALSE(judge_source_health(source(72h), healthy(t(90), t(10)), silent.record, t(90), 6h).notice);

  // New items end the silence without a notice; a later silence is told again.
  auto news = judge_source_health(source(72h), healthy(t(95), t(94)), silent.record, t(95), 6h);
  CHECK_FALSE(news.notice);
  CHECK(news.record.notified.empty());
  CHECK(judge_source_health(source(72h), healthy(t(170), t(94)), news.record, t(170), 6h).notice);
}

TEST_CASE("readable durations name the two largest units", "[daemon][health]") {
  CHECK(readable_duration(45s) == "45s");
  CHECK(readable_duration(600s) == "10m");
  CHECK(readable_duration(6h + 10min) == "6h 10m");
  CHECK(readable_duration(74h) == "3d 2h");
}
