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

}  // namespace vigil::alerts::presets
