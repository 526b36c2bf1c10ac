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

// Digests: a heading per topic, a short paragraph per alert, within a post's 16383 characters.
constexpr std::size_t kPostLimit = 16383;
constexpr std::size_t kDigestMaxLink = 1000;

// "[title](link)": the link may not hold what ends it (")", a space) or opens an autolink.
std::string linked(const std::string& title, const std::string& link, std::size_t max_link) {
  if (link.empty() || link.size() > max_link) return title;
  return "[" + title + "](" + encode_link(link, "()<>\\\"'") + ")";
}

std::string entry_text(const DigestEntry& e) {
  const AlertText& t = e.text;
  std::string text = "\n**" + linked(fit(heading(t), 500, escape_markdown), t.link, kDigestMaxLink) + "**\n";
  text += fit(entry_meta(e), 400, escape_markdown) + "\n";
  if (!t.also.empty()) text += "Also reported by: " + fit(t.also, 300, escape_markdown) + "\n";
  if (const std::string quote = entry_quote(e, escape_markdown, "**", "**", 500); !quote.empty())
    text += "> " + quote + "\n";
  return text;
}

}  // namespace

WebhookRequest render_mattermost(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  const std::string title = fit(heading(t), 500, escape_markdown);
  std::string text;
  // "[title](link)": the link may not hold what ends it (")", a space) or opens an autolink.
  text = "#### " + linked(title, t.link, kMaxLink) + "\n";
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

WebhookRequest render_mattermost_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  std::string text = "#### " + fit(digest_heading(d), 500, escape_markdown) + "\n";
  std::vector<std::string> pieces;
  std::vector<std::size_t> costs;
  for (const auto& group : d.groups) {
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      std::string piece = i == 0 ? "\n##### " + fit(group_heading(d, group), 500, escape_markdown) + "\n" : "";
      piece += entry_text(group.entries[i]);
      costs.push_back(utf16_length(piece));
      pieces.push_back(std::move(piece));
    }
  }
  const std::string longest_more = "\n_" + escape_markdown(more_line(d.count)) + "_\n";
  const std::size_t shown = entries_that_fit(utf16_length(text), costs, kPostLimit, utf16_length(longest_more));
  for (std::size_t i = 0; i < shown; ++i) text += pieces[i];
  if (shown < d.count) text += "\n_" + escape_markdown(more_line(d.count - shown)) + "_\n";
  return json_post(options.url, dump(Json{{"text", std::move(text)}}));
}

}  // namespace vigil::alerts::presets
