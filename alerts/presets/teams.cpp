// Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
// received"): a message whose attachment is an Adaptive Card 1.4. Feed text goes only into
// RichTextBlock TextRuns, which Teams shows as they are (no Markdown, no HTML), so nothing in
// a title can format, link or mention; hits are TextRuns with "highlight".
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

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
Json snippet_runs(const Alert& alert, const AlertText& t, std::size_t index) {
  static constexpr std::string_view kOpen = "\x01", kClose = "\x02";  // never in alert_text output
  const std::string marked = marked_snippet(alert, t, index, plain, kOpen, kClose, 2000);
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

  Json card = {
      {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
      {"type", "AdaptiveCard"},
      {"version", "1.4"},
      {"body", std::move(body)},
  };
  if (!t.link.empty())
    card["actions"] = Json::array({{{"type", "Action.OpenUrl"}, {"title", "Open"}, {"url", t.link}}});
  card["msteams"] = {{"width", "Full"}};
  const Json doc = {
      {"type", "message"},
      {"attachments", Json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                    {"contentUrl", nullptr},
                                    {"content", std::move(card)}}})},
  };
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
