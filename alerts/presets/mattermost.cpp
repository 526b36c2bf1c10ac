// Mattermost incoming webhooks: one post whose "text" is Markdown
// (https://developers.mattermost.com/integrate/webhooks/incoming/). Feed text is escaped with
// backslashes and "@" is followed by a word joiner, so no title can format, link or notify
// @channel or @all.
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kMaxMatches = 20;
constexpr std::size_t kSummaryLimit = 4000;  // posts take 16383 characters; alerts stay short
constexpr std::size_t kMaxLink = 2000;

}  // namespace

WebhookRequest render_mattermost(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  const std::string title = fit(heading(t), 500, escape_markdown);
  std::string text;
  // "[title](link)": the link may not hold what ends it (")", a space) or opens an autolink.
  if (!t.link.empty() && t.link.size() <= kMaxLink)
    text = "#### [" + title + "](" + encode_link(t.link, "()<>\\\"'") + ")\n";
  else
    text = "#### " + title + "\n";
  if (const std::string meta = meta_line(t); !meta.empty()) text += fit(meta, 1000, escape_markdown) + "\n";
  if (!t.also.empty()) text += "Also reported by: " + fit(t.also, 1000, escape_markdown) + "\n";
  for (std::size_t i = 0; i < t.matches.size() && i < kMaxMatches; ++i) {
    const auto& m = t.matches[i];
    text += "\n**Why " + fit(m.topic, 200, escape_markdown) + ":** " + fit(m.terms, 500, escape_markdown) + "\n";
    if (!m.snippet.empty()) text += "> " + marked_snippet(alert, t, i, escape_markdown, "**", "**", 1000) + "\n";
  }
  if (!t.summary.empty()) text += "\n" + fit(t.summary, kSummaryLimit, escape_markdown) + "\n";
  return json_post(options.url, dump(Json{{"text", std::move(text)}}));
}

}  // namespace vigil::alerts::presets
