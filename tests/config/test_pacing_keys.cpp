// Pacing and health keys: [[channel]] digest, digest_at, timezone, rate_limit, quiet_hours;
// [daemon] health_notify and alert_after_failing; [[source]] silent_after.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using namespace std::chrono_literals;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

TEST_CASE("pacing keys load into the channel", "[config][channel][pacing]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("digest_at = [\"17:00\", \"08:00\", \"08:00\"]\n"
                                                   "timezone = \"Europe/London\"\n"
                                                   "rate_limit = \"10/min\"\n"
                                                   "quiet_hours = \"22:00-07:00\"\n"));
  REQUIRE(result.ok());
  const auto& pacing = result.config->channels[0].pacing;
  CHECK(pacing.digest_at == std::vector<std::chrono::minutes>{480min, 1020min});  // sorted, once each
  CHECK(pacing.timezone == "Europe/London");
  REQUIRE(pacing.rate_limit);
  CHECK(pacing.rate_limit->count == 10);
  CHECK(pacing.rate_limit->per == 60s);
  REQUIRE(pacing.quiet_hours);
  CHECK(pacing.quiet_hours->start == 1320min);
  CHECK(pacing.digests());

  const auto hourly = load_text(dir, email_channel("digest = \"1h\"\n"));
  REQUIRE(hourly.ok());
  CHECK(hourly.config->channels[0].pacing.digest_every == 3600s);
  CHECK(hourly.config->channels[0].pacing.timezone == "UTC");
  const auto plain = load_text(dir, email_channel(""));
  REQUIRE(plain.ok());
  CHECK_FALSE(plain.config->channels[0].pacing.digests());
  CHECK_FALSE(plain.config->channels[0].pacing.rate_limit);
}

TEST_CASE("bad pacing values are errors at the value, saying what was expected", "[config][channel][pacing]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("digest = \"30s\"\n"
                                                   "digest_at = [\"8:00\", \"17:00\"]\n"
                                                   "timezone = \"Europe/Atlantis\"\n"
                                                   "rate_limit = \"10 per minute\"\n"
                                                   "quiet_hours = \"22:00-22:00\"\n"));
  CHECK_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{R"(vigil.toml:7:10: error: key "digest" in [[channel]] "desk": expected a period of at least 1m)",
              R"(vigil.toml:8:13: error: keys "digest" and "digest_at" in [[channel]] "desk" exclude each other; keep one)",
              R"(vigil.toml:8:14: error: key "digest_at" in [[channel]] "desk": expected a time of day "HH:MM" (24-hour), got "8:00")",
              R"(vigil.toml:9:12: error: key "timezone" in [[channel]] "desk": expected an IANA time zone such as "Europe/London" or "UTC", got "Europe/Atlantis")",
              R"(vigil.toml:10:14: error: key "rate_limit" in [[channel]] "desk": expected messages per period such as "10/min", "100/hour" or "5/30s", got "10 per minute")",
              R"(vigil.toml:11:15: error: key "quiet_hours" in [[channel]] "desk": expected "HH:MM-HH:MM" such as "22:00-07:00" (two different times), got "22:00-22:00")"});

}

TEST_CASE("health keys load, and health_notify must name channels", "[config][daemon][health]") {
  TempDir dir;
  const std::string source = "[[source]]\nname = \"ministry\"\nurl = \"https://ministry.example.org/feed\"\nsilent_after = \"3d\"\n";
  const auto ok = load_text(dir, "[daemon]\nhealth_notify = [\"desk\"]\nalert_after_failing = \"2h\"\n" + source +
                                     email_channel(""));
  REQUIRE(ok.ok());
  CHECK(ok.config->daemon.health_notify == std::vector<std::string>{"desk"});
  CHECK(ok.config->daemon.alert_after_failing == 2h);
  CHECK(ok.config->sources[0].silent_after == 72h);

  const auto defaults = load_text(dir, source + email_channel(""));
  REQUIRE(defaults.ok());
  CHECK(defaults.config->daemon.health_notify.empty());
  CHECK(defaults.config->daemon.alert_after_failing == 6h);

  const auto unknown = load_text(dir, "[daemon]\nhealth_notify = [\"dsk\"]\n" + email_channel(""));
  CHECK(printed(unknown, dir) ==
        Lines{R"(vigil.toml:2:18: error: [daemon]: health_notify names unknown channel "dsk"; did you mean "desk"?)"});
}
