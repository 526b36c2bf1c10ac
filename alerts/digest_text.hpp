#pragma once
// The readable pieces of a digest, made once and shared by every renderer so that all group
// alike: alerts grouped by topic (an alert with several topics under its first, the others
// named), topics in the order they first appear, and source health notices in their own group,
// first, so that a cut for a service's size limit never hides a broken source.
#include <cstddef>
#include <string>
#include <vector>

#include "alerts/alert_text.hpp"
#include "model/alert.hpp"

namespace vigil::alerts {

struct DigestEntry {
  const Alert* alert = nullptr;  // in the Digest the text was made from (valid while it is)
  AlertText text;
  std::string other_topics;  // the alert's other topics, "ukraine, мины"; "" when none
  // The explanation of the group's topic in text.matches (the first one when no explanation
  // names it); npos when the alert has none.
  std::size_t match = npos;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

struct DigestGroup {
  std::string topic;  // one line; kHealthGroup for the health notices
  bool health = false;
  std::vector<DigestEntry> entries;
};

struct DigestText {
  std::string channel;  // one line
  std::string date;     // when the digest was formed, "2024-11-20 14:05 UTC"
  std::size_t count = 0;
  std::vector<DigestGroup> groups;
  bool health_problem = false;  // some notice says a source is failing or silent
};

inline constexpr std::string_view kHealthGroup = "Source health";
inline constexpr std::string_view kNoTopic = "(no topic)";

// A digest's entries quote the match's snippet; one without explanations (an old alert, a
// health notice) shows its summary instead, cut to this many characters.
inline constexpr std::size_t kDigestSummaryLimit = 300;

DigestText digest_text(const Digest& digest, std::size_t summary_limit = kDigestSummaryLimit);

// "12 alerts: landmines (8), ukraine (4)": at most kHeadingGroups groups named, then
// "and 3 more topics"; the health group reads "source health (1)".
std::string digest_heading(const DigestText& text);
inline constexpr std::size_t kHeadingGroups = 5;

// "[vigil] 12 alerts: landmines (8), ukraine (4)" (before any header encoding).
std::string digest_subject(const DigestText& text);

// "landmines (8)", "Source health (1)".
std::string group_title(const DigestGroup& group);

// "…and 3 more": what a renderer adds where a service's limit cut the digest.
std::string more_line(std::size_t left_out);

// "1 alert", "12 alerts".
std::string count_alerts(std::size_t n);

}  // namespace vigil::alerts
