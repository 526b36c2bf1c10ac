#pragma once
// Dates as feeds write them, to UTC. Public: HTML sources and other stages reuse it.
#include <optional>
#include <string_view>

#include "model/time.hpp"

namespace vigil::feeds {

// Parses the date forms found in feeds, to a UTC timestamp (whole seconds):
//  - RFC 822 / 1123 / 2822 ("Wed, 20 Nov 2024 14:05:00 GMT"), with or without day of week or
//    seconds, full or abbreviated names, 2-digit years (00-49 -> 20xx, 50-99 -> 19xx), extra
//    whitespace, named zones (GMT, UT, UTC, Z, US and common European/Asian abbreviations,
//    military letters: A-M east, N-Y west), numeric zones (+0200, +02:00, GMT+2), an optional
//    "(comment)"; also the ctime order "Wed Nov 20 14:05:00 UTC 2024". No time means midnight.
//  - RFC 3339 / ISO 8601 / W3CDTF ("2024-11-20T14:05:00.123+02:00", "2024-11-20T14:05Z",
//    "2024-11-20", "2024-11", "2024"; a space may replace the T; no zone means UTC), also in
//    the basic format ("20241120T140500Z", "20241120") and with slashes ("2024/11/20 14:05").
// An unknown zone abbreviation after the time counts as UTC. Returns nullopt for anything else.
std::optional<Timestamp> parse_date(std::string_view text);

}  // namespace vigil::feeds
