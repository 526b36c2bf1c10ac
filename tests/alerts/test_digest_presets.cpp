// Digests on each service preset, as the real local receiver gets them: grouped by topic, the
// health notices first, hostile text escaped for the service's format.
#include <catch2/catch.hpp>

#include <vector>

#include <nlohmann/json.hpp>

#include "alerts/presets/preset.hpp"
#include "alerts/webhook_channel.hpp"
#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using nlohmann::json;

namespace {

const std::string kWarning = "\xE2\x9A\xA0\xEF\xB8\x8F ";

}  // namespace

TEST_CASE("slack digest: a header, a section per topic and per alert, dividers between topics",
          "[alerts][presets][slack][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::slack), sample_digest());
  const json& doc = post["json"];
  CHECK(doc["text"] == "[vigil] 4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  const json& blocks = doc["blocks"];
  std::vector<std::string> types;
  for (const auto& block : blocks) types.push_back(block["type"]);
  CHECK(types == std::vector<std::string>{"header", "section", "section", "divider", "section", "section", "section",
                                          "divider", "section", "section"});
  CHECK(blocks[0]["text"]["type"] == "plain_text");
  CHECK(blocks[0]["text"]["text"] == "4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  CHECK(blocks[1]["text"]["text"] == "*" + kWarning + "Source health (1)*");
  CHECK(blocks[2]["text"]["text"].get<std::string>().starts_with(
      "*<https://www.amnesty.org.uk/feed|" + kWarning + "Source amnesty-uk has failed for 6h>*\n"));
  CHECK(blocks[4]["text"]["text"] == "*landmines (2)*");
  CHECK(blocks[5]["text"]["text"] ==
        "*<https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en|Mine clearance resumes near Kharkiv>*\n"
        "wire-news \xC2\xB7 2024-11-20 14:05 UTC \xC2\xB7 also in: " + kUkraine + "\n"
        "Also reported by: Reuters\n"
        ">Teams cleared 120 *anti-personnel mines* near Kharkiv");
  // The hostile entry: its link with "|" and ">" encoded, its text escaped; no "<" of its own.
  const std::string hostile = blocks[6]["text"]["text"];
  CHECK(hostile.starts_with("*<https://news.example.org/a_(b)%7Cc%3Ed?x=1&amp;y=\"2\"|" +
                            slack_escaped(kHostileTitleLine) + ">*\n"));
  CHECK(hostile.substr(2).find('<') == std::string::npos);
  CHECK(blocks[8]["text"]["text"] == "*" + kUkraine + " (1)*");
  for (const auto& block : blocks)
    if (block["type"] == "section") CHECK(block["text"]["verbatim"] == true);
}

TEST_CASE("discord digest: one embed per topic, mentions off, Markdown escaped", "[alerts][presets][discord][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::discord), sample_digest());
  const json& doc = post["json"];
  CHECK(doc["allowed_mentions"] == json{{"parse", json::array()}});
  CHECK(markdown_unescaped(doc["content"].get<std::string>()) ==
        "4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  const json& embeds = doc["embeds"];
  REQUIRE(embeds.size() == 3);
  CHECK(markdown_unescaped(embeds[0]["title"].get<std::string>()) == kWarning + "Source health (1)");
  CHECK(embeds[0]["color"] == 0xE67E22);
  CHECK(markdown_unescaped(embeds[1]["title"].get<std::string>()) == "landmines (2)");
  CHECK(embeds[1]["color"] == 0xB03A2E);
  const std::string landmines = embeds[1]["description"];
  CHECK(landmines.starts_with("**[Mine clearance resumes near Kharkiv]"
                              "(https://news.example.org/2024/11/mine-clearance?id=7&lang=en)**\n"));
  CHECK(landmines.find("\n> Teams cleared 120 **anti\\-personnel mines** near Kharkiv") != std::string::npos);
  CHECK(landmines.find("\n\n**[") != std::string::npos);  // two entries
  // The hostile title: every Markdown character escaped, the mention broken, the link's ")" encoded.
  CHECK(markdown_unescaped(landmines).find(kHostileTitleLine) != std::string::npos);
  CHECK(landmines.find("@everyone") == std::string::npos);
  CHECK(landmines.find("](https://news.example.org/a_%28b%29|c%3Ed?x=1&y=\"2\")**") != std::string::npos);
  CHECK(markdown_unescaped(embeds[2]["description"].get<std::string>()).starts_with("**[Grain corridor reopens]"));
}

TEST_CASE("teams digest: an Adaptive Card with a container per topic", "[alerts][presets][teams][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::teams), sample_digest());
  const json& card = post["json"]["attachments"][0]["content"];
  CHECK(card["type"] == "AdaptiveCard");
  CHECK(card["version"] == "1.4");
  const json& body = card["body"];
  REQUIRE(body.size() == 4);
  CHECK(body[0]["inlines"][0]["text"] == "4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  std::vector<std::string> styles, titles;
  std::vector<std::string> runs;
  for (std::size_t i = 1; i < body.size(); ++i) {
    CHECK(body[i]["type"] == "Container");
    styles.push_back(body[i]["style"]);
    titles.push_back(body[i]["items"][0]["inlines"][0]["text"]);
    for (const auto& block : body[i]["items"]) {
      CHECK(block["type"] == "RichTextBlock");  // never TextBlock, which reads Markdown
      for (const auto& r : block["inlines"]) {
        CHECK(r["type"] == "TextRun");
        runs.push_back(r["text"]);
      }
    }
  }
  CHECK(styles == std::vector<std::string>{"warning", "emphasis", "emphasis"});
  CHECK(titles == std::vector<std::string>{"Source health (1)", "landmines (2)", kUkraine + " (1)"});
  CHECK(body[1]["items"][0]["inlines"][0]["color"] == "Warning");
  CHECK(std::find(runs.begin(), runs.end(), kHostileTitleLine) != runs.end());
  CHECK(std::find(runs.begin(), runs.end(), "anti-personnel mines") != runs.end());
  CHECK(body[2]["items"][1]["inlines"][0]["selectAction"]["url"] ==
        "https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
}

TEST_CASE("mattermost digest: a heading per topic, Markdown escaped, mentions broken",
          "[alerts][presets][mattermost][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::mattermost), sample_digest());
  const std::string text = post["json"]["text"];
  CHECK(markdown_unescaped(text).starts_with("#### 4 alerts: source health (1), landmines (2), " + kUkraine + " (1)\n"));
  const std::size_t health = text.find("\n##### " + kWarning + "Source health \\(1\\)\n");
  const std::size_t landmines = text.find("\n##### landmines \\(2\\)\n");
  const std::size_t ukraine = text.find("\n##### " + kUkraine + " \\(1\\)\n");
  CHECK(health < landmines);
  CHECK(landmines < ukraine);
  CHECK(ukraine != std::string::npos);
  CHECK(text.find("**[Mine clearance resumes near Kharkiv](https://news.example.org/2024/11/mine-clearance?id=7&lang=en)**\n") !=
        std::string::npos);
  CHECK(text.find("> Teams cleared 120 **anti\\-personnel mines** near Kharkiv\n") != std::string::npos);
  CHECK(text.find("@everyone") == std::string::npos);
  CHECK(markdown_unescaped(text).find(kHostileTitleLine) != std::string::npos);
}

TEST_CASE("ntfy digest: one message titled with the counts, no click URL, warning for a failing source",
          "[alerts][presets][ntfy][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::ntfy), sample_digest());
  const json& doc = post["json"];
  CHECK(doc["topic"] == "vigil");
  CHECK(doc["title"] == "4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  CHECK(doc["priority"] == 4);  // the failing source raises the channel's 3
  CHECK(doc["tags"] == json::array({"warning", "newspaper"}));
  CHECK_FALSE(doc.contains("click"));
  const std::string message = doc["message"];
  CHECK(message.starts_with(kWarning + "Source health (1)\n\xE2\x80\xA2 " + kWarning +
                            "Source amnesty-uk has failed for 6h\n  amnesty-uk \xC2\xB7 2024-11-20 14:06 UTC\n"
                            "  https://www.amnesty.org.uk/feed\n  4 failed poll(s)"));
  CHECK(message.find("\n\nlandmines (2)\n\xE2\x80\xA2 Mine clearance resumes near Kharkiv\n") != std::string::npos);
  CHECK(message.find("\xE2\x80\xA2 " + kHostileTitleLine + "\n") != std::string::npos);  // plain text: as it is
  CHECK(count_of(message, "\xE2\x80\xA2 ") == 4);

  Digest stories = sample_digest();
  stories.alerts.erase(stories.alerts.begin() + 1);
  const WebhookRequest quiet = render_webhook_digest_request(preset(WebhookPreset::ntfy), stories, now_utc());
  CHECK(json::parse(quiet.body)["priority"] == 3);
  CHECK(json::parse(quiet.body)["tags"] == json::array({"newspaper"}));
}

TEST_CASE("telegram digest: HTML with only Telegram's tags, each entry whole", "[alerts][presets][telegram][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::telegram), sample_digest());
  CHECK(post["path"] == "/hook/bot1:a/sendMessage");
  const json& doc = post["json"];
  CHECK(doc["parse_mode"] == "HTML");
  CHECK(doc["chat_id"] == 42);
  const std::string text = doc["text"];
  CHECK(valid_markup(text, {"b", "i", "a"}));
  CHECK(text.starts_with("<b>4 alerts: source health (1), landmines (2), " + kUkraine + " (1)</b>\n\n<b>" + kWarning +
                         "Source health (1)</b>\n"));
  CHECK(text.find("\xE2\x80\xA2 <a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">"
                  "Mine clearance resumes near Kharkiv</a>\n<i>wire-news \xC2\xB7 2024-11-20 14:05 UTC \xC2\xB7 also in: " +
                  kUkraine + "</i>\nAlso reported by: Reuters\nTeams cleared 120 <b>anti-personnel mines</b> near Kharkiv\n") !=
        std::string::npos);
  CHECK(text.find(html_escaped(kHostileTitleLine)) != std::string::npos);
  CHECK(text.find("\n<b>" + kUkraine + " (1)</b>\n") != std::string::npos);
}

TEST_CASE("matrix digest: body and formatted body grouped, the digest id as transaction id",
          "[alerts][presets][matrix][digest]") {
  const json post = send_preset_digest(preset(WebhookPreset::matrix), sample_digest());
  CHECK(post["method"] == "PUT");
  CHECK(post["path"] == "/hook/_matrix/client/v3/rooms/%21r%3Aexample.org/send/m.room.message/"
                        "digest-2024-11-20T15%3A00");
  const json& doc = post["json"];
  CHECK(doc["msgtype"] == "m.text");
  CHECK(doc["m.mentions"] == json::object());
  const std::string body = doc["body"];
  CHECK(body.starts_with("4 alerts: source health (1), landmines (2), " + kUkraine + " (1)\n\n" + kWarning +
                         "Source health (1)\n- " + kWarning + "Source amnesty-uk has failed for 6h\n"));
  CHECK(body.find("\nlandmines (2)\n- Mine clearance resumes near Kharkiv\n") != std::string::npos);
  CHECK(body.find("- " + kHostileTitleLine + "\n") != std::string::npos);
  const std::string html = doc["formatted_body"];
  CHECK(valid_markup(html, {"p", "b", "i", "a", "br", "h4", "blockquote"}));
  CHECK(count_of(html, "<h4>") == 3);
  CHECK(html.find("<h4>landmines (2)</h4><p><b><a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">"
                  "Mine clearance resumes near Kharkiv</a></b><br>") != std::string::npos);
  CHECK(html.find("<blockquote>Teams cleared 120 <b>anti-personnel mines</b> near Kharkiv</blockquote>") !=
        std::string::npos);
  CHECK(html.find(html_escaped(kHostileTitleLine)) != std::string::npos);
}

TEST_CASE("every preset keeps a hostile digest in valid JSON with nothing raw it could misuse",
          "[alerts][presets][digest][hostile]") {
  Digest digest = sample_digest();
  digest.alerts[0].item.title += "\xFF\xFE bad bytes";
  digest.alerts[0].topics.push_back("<b>topic</b>\r\n");
  for (const auto p : {WebhookPreset::generic, WebhookPreset::slack, WebhookPreset::discord, WebhookPreset::teams,
                       WebhookPreset::mattermost, WebhookPreset::ntfy, WebhookPreset::telegram,
                       WebhookPreset::matrix}) {
    INFO(to_string(p));
    WebhookOptions options = preset(p);
    options.url = "https://hooks.example.org/x";
    const WebhookRequest request = render_webhook_digest_request(options, digest, now_utc());
    const json doc = json::parse(request.body);  // throws on invalid JSON or UTF-8
    CHECK(request.body.find("steal()") == std::string::npos);
    CHECK(request.body.find("\\r") == std::string::npos);
    // Formats with markup never carry the tag as markup; plain-text ones (generic, ntfy, Teams'
    // TextRuns, Matrix's body) show it as text.
    if (p == WebhookPreset::slack || p == WebhookPreset::discord || p == WebhookPreset::mattermost ||
        p == WebhookPreset::telegram)
      CHECK(request.body.find("<script>") == std::string::npos);
    if (p == WebhookPreset::matrix) CHECK(doc["formatted_body"].get<std::string>().find("<script>") == std::string::npos);
    for (const auto& [name, value] : request.headers) CHECK(value.find_first_of("\r\n") == std::string::npos);
    CHECK(request.body.find("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") != std::string::npos);  // emoji intact
    CHECK(request.body.find("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D") != std::string::npos);  // Hebrew intact
  }
}
