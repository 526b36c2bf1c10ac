#pragma once
// Points in time as they flow between stages: UTC, whole seconds.
#include <chrono>
#include <optional>
#include <string>

namespace vigil {

using Clock = std::chrono::system_clock;
using Timestamp = std::chrono::sys_seconds;

// The time now. Tests of time-of-day behaviour (digests, quiet hours) start a process with
// VIGIL_TEST_NOW="2026-03-29T00:30:00Z": its clock then starts there and runs on (test-only;
// nothing else reads it).
Timestamp now_utc();

// "2024-11-20T14:05:00Z"
std::string format_rfc3339(Timestamp t);
// Accepts exactly the shape format_rfc3339 writes (and a fractional part / numeric offset).
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace vigil
