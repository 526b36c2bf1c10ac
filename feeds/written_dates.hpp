#pragma once
// Dates as web pages write them for people, to UTC. Public: HTML list pages use it.
#include <optional>
#include <string_view>

#include "model/time.hpp"

namespace vigil::feeds {

// Parses, in this order:
//  1. with a non-empty `format` (a source's date_format): strptime-like, %d %e %m %y %Y %b %B
//     %h %H %I %M %S %p %z %Z %a %A (any word) %T %R %F %D %% and literal text (matched
//     case-insensitively; a space matches any run of spaces), month names in the languages
//     below, whatever the C library's locale; read from the start of the text or of a later
//     word, and what follows must not continue a word or number ("Published: 26/11/2026 |
//     Geneva" fits "%d/%m/%Y"). A format that does not fit (or has no %Y/%y) falls through
//     to the forms below;
//  2. every form parse_date (dates.hpp) knows (RFC 822, ISO 8601, ...);
//  3. written forms: "26 November 2026", "26 Nov 2026", "November 26, 2026", "Nov. 26, 2026",
//     "Thursday, 26 November 2026", with an optional time ("14:05", "2:05 pm"); month names in
//     English, French, German, Spanish, Italian, Portuguese, Dutch, Ukrainian and Russian
//     (with their genitive forms: "26 листопада 2026", "26 ноября 2026") and "26 de noviembre
//     de 2026", "26. November 2026"; numeric "26/11/2026", "26.11.2026", "26-11-2026" read
//     day first, unless only month first makes a date ("11/26/2026"); a source's `format`
//     ("%m/%d/%Y") settles the rest. Also "2026.11.26", two-digit years ("26.11.26"), times
//     as "14h05", "14.05 Uhr", "2 p.m.", a time before the date ("14:05, 26.11.2026"), and
//     a zone after the time ("CET", "MEZ", "+02:00", "GMT+2"). Words before the date
//     ("Published:", "Publié le", a weekday) and text after it ("| Press release") are
//     skipped; the first date found is the one read.
// No zone means UTC. nullopt for anything else, and for impossible dates (31 February) and
// times (25:00): no other reading of such a text is tried. No year, no date.
std::optional<Timestamp> parse_written_date(std::string_view text, std::string_view format = {});

}  // namespace vigil::feeds
