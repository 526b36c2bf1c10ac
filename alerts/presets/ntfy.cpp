// ntfy: a JSON publish to the server's root URL (https://docs.ntfy.sh/publish/#publish-as-json)
// with the topic in the body. ntfy shows title and message as plain text (no "markdown"
// flag), so they need no escaping beyond JSON.
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

// Larger messages become attachments on servers that allow them and fail on the others.
constexpr std::size_t kMessageBytes = 3800;

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
      {"title", fit(heading(t), 250, plain)},
      {"message", fit_bytes(message, kMessageBytes)},
      {"priority", options.ntfy.priority},
  };
  if (!options.ntfy.tags.empty()) doc["tags"] = options.ntfy.tags;
  if (!t.link.empty()) doc["click"] = t.link;
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
