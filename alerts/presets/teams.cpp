// Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
// received"): a message whose attachment is an Adaptive Card 1.4. Feed text goes only into
// RichTextBlock TextRuns, which Teams shows as they are (no Markdown, no HTML), so nothing in
// a title can format, link or mention; hits are TextRuns with "highlight".
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kMaxMatches = 20;  // the card must stay under Teams' 28 KB

Json run(std::string text) { return Json{{"type", "TextRun"}, {"text", std::move(text)}}; }

Json rich(Json runs, bool subtle_spacing = false) {
  Json block = {{"type", "RichTextBlock"}, {"inlines", std::move(runs)}};
  if (subtle_spacing) block["spacing"] = "None";
  return block;
}

// The snippet as runs: the text between hits plain, each hit highlighted and bold.
Json snippet_runs(const Alert& alert, const AlertText& t, std::size_t index, std::size_t limit = 2000) {
  static constexpr std::string_view kOpen = "\x01", kClose = "\x02";  // never in alert_text output
  const std::string marked = marked_snippet(alert, t, index, plain, kOpen, kClose, limit);
  Json runs = Json::array();
  bool hit = false;
  std::string piece;
  auto flush = [&] {
    if (piece.empty()) return;
    Json r = run(std::move(piece));
    if (hit) {
      r["highlight"] = true;
      r["weight"] = "Bolder";
    }
    runs.push_back(std::move(r));
    piece.clear();
  };
  for (const char c : marked) {
    if (c == kOpen[0] || c == kClose[0]) {
      flush();
      hit = c == kOpen[0];
    } else {
      piece += c;
    }
  }
  flush();
  return runs;
}

// A health notice's title in the card's colours: "Warning" for a problem, "Good" for a recovery.
void colour_title(Json& title, HealthKind kind) {
  if (kind == HealthKind::problem) title["color"] = "Warning";
  if (kind == HealthKind::recovered) title["color"] = "Good";
}

// The message around a card: an Adaptive Card 1.4 attachment, its "Open" action the link.
Json card_message(Json body, const std::string& link) {
  Json card = {
      {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
      {"type", "AdaptiveCard"},
      {"version", "1.4"},
      {"body", std::move(body)},
  };
  if (!link.empty())
    card["actions"] = Json::array({{{"type", "Action.OpenUrl"}, {"title", "Open"}, {"url", link}}});
  card["msteams"] = {{"width", "Full"}};
  return {
      {"type", "message"},
      {"attachments", Json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                    {"contentUrl", nullptr},
                                    {"content", std::move(card)}}})},
  };
}

// Digests: a Container per topic (its style "warning" or "good" for the health notices), an
// entry per alert; the card stays within kDigestBytes, far enough below Teams' 28 KB for the
// message around it.
constexpr std::size_t kDigestBytes = 24000;

// An entry's blocks: the title (a link when there is one), the meta line, the quote.
Json entry_blocks(const DigestEntry& e) {
  const AlertText& t = e.text;
  Json blocks = Json::array();
  Json title = run(fit(heading(t), 300, plain));
  title["weight"] = "Bolder";
  colour_title(title, t.health);
  if (!t.link.empty()) title["selectAction"] = {{"type", "Action.OpenUrl"}, {"url", t.link}};
  Json title_block = rich(Json::array({std::move(title)}));
  title_block["separator"] = true;
  blocks.push_back(std::move(title_block));
  std::string meta = entry_meta(e);
  if (!t.also.empty()) meta += " \xC2\xB7 also reported by: " + t.also;
  Json meta_run = run(fit(meta, 500, plain));
  meta_run["isSubtle"] = true;
  meta_run["size"] = "Small";
  blocks.push_back(rich(Json::array({std::move(meta_run)}), true));
  if (e.match != DigestEntry::npos && !t.matches[e.match].snippet.empty())
    blocks.push_back(rich(snippet_runs(*e.alert, t, e.match, 300), true));
  else if (!t.summary.empty())
    blocks.push_back(rich(Json::array({run(fit(text::single_line(t.summary), 300, plain))}), true));
  return blocks;
}

Json container(const DigestText& d, const DigestGroup& group) {
  Json title = run(fit(group_title(group), 300, plain));
  title["weight"] = "Bolder";
  title["size"] = "Medium";
  if (group.health) colour_title(title, d.health_problem ? HealthKind::problem : HealthKind::recovered);
  Json box = {{"type", "Container"}, {"items", Json::array({rich(Json::array({std::move(title)}))})}};
  box["style"] = !group.health ? "emphasis" : d.health_problem ? "warning" : "good";
  box["spacing"] = "Medium";
  return box;
}

}  // namespace

WebhookRequest render_teams(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  Json body = Json::array();
  if (!t.topics.empty()) {
    Json topics = run(fit(t.topics, 500, plain));
    topics["isSubtle"] = true;
    topics["size"] = "Small";
    body.push_back(rich(Json::array({std::move(topics)})));
  }
  Json title = run(fit(heading(t), 500, plain));
  title["weight"] = "Bolder";
  title["size"] = "Medium";
  colour_title(title, t.health);
  if (!t.link.empty()) title["selectAction"] = {{"type", "Action.OpenUrl"}, {"url", t.link}};
  body.push_back(rich(Json::array({std::move(title)})));
  std::string meta = t.source.empty() ? t.date : t.source + " \xC2\xB7 " + t.date;
  Json meta_run = run(fit(meta, 500, plain));
  meta_run["isSubtle"] = true;
  body.push_back(rich(Json::array({std::move(meta_run)}), true));
  if (!t.also.empty()) {
    Json label = run("Also reported by: ");
    label["weight"] = "Bolder";
    body.push_back(rich(Json::array({std::move(label), run(fit(t.also, 1000, plain))})));
  }
  for (std::size_t i = 0; i < t.matches.size() && i < kMaxMatches; ++i) {
    const auto& m = t.matches[i];
    Json label = run("Why " + fit(m.topic, 200, plain) + ": ");
    label["weight"] = "Bolder";
    body.push_back(rich(Json::array({std::move(label), run(fit(m.terms, 500, plain))})));
    if (!m.snippet.empty()) body.push_back(rich(snippet_runs(alert, t, i), true));
  }
  if (!t.summary.empty()) body.push_back(rich(Json::array({run(t.summary)})));

  return json_post(options.url, dump(card_message(std::move(body), t.link)));
}

WebhookRequest render_teams_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  Json heading_run = run(fit(digest_heading(d), 500, plain));
  heading_run["weight"] = "Bolder";
  heading_run["size"] = "Large";
  Json body = Json::array({rich(Json::array({std::move(heading_run)}))});

  // Each entry's blocks and their size in the card (a comma each); a group's first entry also
  // pays for its container.
  std::vector<Json> blocks;
  std::vector<std::size_t> costs;
  for (const auto& group : d.groups) {
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      blocks.push_back(entry_blocks(group.entries[i]));
      std::size_t cost = dump(blocks.back()).size() + 1;
      if (i == 0) cost += dump(container(d, group)).size() + 1;
      costs.push_back(cost);
    }
  }
  const std::size_t fixed = dump(card_message(body, "")).size();
  const std::size_t more_cost = dump(rich(Json::array({run(more_line(d.count))}))).size() + 32;
  const std::size_t shown = entries_that_fit(fixed, costs, kDigestBytes, more_cost);

  std::size_t n = 0;
  for (const auto& group : d.groups) {
    if (n >= shown) break;
    Json box = container(d, group);
    for (std::size_t i = 0; i < group.entries.size() && n < shown; ++i, ++n)
      for (auto& block : blocks[n]) box["items"].push_back(std::move(block));
    body.push_back(std::move(box));
  }
  if (shown < d.count) {
    Json more = run(more_line(d.count - shown));
    more["isSubtle"] = true;
    body.push_back(rich(Json::array({std::move(more)})));
  }
  return json_post(options.url, dump(card_message(std::move(body), "")));
}

}  // namespace vigil::alerts::presets
