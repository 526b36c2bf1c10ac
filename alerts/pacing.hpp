#pragma once
// A channel's pacing against the clock: when its next digest is due, whether quiet hours hold
// it now, and the text forms of the pacing keys. Local times use the channel's IANA time zone
// (Howard Hinnant's date library, reading the system's tz database).
#include <chrono>
#include <optional>
#include <string_view>

#include "alerts/channel_spec.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

// "10/min", "100/hour", "500/day", "3/30s": a count >= 1, then a unit (s, sec, second, m, min,
// minute, h, hour, d, day) or a duration ("30s", "5m"). nullopt when malformed.
std::optional<RateLimit> parse_rate_limit(std::string_view text);
// "08:00" (24-hour, minutes required) as minutes after midnight.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);
// "22:00-07:00"; start and end must differ.
std::optional<QuietHours> parse_quiet_hours(std::string_view text);
// Whether the system's tz database knows `name` ("Europe/London", "UTC").
bool known_time_zone(std::string_view name);

// The first digest time strictly after `now`: the next `digest_at` time of day, or the next
// multiple of `digest_every` counted from local midnight of 1970-01-01 (so "1h" is on the
// hour and "1d" at local midnight). Requires options.digests().
Timestamp next_digest_slot(const PacingOptions& options, Timestamp now);

// When quiet hours hold the channel at `now`: the time they end; nullopt otherwise.
std::optional<Timestamp> quiet_until(const PacingOptions& options, Timestamp now);

}  // namespace vigil::alerts
