#pragma once
// The readable pieces of an alert, made safe once and shared by every renderer: one line
// each for topics, title and source, an http(s) link or nothing, the summary as plain text.
#include <cstddef>
#include <string>

#include "model/alert.hpp"

namespace vigil::alerts {

struct AlertText {
  std::string topics;   // "landmines, ukraine"
  std::string title;    // one line; "(no title)" when the item has none
  std::string source;   // one line
  std::string date;     // "2024-11-20 14:05 UTC": published, else when the alert was made
  std::string link;     // http(s) only, else empty; bytes outside ASCII percent-encoded
  std::string summary;  // plain text of the item's summary HTML (its content when there is no
                        // summary), line breaks kept, capped
};

// Summaries longer than this many characters are cut (with "…") in email and webhooks.
inline constexpr std::size_t kSummaryLimit = 2000;

AlertText alert_text(const Alert& alert, std::size_t summary_limit = kSummaryLimit);

// "[vigil] landmines, ukraine: Title" (before any header encoding).
std::string alert_subject(const AlertText& text);

// "2024-11-20 14:05 UTC"
std::string readable_utc(Timestamp t);

}  // namespace vigil::alerts
