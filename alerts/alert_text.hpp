#pragma once
// The readable pieces of an alert, made safe once and shared by every renderer: one line
// each for topics, title and source, an http(s) link or nothing, the summary as plain text.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/alert.hpp"

namespace vigil::alerts {

// A source health notice (Alert::health) as readers see it: something to fix, or good news.
enum class HealthKind { none, problem, recovered };

// Why one topic matched: its name, the query terms that fired, and the snippet.
struct MatchText {
  std::string topic;    // one line
  std::string terms;    // `"anti-personnel mines", landmine*`
  std::string snippet;  // one line of plain text, hits as they are
  std::string marked;   // the snippet with each hit between `*` (plain-text email, console)
  std::string html;     // the snippet escaped for HTML, each hit in <mark>
};

struct AlertText {
  std::string topics;   // "landmines, ukraine"; a health notice reads "source health"
  std::string title;    // one line; "(no title)" when the item has none
  std::string source;   // one line
  std::string date;     // "2024-11-20 14:05 UTC": published, else when the alert was made
  std::string link;     // http(s) only, else empty; bytes outside ASCII percent-encoded
  std::string summary;  // plain text of the item's summary HTML (its content when there is no
                        // summary), line breaks kept, capped; a health notice's detail as it is
  std::vector<MatchText> matches;  // the alert's explanations, in topic order
  std::string also;                // "Reuters, AP": the story's other sources, one line; "" when none
  bool update = false;             // a later source of a story the channel had
  HealthKind health = HealthKind::none;
};

// Summaries longer than this many characters are cut (with "…") in email and webhooks.
inline constexpr std::size_t kSummaryLimit = 2000;

AlertText alert_text(const Alert& alert, std::size_t summary_limit = kSummaryLimit);

// The snippet of a match with every highlight wrapped in `open`/`close`; with `escape`, the
// text between is escaped for HTML. Highlights that do not fit the snippet are ignored.
std::string mark_snippet(const Match& match, std::string_view open, std::string_view close, bool escape);

// What kind of health notice an alert is: none for a story; recovered when vigil's title says
// the source "has recovered", else a problem (failing, or silent).
HealthKind health_kind(const Alert& alert);

// The topics line of a health notice, and the name of a digest's group of them.
inline constexpr std::string_view kHealthTopic = "source health";

// "[vigil] landmines, ukraine: Title"; an update "[vigil] also reported: landmines: Title"; a
// health notice "[vigil] source health: Source x has failed for 6h" (before any header encoding).
std::string alert_subject(const AlertText& text);

// "2024-11-20 14:05 UTC"
std::string readable_utc(Timestamp t);

}  // namespace vigil::alerts
