// Telegram Bot API sendMessage (https://core.telegram.org/bots/api#sendmessage) in HTML parse
// mode: only tags Telegram allows (b, i, a href), & < > escaped in text and " in the href,
// which is all its parser needs. A message holds 4096 characters after entity parsing; the
// length here counts the escaped text, so it is always within.
#include <algorithm>
#include <cstdint>

#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::string_view kDefaultApi = "https://api.telegram.org";
constexpr std::size_t kMessageLimit = 4096;
constexpr std::size_t kMaxLink = 2000;

// A numeric chat id goes out as a JSON number, "@channel" as a string.
Json chat_id(const std::string& id) {
  const bool numeric = !id.empty() && id.size() < 19 &&
                       std::all_of(id.begin() + (id[0] == '-' ? 1 : 0), id.end(),
                                   [](char c) { return c >= '0' && c <= '9'; }) &&
                       id != "-";
  if (numeric) return std::stoll(id);
  return id;
}

}  // namespace

WebhookRequest render_telegram(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  std::string text;
  const std::string title = fit(heading(t), 500, escape_html);
  if (!t.link.empty() && t.link.size() <= kMaxLink)
    text = "<b><a href=\"" + escape_html(t.link) + "\">" + title + "</a></b>\n";
  else
    text = "<b>" + title + "</b>\n";
  if (const std::string meta = meta_line(t); !meta.empty()) text += fit(meta, 500, escape_html) + "\n";
  if (!t.also.empty()) text += "Also reported by: " + fit(t.also, 500, escape_html) + "\n";
  for (std::size_t i = 0; i < t.matches.size(); ++i) {
    const auto& m = t.matches[i];
    std::string why = "\n<i>Why " + fit(m.topic, 200, escape_html) + ":</i> " + fit(m.terms, 300, escape_html) + "\n";
    if (!m.snippet.empty()) why += marked_snippet(alert, t, i, escape_html, "<b>", "</b>", 600) + "\n";
    if (utf16_length(text) + utf16_length(why) > kMessageLimit - 100) break;
    text += why;
  }
  if (!t.summary.empty()) {
    const std::size_t used = utf16_length(text) + 1;
    if (used + 2 < kMessageLimit) text += "\n" + fit(t.summary, kMessageLimit - used, escape_html);
  }

  Json doc = {
      {"chat_id", chat_id(options.telegram.chat_id)},
      {"text", std::move(text)},
      {"parse_mode", "HTML"},
  };
  if (options.telegram.disable_preview) doc["disable_web_page_preview"] = true;
  const std::string_view api = options.url.empty() ? kDefaultApi : std::string_view(options.url);
  return json_post(std::string(without_trailing_slashes(api)) + "/bot" + options.telegram.token + "/sendMessage",
                   dump(doc));
}

}  // namespace vigil::alerts::presets
