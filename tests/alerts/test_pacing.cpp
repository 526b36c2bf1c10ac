// A channel's pacing against the clock: digest slots, quiet hours, the pacing keys' text forms.
#include <catch2/catch.hpp>

#include "alerts/pacing.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace std::chrono_literals;

namespace {

Timestamp utc(const char* text) {
  auto parsed = parse_rfc3339(text);
  REQUIRE(parsed);
  return *parsed;
}

PacingOptions digest_at(std::vector<std::chrono::minutes> times, std::string zone) {
  PacingOptions options;
  options.digest_at = std::move(times);
  options.timezone = std::move(zone);
  return options;
}

}  // namespace

TEST_CASE("rate limits read as a count per unit or per duration", "[alerts][pacing]") {
  auto ten_a_minute = parse_rate_limit("10/min");
  REQUIRE(ten_a_minute);
  CHECK(ten_a_minute->count == 10);
  CHECK(ten_a_minute->per == 60s);
  CHECK(parse_rate_limit("100/hour")->per == 3600s);
  CHECK(parse_rate_limit("500/d")->per == 86400s);
  CHECK(parse_rate_limit("5/30s")->per == 30s);
  CHECK(parse_rate_limit("3/5m")->per == 300s);
  CHECK_FALSE(parse_rate_limit("0/min"));
  CHECK_FALSE(parse_rate_limit("10"));
  CHECK_FALSE(parse_rate_limit("10/fortnight"));
  CHECK_FALSE(parse_rate_limit("-1/min"));
  CHECK_FALSE(parse_rate_limit("ten/min"));
}

TEST_CASE("times of day and quiet hours are 24-hour HH:MM", "[alerts][pacing]") {
  CHECK(parse_time_of_day("08:00") == 480min);
  CHECK(parse_time_of_day("23:59") == 1439min);
  CHECK_FALSE(parse_time_of_day("8:00"));
  CHECK_FALSE(parse_time_of_day("24:00"));
  CHECK_FALSE(parse_time_of_day("12:60"));
  CHECK_FALSE(parse_time_of_day("12h00"));
  auto night = parse_quiet_hours("22:00-07:00");
  REQUIRE(night);
  CHECK(night->start == 1320min);
  CHECK(night->end == 420min);
  CHECK_FALSE(parse_quiet_hours("07:00-07:00"));
  CHECK_FALSE(parse_quiet_hours("22:00 07:00"));
}

TEST_CASE("time zones are the system's IANA names", "[alerts][pacing]") {
  CHECK(known_time_zone("Europe/London"));
  CHECK(known_time_zone("UTC"));
  CHECK(known_time_zone("Asia/Kolkata"));
  CHECK_FALSE(known_time_zone("Europe/Atlantis"));
  CHECK_FALSE(known_time_zone(""));
}

TEST_CASE("digest_at gives the next local time of day, in summer and winter", "[alerts][pacing]") {
  const auto london = digest_at({480min, 1020min}, "Europe/London");
  CHECK(next_digest_slot(london, utc("2026-01-15T09:00:00Z")) == utc("2026-01-15T17:00:00Z"));  // GMT
  CHECK(next_digest_slot(london, utc("2026-07-15T09:00:00Z")) == utc("2026-07-15T16:00:00Z"));  // BST
  // Strictly after: at 17:00 local the next one is tomorrow's 08:00.
  CHECK(next_digest_slot(london, utc("2026-07-15T16:00:00Z")) == utc("2026-07-16T07:00:00Z"));
  CHECK(next_digest_slot(london, utc("2026-01-15T06:59:59Z")) == utc("2026-01-15T08:00:00Z"));
}

TEST_CASE("a digest time inside the spring-forward gap goes out at the jump", "[alerts][pacing]") {
  // 2026-03-29 in London: 01:00 GMT becomes 02:00 BST; 01:30 does not exist that day.
  const auto london = digest_at({90min}, "Europe/London");
  CHECK(next_digest_slot(london, utc("2026-03-28T23:00:00Z")) == utc("2026-03-29T01:00:00Z"));
  CHECK(next_digest_slot(london, utc("2026-03-29T01:00:00Z")) == utc("2026-03-30T00:30:00Z"));
}

TEST_CASE("a digest period falls on whole periods of local time", "[alerts][pacing]") {
  PacingOptions hourly;
  hourly.digest_every = 1h;
  hourly.timezone = "Asia/Kolkata";  // UTC+5:30: local hours start at :30 UTC
  CHECK(next_digest_slot(hourly, utc("2026-01-15T10:10:00Z")) == utc("2026-01-15T10:30:00Z"));
  CHECK(next_digest_slot(hourly, utc("2026-01-15T10:30:00Z")) == utc("2026-01-15T11:30:00Z"));
  PacingOptions daily;
  daily.digest_every = 24h;
  daily.timezone = "America/New_York";
  CHECK(next_digest_slot(daily, utc("2026-01-15T12:00:00Z")) == utc("2026-01-16T05:00:00Z"));  // EST midnight
  CHECK(next_digest_slot(daily, utc("2026-07-15T12:00:00Z")) == utc("2026-07-16T04:00:00Z"));  // EDT midnight
}

TEST_CASE("quiet hours hold until they end, across midnight and daylight saving", "[alerts][pacing]") {
  PacingOptions night;
  night.quiet_hours = QuietHours{.start = 1320min, .end = 420min};
  night.timezone = "Europe/London";
  CHECK(quiet_until(night, utc("2026-01-15T23:00:00Z")) == utc("2026-01-16T07:00:00Z"));
  CHECK(quiet_until(night, utc("2026-01-16T03:00:00Z")) == utc("2026-01-16T07:00:00Z"));
  CHECK_FALSE(quiet_until(night, utc("2026-01-15T12:00:00Z")));
  CHECK_FALSE(quiet_until(night, utc("2026-01-16T07:00:00Z")));  // the end itself is not quiet
  CHECK(quiet_until(night, utc("2026-07-15T05:30:00Z")) == utc("2026-07-15T06:00:00Z"));  // 06:30 BST
  CHECK_FALSE(quiet_until(night, utc("2026-07-15T06:00:00Z")));  // 07:00 BST

  PacingOptions lunch;
  lunch.quiet_hours = QuietHours{.start = 720min, .end = 780min};
  CHECK(quiet_until(lunch, utc("2026-01-15T12:15:00Z")) == utc("2026-01-15T13:00:00Z"));
  CHECK_FALSE(quiet_until(lunch, utc("2026-01-15T13:15:00Z")));
  CHECK_FALSE(quiet_until(PacingOptions{}, utc("2026-01-15T12:15:00Z")));
}
