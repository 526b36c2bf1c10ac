// ntfy: a JSON publish to the server's root URL (https://docs.ntfy.sh/publish/#publish-as-json)
// with the topic in the body. ntfy shows title and message as plain text (no "markdown"
// flag), so they need no escaping beyond JSON.
#include <algorithm>

#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts::presets {

namespace {

// Larger messages become attachments on servers that allow them and fail on the others.
constexpr std::size_t kMessageBytes = 3800;

// Health notices: priority 4 ("high") with the "warning" tag (shown as ⚠️) for a source that
// fails or fell silent, 3 (the default) with "white_check_mark" for a recovery, whatever the
// channel's priority for stories; the channel's tags follow.
constexpr int kProblemPriority = 4;
constexpr int kRecoveredPriority = 3;

Json health_tags(HealthKind kind, const std::vector<std::string>& configured) {
  Json tags = Json::array({kind == HealthKind::recovered ? "white_check_mark" : "warning"});
  for (const auto& tag : configured) tags.push_back(tag);
  return tags;
}

// A digest entry: its title, then source and date, the link (ntfy makes it clickable) and, for
// a health notice, the detail.
std::string entry_text(const DigestEntry& e) {
  const AlertText& t = e.text;
  std::string text = "\xE2\x80\xA2 " + fit(heading(t), 300, plain) + "\n  " + entry_meta(e) + "\n";
  if (!t.link.empty() && t.link.size() <= 500) text += "  " + t.link + "\n";
  if (e.alert->health && !t.summary.empty()) text += "  " + fit(text::single_line(t.summary), 200, plain) + "\n";
  return text;
}

}  // namespace

WebhookRequest render_ntfy(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  std::string message = meta_line(t) + "\n";
  if (!t.also.empty()) message += "Also reported by: " + t.also + "\n";
  for (std::size_t i = 0; i < t.matches.size(); ++i) {
    const auto& m = t.matches[i];
    message += "Why " + m.topic + ": " + m.terms + "\n";
    if (!m.marked.empty()) message += "  " + m.marked + "\n";
  }
  if (!t.summary.empty()) message += "\n" + t.summary;
  while (!message.empty() && message.back() == '\n') message.pop_back();

  Json doc = {
      {"topic", options.ntfy.topic},
      // A health notice's tag already shows its sign before the title.
      {"title", fit(t.health == HealthKind::none ? heading(t) : t.title, 250, plain)},
      {"message", fit_bytes(message, kMessageBytes)},
      {"priority", options.ntfy.priority},
  };
  if (!options.ntfy.tags.empty()) doc["tags"] = options.ntfy.tags;
  if (t.health != HealthKind::none) {
    doc["priority"] = t.health == HealthKind::problem ? kProblemPriority : kRecoveredPriority;
    doc["tags"] = health_tags(t.health, options.ntfy.tags);
  }
  if (!t.link.empty()) doc["click"] = t.link;
  return json_post(options.url, dump(doc));
}

// No "click": one link cannot stand for a digest's alerts, and a tap on the notification
// opens the whole message in the ntfy app, where each entry's link is clickable.
WebhookRequest render_ntfy_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  std::vector<std::string> pieces;
  std::vector<std::size_t> costs;
  for (const auto& group : d.groups) {
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      std::string piece = i == 0 ? (pieces.empty() ? "" : "\n") + group_heading(d, group) + "\n" : "";
      piece += entry_text(group.entries[i]);
      costs.push_back(piece.size());
      pieces.push_back(std::move(piece));
    }
  }
  const std::size_t shown = entries_that_fit(0, costs, kMessageBytes, more_line(d.count).size() + 1);
  std::string message;
  for (std::size_t i = 0; i < shown; ++i) message += pieces[i];
  if (shown < d.count) message += more_line(d.count - shown);
  while (!message.empty() && message.back() == '\n') message.pop_back();

  Json doc = {
      {"topic", options.ntfy.topic},
      {"title", fit(digest_heading(d), 250, plain)},
      {"message", std::move(message)},
      {"priority", d.health_problem ? std::max(options.ntfy.priority, kProblemPriority) : options.ntfy.priority},
  };
  if (d.health_problem) doc["tags"] = health_tags(HealthKind::problem, options.ntfy.tags);
  else if (!options.ntfy.tags.empty()) doc["tags"] = options.ntfy.tags;
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
