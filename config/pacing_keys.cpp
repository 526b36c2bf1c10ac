#include "config/pacing_keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "alerts/pacing.hpp"

namespace vigil::config::detail {

void apply_digest(Reader& reader, const toml::node& value, alerts::ChannelSpec& out) {
  const auto period = reader.duration(value, /*zero_allowed=*/false);
  if (!period) return;
  if (*period < std::chrono::minutes(1)) {
    reader.value_error(value, "expected a period of at least 1m");
    return;
  }
  out.pacing.digest_every = *period;
}

void apply_digest_at(Reader& reader, const toml::node& value, alerts::ChannelSpec& out) {
  const auto* times = reader.non_empty_array(value, R"(an array of times of day such as ["08:00", "17:00"])");
  if (times == nullptr) return;
  for (const auto& element : *times) {
    const auto text = reader.string(element);
    if (!text) continue;
    const auto at = alerts::parse_time_of_day(*text);
    if (!at) {
      reader.value_error(element, fmt::format(R"(expected a time of day "HH:MM" (24-hour), got {})", quote_value(*text)));
      continue;
    }
    out.pacing.digest_at.push_back(*at);
  }
  std::sort(out.pacing.digest_at.begin(), out.pacing.digest_at.end());
  out.pacing.digest_at.erase(std::unique(out.pacing.digest_at.begin(), out.pacing.digest_at.end()),
                             out.pacing.digest_at.end());
}

void apply_timezone(Reader& reader, const toml::node& value, alerts::ChannelSpec& out) {
  const auto name = reader.string(value);
  if (!name) return;
  if (!alerts::known_time_zone(*name)) {
    reader.value_error(value, fmt::format(R"(expected an IANA time zone such as "Europe/London" or "UTC", got {})",
                                          quote_value(*name)));
    return;
  }
  out.pacing.timezone = *name;
}

void apply_rate_limit(Reader& reader, const toml::node& value, alerts::ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  const auto limit = alerts::parse_rate_limit(*text);
  if (!limit) {
    reader.value_error(value, fmt::format(R"(expected messages per period such as "10/min", "100/hour" or "5/30s", got {})",
                                          quote_value(*text)));
    return;
  }
  out.pacing.rate_limit = *limit;
}

void apply_quiet_hours(Reader& reader, const toml::node& value, alerts::ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  const auto quiet = alerts::parse_quiet_hours(*text);
  if (!quiet) {
    reader.value_error(value, fmt::format(R"(expected "HH:MM-HH:MM" such as "22:00-07:00" (two different times), got {})",
                                          quote_value(*text)));
    return;
  }
  out.pacing.quiet_hours = *quiet;
}

}  // namespace vigil::config::detail
