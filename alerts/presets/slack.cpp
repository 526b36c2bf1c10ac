// Slack incoming webhooks: Block Kit (https://api.slack.com/reference/block-kit/blocks).
// Feed text goes into mrkdwn text objects with & < > escaped (the only characters Slack
// reads as syntax it cannot show otherwise) and "verbatim": true, so Slack does not turn
// names into mentions or channel links. The top-level "text" is the notification fallback.
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kTextLimit = 3000;  // a section's or a context element's text
constexpr std::size_t kMaxMatches = 20;   // Slack takes 50 blocks at most
constexpr std::size_t kMaxLink = 1500;    // longer links are left out rather than break the title

Json mrkdwn(std::string text) {
  return Json{{"type", "mrkdwn"}, {"text", std::move(text)}, {"verbatim", true}};
}

Json section(std::string text) { return Json{{"type", "section"}, {"text", mrkdwn(std::move(text))}}; }

Json context(std::string text) {
  return Json{{"type", "context"}, {"elements", Json::array({mrkdwn(std::move(text))})}};
}

// Digests: a header block, then per topic a divider (but before the first), a title section and
// one section per alert; cut at 50 blocks with a last context block saying how many were left.
constexpr std::size_t kMaxBlocks = 50;
constexpr std::size_t kHeaderLimit = 150;     // a header block's plain_text
constexpr std::size_t kDigestMaxLink = 1000;  // an entry stays within a section's 3000 characters

// Title (linked), meta line, "also reported by" and the quote: at most about 2800 characters.
Json entry_section(const DigestEntry& e) {
  const AlertText& t = e.text;
  const std::string link = escape_mrkdwn(encode_link(t.link, "|<>"));
  const std::string title = fit(heading(t), 500, escape_mrkdwn);
  std::string text =
      !t.link.empty() && link.size() <= kDigestMaxLink ? "*<" + link + "|" + title + ">*" : "*" + title + "*";
  text += "\n" + fit(entry_meta(e), 400, escape_mrkdwn);
  if (!t.also.empty()) text += "\n" + fit("Also reported by: " + t.also, 300, escape_mrkdwn);
  if (const std::string quote = entry_quote(e, escape_mrkdwn, "*", "*", 600); !quote.empty()) text += "\n>" + quote;
  return section(std::move(text));
}

}  // namespace

WebhookRequest render_slack(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  Json blocks = Json::array();

  // <url|text>: the link may not hold "|" or ">" (they would end it), and entities are decoded
  // in it like in the text.
  const std::string link = escape_mrkdwn(encode_link(t.link, "|<>"));
  if (!t.link.empty() && link.size() <= kMaxLink)
    blocks.push_back(section("*<" + link + "|" + fit(heading(t), kTextLimit - link.size() - 8, escape_mrkdwn) + ">*"));
  else
    blocks.push_back(section("*" + fit(heading(t), kTextLimit - 2, escape_mrkdwn) + "*"));
  if (const std::string meta = meta_line(t); !meta.empty()) blocks.push_back(context(fit(meta, kTextLimit, escape_mrkdwn)));
  if (!t.also.empty()) blocks.push_back(context(fit("Also reported by: " + t.also, kTextLimit, escape_mrkdwn)));
  for (std::size_t i = 0; i < t.matches.size() && i < kMaxMatches; ++i) {
    const auto& m = t.matches[i];
    std::string why = "_Why " + fit(m.topic, 200, escape_mrkdwn) + ":_ " + fit(m.terms, 800, escape_mrkdwn);
    if (!m.snippet.empty()) why += "\n>" + marked_snippet(alert, t, i, escape_mrkdwn, "*", "*", 1900);
    blocks.push_back(section(std::move(why)));
  }
  if (!t.summary.empty()) blocks.push_back(section(fit(t.summary, kTextLimit, escape_mrkdwn)));

  const Json doc = {
      {"text", fit(alert_subject(t), kTextLimit, escape_mrkdwn)},
      {"blocks", std::move(blocks)},
  };
  return json_post(options.url, dump(doc));
}

WebhookRequest render_slack_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  // Blocks each entry costs: its section, with its group's title (and divider) for the first.
  std::vector<std::size_t> costs;
  for (std::size_t g = 0; g < d.groups.size(); ++g)
    for (std::size_t i = 0; i < d.groups[g].entries.size(); ++i) costs.push_back(i > 0 ? 1 : g > 0 ? 3 : 2);
  const std::size_t shown = entries_that_fit(1, costs, kMaxBlocks, 1);

  Json blocks = Json::array();
  const std::string header = fit(digest_heading(d), kHeaderLimit, plain);
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", header}, {"emoji", true}}}});
  std::size_t n = 0;
  for (std::size_t g = 0; g < d.groups.size() && n < shown; ++g) {
    if (g > 0) blocks.push_back({{"type", "divider"}});
    blocks.push_back(section("*" + fit(group_heading(d, d.groups[g]), 500, escape_mrkdwn) + "*"));
    for (std::size_t i = 0; i < d.groups[g].entries.size() && n < shown; ++i, ++n)
      blocks.push_back(entry_section(d.groups[g].entries[i]));
  }
  if (shown < d.count) blocks.push_back(context(escape_mrkdwn(more_line(d.count - shown))));

  const Json doc = {
      {"text", fit(digest_subject(d), kTextLimit, escape_mrkdwn)},
      {"blocks", std::move(blocks)},
  };
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
