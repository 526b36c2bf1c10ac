// Discord webhooks: one embed (https://discord.com/developers/docs/resources/message#embed-object)
// within Discord's limits (title 256, description 4096, field names 256 and values 1024,
// 25 fields, 6000 characters in all), Markdown escaped with backslashes, and
// allowed_mentions {parse: []} so no text can ping @everyone, a role or a user.
#include <algorithm>

#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kTitleLimit = 256;
constexpr std::size_t kDescriptionLimit = 4096;
constexpr std::size_t kFieldNameLimit = 256;
constexpr std::size_t kFieldValueLimit = 1024;
constexpr std::size_t kMaxFields = 25;
constexpr std::size_t kEmbedLimit = 6000;
constexpr std::size_t kMaxLink = 2000;
constexpr int kColor = 0xB03A2E;  // a muted red: an alert, not an error

}  // namespace

WebhookRequest render_discord(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  constexpr std::size_t kFooter = 5;  // "vigil"
  Json embed = {{"title", fit(heading(t), kTitleLimit, escape_markdown)}};
  std::size_t used = kFooter + utf16_length(embed["title"].get_ref<const std::string&>());

  Json fields = Json::array();
  auto add_field = [&](const std::string& name, std::string value, bool inline_field) {
    const std::size_t size = utf16_length(name) + utf16_length(value);
    if (value.empty() || fields.size() >= kMaxFields || used + size > kEmbedLimit) return;
    used += size;
    fields.push_back({{"name", name}, {"value", std::move(value)}, {"inline", inline_field}});
  };
  add_field("Topics", fit(t.topics, kFieldValueLimit, escape_markdown), true);
  add_field("Source", fit(t.source, kFieldValueLimit, escape_markdown), true);
  add_field("Also reported by", fit(t.also, kFieldValueLimit, escape_markdown), false);
  for (std::size_t i = 0; i < t.matches.size(); ++i) {
    const auto& m = t.matches[i];
    std::string value = fit(m.terms, 300, escape_markdown);
    if (!m.snippet.empty())
      value += (value.empty() ? "" : "\n") + marked_snippet(alert, t, i, escape_markdown, "**", "**", 700);
    add_field(fit("Why " + m.topic, kFieldNameLimit, escape_markdown), std::move(value), false);
  }

  if (!t.link.empty() && t.link.size() <= kMaxLink) embed["url"] = t.link;
  // The summary takes what the fields left of the embed's 6000 characters.
  const std::size_t room = kEmbedLimit - std::min(kEmbedLimit, used);
  if (!t.summary.empty() && room > 1)
    embed["description"] = fit(t.summary, std::min(kDescriptionLimit, room), escape_markdown);
  embed["timestamp"] = format_rfc3339(alert.item.published.value_or(alert.created));
  embed["color"] = kColor;
  embed["fields"] = std::move(fields);
  embed["footer"] = {{"text", "vigil"}};

  const Json doc = {
      {"embeds", Json::array({std::move(embed)})},
      {"allowed_mentions", {{"parse", Json::array()}}},
  };
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
