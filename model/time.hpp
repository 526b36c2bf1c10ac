#pragma once
// Points in time as they flow between stages: UTC, whole seconds.
#include <chrono>
#include <optional>
#include <string>

namespace vigil {

using Clock = std::chrono::system_clock;
using Timestamp = std::chrono::sys_seconds;

inline Timestamp now_utc() { return std::chrono::time_point_cast<std::chrono::seconds>(Clock::now()); }

// "2024-11-20T14:05:00Z"
std::string format_rfc3339(Timestamp t);
// Accepts exactly the shape format_rfc3339 writes (and a fractional part / numeric offset).
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace vigil
