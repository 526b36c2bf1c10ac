#include "alerts/pacing.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>
#include <string>

#include <date/tz.h>

namespace vigil::alerts {

namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using LocalSeconds = date::local_time<seconds>;

std::optional<int> number(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 9) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<seconds> rate_unit(std::string_view unit) {
  struct Named {
    std::string_view name;
    long long seconds;
  };
  static constexpr std::array<Named, 12> kUnits{{{"s", 1}, {"sec", 1}, {"second", 1}, {"m", 60}, {"min", 60},
                                                 {"minute", 60}, {"h", 3600}, {"hour", 3600}, {"d", 86400},
                                                 {"day", 86400}, {"hr", 3600}, {"mn", 60}}};
  for (const auto& named : kUnits)
    if (named.name == unit) return seconds(named.seconds);
  // "30s", "5m", "2h": a count and a unit letter.
  if (unit.size() >= 2) {
    const auto count = number(unit.substr(0, unit.size() - 1));
    const auto per = rate_unit(unit.substr(unit.size() - 1));
    if (count && *count > 0 && per) return *per * *count;
  }
  return std::nullopt;
}

// The zone a channel names; UTC if the tz database no longer knows it (the config checked it).
const date::time_zone* zone_of(const PacingOptions& options) {
  try {
    return date::locate_zone(options.timezone);
  } catch (const std::runtime_error&) {
    return date::locate_zone("UTC");
  }
}

// A local time as UTC. In a gap (clocks go forward) both choices give the moment of the jump;
// in an overlap (clocks go back) the earlier instant is taken.
Timestamp to_utc(const date::time_zone* zone, LocalSeconds local) {
  return zone->to_sys(local, date::choose::earliest);
}

}  // namespace

std::optional<RateLimit> parse_rate_limit(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto count = number(text.substr(0, slash));
  const auto per = rate_unit(text.substr(slash + 1));
  if (!count || *count < 1 || !per) return std::nullopt;
  return RateLimit{.count = *count, .per = *per};
}

std::optional<minutes> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto hours = number(text.substr(0, 2));
  const auto mins = number(text.substr(3, 2));
  if (!hours || !mins || *hours > 23 || *mins > 59) return std::nullopt;
  return minutes(*hours * 60 + *mins);
}

std::optional<QuietHours> parse_quiet_hours(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto start = parse_time_of_day(text.substr(0, 5));
  const auto end = parse_time_of_day(text.substr(6));
  if (!start || !end || *start == *end) return std::nullopt;
  return QuietHours{.start = *start, .end = *end};
}

bool known_time_zone(std::string_view name) {
  try {
    date::locate_zone(std::string(name));
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

Timestamp next_digest_slot(const PacingOptions& options, Timestamp now) {
  const auto* zone = zone_of(options);
  const LocalSeconds local = zone->to_local(now);
  if (!options.digest_at.empty()) {
    const auto today = date::floor<date::days>(local);
    // Tomorrow's first time always qualifies; a day more covers a time skipped by a DST jump.
    for (int day = 0; day < 3; ++day) {
      for (const auto at : options.digest_at) {
        const auto slot = to_utc(zone, LocalSeconds(today + date::days(day)) + at);
        if (slot > now) return slot;
      }
    }
  }
  const auto period = std::max(options.digest_every, seconds(1));
  auto slot_local = LocalSeconds((local.time_since_epoch() / period + 1) * period);
  auto slot = to_utc(zone, slot_local);
  while (slot <= now) {  // an overlap can map the next local slot to an instant already past
    slot_local += period;
    slot = to_utc(zone, slot_local);
  }
  return slot;
}

std::optional<Timestamp> quiet_until(const PacingOptions& options, Timestamp now) {
  if (!options.quiet_hours) return std::nullopt;
  const auto& quiet = *options.quiet_hours;
  const auto* zone = zone_of(options);
  const LocalSeconds local = zone->to_local(now);
  const auto day = date::floor<date::days>(local);
  const auto time_of_day = local - LocalSeconds(day);
  const bool inside = quiet.start < quiet.end ? time_of_day >= quiet.start && time_of_day < quiet.end
                                              : time_of_day >= quiet.start || time_of_day < quiet.end;
  if (!inside) return std::nullopt;
  // The end ahead of now: today's, or tomorrow's when today's has passed.
  auto end = LocalSeconds(day) + quiet.end;
  if (end <= local) end += date::days(1);
  return std::max(to_utc(zone, end), now + seconds(1));
}

}  // namespace vigil::alerts
