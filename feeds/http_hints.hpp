#pragma once
// What a server's response headers say about when to come back: Retry-After (429/503) and
// Cache-Control max-age. Pure parsing, tolerant of what servers actually send.
#include <chrono>
#include <optional>
#include <string_view>

#include "model/time.hpp"

namespace vigil::feeds {

// An HTTP-date in any of the three forms RFC 9110 makes recipients accept: IMF-fixdate
// ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
// ("Sun Nov  6 08:49:37 1994"). nullopt for anything else.
std::optional<Timestamp> parse_http_date(std::string_view text);

// Retry-After as a wait from `now`: delta-seconds ("120") or an HTTP-date (a date in the past
// is a wait of 0). nullopt when absent or unreadable. Not capped here.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, Timestamp now);

// Cache-Control's max-age directive ("public, max-age=3600"); nullopt when absent, malformed
// or zero. s-maxage (for shared caches) is not ours and is ignored.
std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control);

}  // namespace vigil::feeds
