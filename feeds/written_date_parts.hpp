#pragma once
// Private to feeds/: what the readers of written dates share (written_dates.cpp reads dates
// among words, written_date_format.cpp reads them by a source's strptime-like format).
#include <optional>
#include <string_view>

#include "model/time.hpp"

namespace vigil::feeds::detail {

enum class Found { no, yes, invalid };

struct Civil {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // east of UTC
};

// Whether year, month and day name a real day (no 31 February), years 1-9999.
bool valid_date(const Civil& c);
// The UTC time of `c`, or nullopt when any field is out of range.
std::optional<Timestamp> to_timestamp(const Civil& c);
// `date` at the given time of day, in the given zone (nullopt: UTC).
std::optional<Timestamp> with_time(Civil date, int hour, int minute, int second, std::optional<int> offset_minutes);
// Two-digit years as parse_date reads them: 00-49 are 20xx, 50-99 19xx.
int two_digit_year(int yy);

// The month (1-12) a folded word (text::fold) names in English, French, German, Spanish,
// Italian, Portuguese, Dutch, Ukrainian or Russian: a full name (nominative or genitive), a
// usual abbreviation ("mrz", "mrt"), or a prefix of at least three letters that only one
// month's names start with ("sept", "févr" folded, "лист"; not "jui", juin or juillet).
std::optional<int> month_of(std::string_view folded);

// Minutes east of UTC for a zone abbreviation parse_date knows ("cet", "EST"; also German
// "mez"/"mesz"), case-insensitive; nullopt for other words.
std::optional<int> named_zone_offset(std::string_view name);

// The text read by a strptime-like format (see written_dates.hpp), found at the start of the
// text or of a later word; what follows the date must not continue a word or number.
std::optional<Timestamp> parse_with_format(std::string_view text, std::string_view format);

}  // namespace vigil::feeds::detail
