#include "alerts/digest_text.hpp"

#include <fmt/format.h>

#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

// The alert's topic names as shown: one line each, empty ones dropped.
std::vector<std::string> topic_names(const Alert& alert) {
  std::vector<std::string> names;
  for (const auto& topic : alert.topics)
    if (std::string name = text::single_line(topic); !name.empty()) names.push_back(std::move(name));
  return names;
}

DigestGroup& group_for(std::vector<DigestGroup>& groups, std::string_view topic, bool health) {
  for (auto& group : groups)
    if (group.health == health && group.topic == topic) return group;
  groups.push_back(DigestGroup{.topic = std::string(topic), .health = health, .entries = {}});
  return groups.back();
}

std::size_t match_for(const AlertText& text, std::string_view topic) {
  for (std::size_t i = 0; i < text.matches.size(); ++i)
    if (text.matches[i].topic == topic) return i;
  return text.matches.empty() ? DigestEntry::npos : 0;
}

}  // namespace

DigestText digest_text(const Digest& digest, std::size_t summary_limit) {
  DigestText out;
  out.channel = text::single_line(digest.channel);
  out.date = readable_utc(digest.created);
  out.count = digest.alerts.size();
  // Health notices come first whatever their age: their group is made before any topic's.
  for (const auto& alert : digest.alerts) {
    if (!alert.health) continue;
    DigestEntry entry{.alert = &alert, .text = alert_text(alert, summary_limit), .other_topics = {}};
    if (entry.text.health == HealthKind::problem) out.health_problem = true;
    group_for(out.groups, kHealthGroup, true).entries.push_back(std::move(entry));
  }
  for (const auto& alert : digest.alerts) {
    if (alert.health) continue;
    const std::vector<std::string> names = topic_names(alert);
    const std::string topic = names.empty() ? std::string(kNoTopic) : names.front();
    DigestEntry entry{.alert = &alert, .text = alert_text(alert, summary_limit), .other_topics = {}};
    for (std::size_t i = 1; i < names.size(); ++i) {
      if (names[i] == topic) continue;
      if (!entry.other_topics.empty()) entry.other_topics += ", ";
      entry.other_topics += names[i];
    }
    entry.match = match_for(entry.text, topic);
    group_for(out.groups, topic, false).entries.push_back(std::move(entry));
  }
  return out;
}

std::string count_alerts(std::size_t n) { return fmt::format("{} alert{}", n, n == 1 ? "" : "s"); }

std::string group_title(const DigestGroup& group) { return fmt::format("{} ({})", group.topic, group.entries.size()); }

std::string digest_heading(const DigestText& text) {
  std::string heading = count_alerts(text.count);
  for (std::size_t i = 0; i < text.groups.size() && i < kHeadingGroups; ++i) {
    const auto& group = text.groups[i];
    heading += i == 0 ? ": " : ", ";
    heading += fmt::format("{} ({})", group.health ? kHealthTopic : std::string_view(group.topic),
                           group.entries.size());
  }
  if (text.groups.size() > kHeadingGroups) {
    const std::size_t more = text.groups.size() - kHeadingGroups;
    heading += fmt::format(" and {} more topic{}", more, more == 1 ? "" : "s");
  }
  return heading;
}

std::string digest_subject(const DigestText& text) { return "[vigil] " + digest_heading(text); }

std::string more_line(std::size_t left_out) {
  return "\xE2\x80\xA6" "and " + fmt::format("{} more alert{}", left_out, left_out == 1 ? "" : "s");
}

}  // namespace vigil::alerts
