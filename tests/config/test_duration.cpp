#include <catch2/catch.hpp>

#include "config/config.hpp"

using vigil::config::format_duration;
using vigil::config::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("durations combine the units s, m, h and d", "[config][duration]") {
  const std::pair<const char*, std::chrono::seconds> valid[] = {
      {"45s", 45s},   {"10m", 10min},          {"1h30m", 90min},      {"30d", 30 * 24h},
      {"90s", 90s},   {"1d2h3m4s", 93784s},    {"2h5s", 2h + 5s},     {"0", 0s},
      {"0s", 0s},     {"1h0m", 1h},            {"05m", 5min},         {"100d", 100 * 24h},
  };
  for (const auto& [text, expected] : valid) {
    INFO(text);
    REQUIRE(parse_duration(text) == expected);
  }
}

TEST_CASE("malformed durations are rejected", "[config][duration]") {
  const char* invalid[] = {
      "",       "10",     "10 m",  " 10m",  "10m ",  "10M",   "1.5h",  "-5m",
      "+5m",    "m",      "30m1h", "1h1h",  "0m",    "0h0s",  "00",    "10mins",
      "1w",     "1y",     "h1",    "1h 30m", "12345678901s", "36501d", "0x10s",
  };
  for (const char* text : invalid) {
    INFO('"' << text << '"');
    REQUIRE_FALSE(parse_duration(text).has_value());
  }
}

TEST_CASE("format_duration writes what parse_duration reads back", "[config][duration]") {
  REQUIRE(format_duration(0s) == "0");
  REQUIRE(format_duration(5s) == "5s");
  REQUIRE(format_duration(90s) == "1m30s");
  REQUIRE(format_duration(600s) == "10m");
  REQUIRE(format_duration(7 * 24h) == "7d");
  for (const auto d : {1s, 59s, 61s, 3600s, 3661s, 86399s, 86400s, 93784s}) {
    INFO(d.count());
    REQUIRE(parse_duration(format_duration(d)) == d);
  }
}
