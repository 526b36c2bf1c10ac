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

std::string api_url(const WebhookOptions& options) {
  const std::string_view api = options.url.empty() ? kDefaultApi : std::string_view(options.url);
  return std::string(without_trailing_slashes(api)) + "/bot" + options.telegram.token + "/sendMessage";
}

WebhookRequest send_message(const WebhookOptions& options, std::string text) {
  Json doc = {
      {"chat_id", chat_id(options.telegram.chat_id)},
      {"text", std::move(text)},
      {"parse_mode", "HTML"},
  };
  if (options.telegram.disable_preview) doc["disable_web_page_preview"] = true;
  return json_post(api_url(options), dump(doc));
}

// Digests: a bold title per topic and a few lines per alert, each entry whole (its tags closed)
// so that a cut at 4096 characters falls between entries.
constexpr std::size_t kDigestMaxLink = 1000;

std::string entry_text(const DigestEntry& e) {
  const AlertText& t = e.text;
  const std::string title = fit(heading(t), 300, escape_html);
  std::string text = !t.link.empty() && t.link.size() <= kDigestMaxLink
                         ? "\xE2\x80\xA2 <a href=\"" + escape_html(t.link) + "\">" + title + "</a>\n"
                         : "\xE2\x80\xA2 " + title + "\n";
  text += "<i>" + fit(entry_meta(e), 300, escape_html) + "</i>\n";
  if (!t.also.empty()) text += "Also reported by: " + fit(t.also, 200, escape_html) + "\n";
  if (const std::string quote = entry_quote(e, escape_html, "<b>", "</b>", 200); !quote.empty()) text += quote + "\n";
  return text;
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

  return send_message(options, std::move(text));
}

WebhookRequest render_telegram_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  const std::string head = "<b>" + fit(digest_heading(d), 500, escape_html) + "</b>\n";
  std::vector<std::string> pieces;
  std::vector<std::size_t> costs;
  for (const auto& group : d.groups) {
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      std::string piece = i == 0 ? "\n<b>" + fit(group_heading(d, group), 300, escape_html) + "</b>\n" : "";
      piece += entry_text(group.entries[i]);
      costs.push_back(utf16_length(piece));
      pieces.push_back(std::move(piece));
    }
  }
  const std::string longest_more = "\n<i>" + more_line(d.count) + "</i>";
  const std::size_t shown = entries_that_fit(utf16_length(head), costs, kMessageLimit, utf16_length(longest_more));
  std::string text = head;
  for (std::size_t i = 0; i < shown; ++i) text += pieces[i];
  if (shown < d.count) text += "\n<i>" + more_line(d.count - shown) + "</i>";
  return send_message(options, std::move(text));
}

}  // namespace vigil::alerts::presets
