// Service presets: each one's payload as a real local receiver gets it (parsed by Python's
// json, so "valid JSON" means the stdlib's verdict), hostile text escaped for that service's
// format, and the services' limits kept.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "alerts/presets/preset.hpp"
#include "alerts/webhook_channel.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using nlohmann::json;

namespace {

// Everything a chat service might read as markup, a mention or a header, plus text that must
// come through untouched: emoji with a skin tone, Hebrew and Arabic (right to left).
const std::string kHostile =
    "<script>alert(1)</script> \"quoted\" 'single' & &amp; @everyone @here <!channel> <@123> "
    "*bold* _it_ ~del~ `code` ||spoiler|| [x](https://evil.example) # h \\ | > q "
    "\xF0\x9F\x92\xA3\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"
    "\r\nX-Injected: 1";
// The title as alert_text makes it: the line break becomes a space.
const std::string kHostileLine =
    "<script>alert(1)</script> \"quoted\" 'single' & &amp; @everyone @here <!channel> <@123> "
    "*bold* _it_ ~del~ `code` ||spoiler|| [x](https://evil.example) # h \\ | > q "
    "\xF0\x9F\x92\xA3\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"
    " X-Injected: 1";

constexpr std::string_view kWordJoiner = "\xE2\x81\xA0";

Alert hostile_alert() {
  Alert alert = sample_alert(kHostile);
  alert.topics = {"landmines", "<b>ukraine</b>"};
  alert.item.source = "wire *news* <i>";
  alert.item.link = "https://news.example.org/a_(b)|c>d?x=1&y=\"2\"";
  alert.also = {"Reuters", "@everyone"};
  alert.update = true;
  alert.matches = {Match{.topic = "landmines",
                         .terms = {"\"anti-personnel mines\"", "demin*"},
                         .score = 2.5,
                         .snippet = "…cleared <120> anti-personnel mines & *more*",
                         .highlights = {{17, 37}}}};
  return alert;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Independent of the code under test: what each format's escaping must give.
std::string slack_escaped(std::string text) {
  text = replace_all(std::move(text), "&", "&amp;");
  text = replace_all(std::move(text), "<", "&lt;");
  return replace_all(std::move(text), ">", "&gt;");
}

std::string html_escaped(std::string text) {
  text = replace_all(std::move(text), "&", "&amp;");
  text = replace_all(std::move(text), "<", "&lt;");
  text = replace_all(std::move(text), ">", "&gt;");
  text = replace_all(std::move(text), "\"", "&quot;");
  return replace_all(std::move(text), "'", "&#39;");
}

// Markdown as a renderer reads it back: a backslash makes the next character literal.
std::string markdown_unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return replace_all(out, kWordJoiner, "");
}

// Every Markdown syntax character is escaped (preceded by a backslash that is not itself escaped).
bool markdown_inert(std::string_view text) {
  static constexpr std::string_view kSyntax = "`*_~[]()<>#|";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (kSyntax.find(text[i]) != std::string_view::npos) return false;
  }
  return true;
}

struct Sent {
  json record;
  Delivery delivery;
};

// Sends `alert` through a webhook channel with these options to a fresh receiver.
Sent send_preset(WebhookOptions options, const Alert& alert, const std::string& path = "/hook",
                 std::vector<std::string> receiver_options = {}) {
  auto receiver = webhook_receiver(std::move(receiver_options));
  NetHarness net;
  options.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + path;
  WebhookChannel channel("ops", options, net.client());
  Sent sent;
  sent.delivery = net.send(channel, alert);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  sent.record = records[0];
  REQUIRE_FALSE(sent.record["json"].is_null());  // Python's json parsed it
  return sent;
}

WebhookOptions preset(WebhookPreset p) {
  WebhookOptions options;
  options.preset = p;
  return options;
}

}  // namespace

TEST_CASE("slack: Block Kit with a text fallback, mrkdwn escaped and verbatim",
          "[alerts][presets][slack]") {
  const Sent sent = send_preset(preset(WebhookPreset::slack), hostile_alert(), "/services/T0/B0/x");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  CHECK(sent.record["method"] == "POST");
  CHECK(sent.record["path"] == "/services/T0/B0/x");
  CHECK(sent.record["headers"]["content-type"] == "application/json");
  const json& doc = sent.record["json"];
  CHECK(doc["text"] == "[vigil] also reported: landmines, " + slack_escaped("<b>ukraine</b>: " + kHostileLine));
  const json& blocks = doc["blocks"];
  REQUIRE(blocks.size() >= 4);
  CHECK(blocks[0]["type"] == "section");
  // The link: "|" and ">" percent-encoded (they would end it), "&" as an entity.
  CHECK(blocks[0]["text"]["text"] == "*<https://news.example.org/a_(b)%7Cc%3Ed?x=1&amp;y=\"2\"|" +
                                         slack_escaped("Also reported: " + kHostileLine) + ">*");
  CHECK(blocks[1]["type"] == "context");
  CHECK(blocks[1]["elements"][0]["text"] ==
        slack_escaped("landmines, <b>ukraine</b> \xC2\xB7 wire *news* <i> \xC2\xB7 2024-11-20 14:05 UTC"));
  CHECK(blocks[2]["elements"][0]["text"] == "Also reported by: Reuters, @everyone");
  CHECK(blocks[3]["text"]["text"] == "_Why landmines:_ \"anti-personnel mines\", demin*\n"
                                     ">…cleared &lt;120&gt; *anti-personnel mines* &amp; *more*");
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    std::vector<json> texts;
    if (blocks[i].contains("text")) texts.push_back(blocks[i]["text"]);
    if (blocks[i].contains("elements")) texts.insert(texts.end(), blocks[i]["elements"].begin(), blocks[i]["elements"].end());
    CHECK(texts.size() == 1);
    for (const auto& text : texts) {
      CHECK(text["type"] == "mrkdwn");
      CHECK(text["verbatim"] == true);
      // Feed text never opens a link, mention or command: the only "<" is our own link.
      std::string shown = text["text"];
      if (i == 0) shown = shown.substr(2);
      CHECK(shown.find('<') == std::string::npos);
    }
  }
  CHECK(sent.record["body"].get<std::string>().find("\r\nX-Injected") == std::string::npos);
}

TEST_CASE("discord: one embed, Markdown escaped, no mention can ping", "[alerts][presets][discord]") {
  const Sent sent = send_preset(preset(WebhookPreset::discord), hostile_alert(), "/api/webhooks/1/abc");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  const json& doc = sent.record["json"];
  CHECK(doc["allowed_mentions"] == json{{"parse", json::array()}});
  REQUIRE(doc["embeds"].size() == 1);
  const json& embed = doc["embeds"][0];
  const std::string title = embed["title"];
  CHECK(markdown_inert(title));
  CHECK(markdown_unescaped(title).starts_with("Also reported: <script>alert(1)</script> \"quoted\""));
  CHECK(title.find("@\xE2\x81\xA0" "everyone") != std::string::npos);
  CHECK(embed["url"] == "https://news.example.org/a_(b)|c>d?x=1&y=\"2\"");
  CHECK(embed["timestamp"] == "2024-11-20T14:05:00Z");
  CHECK(markdown_unescaped(embed["description"].get<std::string>()) ==
        "Teams cleared 120 anti-personnel mines & other ordnance.");
  std::set<std::string> names;
  for (const auto& field : embed["fields"]) {
    names.insert(field["name"].get<std::string>());
    CHECK(markdown_inert(field["name"].get<std::string>()));
  }
  CHECK(names == std::set<std::string>{"Topics", "Source", "Also reported by", "Why landmines"});
  CHECK(markdown_unescaped(embed["fields"][0]["value"].get<std::string>()) == "landmines, <b>ukraine</b>");
  CHECK(markdown_inert(embed["fields"][0]["value"].get<std::string>()));
  CHECK(embed["fields"][3]["value"] ==
        "\"anti\\-personnel mines\", demin\\*\n…cleared \\<120\\> **anti\\-personnel mines** & \\*more\\*");
}

TEST_CASE("teams: an Adaptive Card 1.4 whose feed text sits only in plain TextRuns",
          "[alerts][presets][teams]") {
  const Sent sent = send_preset(preset(WebhookPreset::teams), hostile_alert(), "/workflows/x");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  const json& doc = sent.record["json"];
  CHECK(doc["type"] == "message");
  REQUIRE(doc["attachments"].size() == 1);
  CHECK(doc["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive");
  const json& card = doc["attachments"][0]["content"];
  CHECK(card["type"] == "AdaptiveCard");
  CHECK(card["version"] == "1.4");
  std::vector<std::string> runs;
  for (const auto& block : card["body"]) {
    CHECK(block["type"] == "RichTextBlock");  // TextBlock would read Markdown
    for (const auto& inline_run : block["inlines"]) {
      CHECK(inline_run["type"] == "TextRun");
      runs.push_back(inline_run["text"]);
    }
  }
  CHECK(std::find(runs.begin(), runs.end(), "Also reported: " + kHostileLine) != runs.end());
  CHECK(std::find(runs.begin(), runs.end(), "anti-personnel mines") != runs.end());
  CHECK(card["body"][1]["inlines"][0]["selectAction"]["url"] == "https://news.example.org/a_(b)|c>d?x=1&y=\"2\"");
  CHECK(card["actions"][0]["type"] == "Action.OpenUrl");
  // The hit is highlighted, the text around it is not.
  bool highlighted = false;
  for (const auto& block : card["body"])
    for (const auto& r : block["inlines"])
      if (r["text"] == "anti-personnel mines") highlighted = r.value("highlight", false);
  CHECK(highlighted);
}

TEST_CASE("mattermost: Markdown text, escaped, mentions broken", "[alerts][presets][mattermost]") {
  const Sent sent = send_preset(preset(WebhookPreset::mattermost), hostile_alert(), "/hooks/xyz");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  const std::string text = sent.record["json"]["text"];
  CHECK(text.starts_with("#### [Also reported: \\<script\\>alert\\(1\\)\\</script\\>"));
  CHECK(text.find("](https://news.example.org/a_%28b%29|c%3Ed?x=1&y=%222%22)\n") != std::string::npos);
  CHECK(text.find("@everyone") == std::string::npos);
  CHECK(text.find("@here") == std::string::npos);
  CHECK(text.find("@\xE2\x81\xA0" "everyone") != std::string::npos);
  CHECK(markdown_unescaped(text).find(kHostileLine) != std::string::npos);
  CHECK(text.find("> …cleared \\<120\\> **anti\\-personnel mines** & \\*more\\*\n") != std::string::npos);
  // Each line stays inert apart from our own heading, link, bold labels and quote.
  const std::string title_line = text.substr(0, text.find('\n'));
  CHECK(markdown_inert(title_line.substr(6, title_line.find("](") - 6)));
}

TEST_CASE("ntfy: a JSON publish to the server root with topic, priority, tags and click",
          "[alerts][presets][ntfy]") {
  WebhookOptions options = preset(WebhookPreset::ntfy);
  options.ntfy = {.topic = "vigil-alerts", .priority = 4, .tags = {"warning", "landmines"}};
  const Sent sent = send_preset(options, hostile_alert(), "/");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  CHECK(sent.record["path"] == "/");
  const json& doc = sent.record["json"];
  CHECK(doc["topic"] == "vigil-alerts");
  CHECK(doc["title"] == "Also reported: " + kHostileLine);  // plain text: nothing to escape
  CHECK(doc["priority"] == 4);
  CHECK(doc["tags"] == json::array({"warning", "landmines"}));
  CHECK(doc["click"] == "https://news.example.org/a_(b)|c>d?x=1&y=\"2\"");
  const std::string message = doc["message"];
  CHECK(message.starts_with("landmines, <b>ukraine</b> \xC2\xB7 wire *news* <i> \xC2\xB7 2024-11-20 14:05 UTC\n"
                            "Also reported by: Reuters, @everyone\n"
                            "Why landmines: \"anti-personnel mines\", demin*\n"));
  CHECK(message.ends_with("Teams cleared 120 anti-personnel mines & other ordnance."));
}

TEST_CASE("telegram: sendMessage in HTML parse mode with only Telegram's tags",
          "[alerts][presets][telegram]") {
  WebhookOptions options = preset(WebhookPreset::telegram);
  options.telegram = {.chat_id = "-1001234567890", .token = "123456:ABC-def_GHI", .disable_preview = true};
  const Sent sent = send_preset(options, hostile_alert(), "");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  CHECK(sent.record["path"] == "/bot123456:ABC-def_GHI/sendMessage");
  const json& doc = sent.record["json"];
  CHECK(doc["chat_id"] == -1001234567890);
  CHECK(doc["parse_mode"] == "HTML");
  CHECK(doc["disable_web_page_preview"] == true);
  const std::string text = doc["text"];
  CHECK(text.starts_with("<b><a href=\"https://news.example.org/a_(b)|c&gt;d?x=1&amp;y=&quot;2&quot;\">" +
                         html_escaped("Also reported: " + kHostileLine) + "</a></b>\n"));
  // Only b, i and a tags; only the entities Telegram knows.
  const std::regex tag("<[^>]*>");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string t = it->str();
    INFO(t);
    CHECK((t == "<b>" || t == "</b>" || t == "<i>" || t == "</i>" || t == "</a>" || t.starts_with("<a href=\"")));
  }
  const std::regex entity("&[^;\\s]*;");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), entity); it != std::sregex_iterator(); ++it)
    CHECK((it->str() == "&amp;" || it->str() == "&lt;" || it->str() == "&gt;" || it->str() == "&quot;" ||
           it->str() == "&#39;"));
  CHECK(text.find("<i>Why landmines:</i> &quot;anti-personnel mines&quot;, demin*\n"
                  "…cleared &lt;120&gt; <b>anti-personnel mines</b> &amp; *more*") != std::string::npos);

  WebhookOptions by_name = preset(WebhookPreset::telegram);
  by_name.telegram = {.chat_id = "@vigil_alerts", .token = "1:x", .disable_preview = false};
  const Sent named = send_preset(by_name, sample_alert(), "/");
  CHECK(named.record["path"] == "/bot1:x/sendMessage");  // a trailing slash on the server URL is dropped
  CHECK(named.record["json"]["chat_id"] == "@vigil_alerts");
  CHECK_FALSE(named.record["json"].contains("disable_web_page_preview"));
}

TEST_CASE("telegram's server defaults to api.telegram.org", "[alerts][presets][telegram]") {
  WebhookOptions options = preset(WebhookPreset::telegram);
  options.telegram = {.chat_id = "42", .token = "123:abc", .disable_preview = false};
  const WebhookRequest request = render_webhook_request(options, sample_alert(), now_utc());
  CHECK(request.url == "https://api.telegram.org/bot123:abc/sendMessage");
  CHECK(request.method == "POST");
}

TEST_CASE("matrix: a PUT with the alert id as transaction id, so a retry is the same event",
          "[alerts][presets][matrix]") {
  WebhookOptions options = preset(WebhookPreset::matrix);
  options.matrix = {.room = "!AbC:example.org", .token = "syt_secret_token"};
  const Sent sent = send_preset(options, hostile_alert(), "/");
  CHECK(sent.delivery.outcome == DeliveryOutcome::delivered);
  CHECK(sent.record["method"] == "PUT");
  CHECK(sent.record["path"] == "/_matrix/client/v3/rooms/%21AbC%3Aexample.org/send/m.room.message/a1b2c3d4e5");
  CHECK(sent.record["headers"]["authorization"] == "Bearer syt_secret_token");
  const json& doc = sent.record["json"];
  CHECK(doc["msgtype"] == "m.text");
  CHECK(doc["format"] == "org.matrix.custom.html");
  CHECK(doc["m.mentions"] == json::object());  // nobody is mentioned, not even by "@room" in the text
  const std::string body = doc["body"];
  CHECK(body.starts_with("Also reported: " + kHostileLine + "\nhttps://news.example.org/"));
  const std::string html = doc["formatted_body"];
  CHECK(html.find(html_escaped("Also reported: " + kHostileLine)) != std::string::npos);
  const std::regex tag("<[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    static const std::set<std::string> kAllowed{"<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<br>", "</a>",
                                                "<blockquote>", "</blockquote>"};
    INFO(it->str());
    CHECK((kAllowed.count(it->str()) == 1 || it->str().starts_with("<a href=\"https://news.example.org/")));
  }

  // The same alert again: the same URL, so the homeserver answers with the event it made.
  Alert odd = sample_alert();
  odd.id = "id/with ?#odd\r\nchars";
  const WebhookRequest request = render_webhook_request(options, odd, now_utc());
  CHECK(request.url.ends_with("/send/m.room.message/id%2Fwith%20%3F%23odd%0D%0Achars"));
  CHECK(render_webhook_request(options, odd, now_utc()).url == request.url);
}

TEST_CASE("every preset keeps hostile text in valid JSON with nothing raw it could misuse",
          "[alerts][presets][hostile]") {
  for (const auto p : {WebhookPreset::generic, WebhookPreset::slack, WebhookPreset::discord, WebhookPreset::teams,
                       WebhookPreset::mattermost, WebhookPreset::ntfy, WebhookPreset::telegram,
                       WebhookPreset::matrix}) {
    INFO(to_string(p));
    WebhookOptions options = preset(p);
    options.url = "https://hooks.example.org/x";
    options.ntfy.topic = "t";
    options.telegram = {.chat_id = "1", .token = "1:a", .disable_preview = false};
    options.matrix = {.room = "!r:example.org", .token = "t"};
    Alert alert = hostile_alert();
    alert.item.summary = "<p>" + kHostile + "</p><script>steal()</script>";
    alert.item.title += "\xFF\xFE bad bytes";
    const WebhookRequest request = render_webhook_request(options, alert, now_utc());
    const json doc = json::parse(request.body);  // throws on invalid JSON or UTF-8
    CHECK(request.body.find("steal()") == std::string::npos);
    CHECK(request.body.find("\r") == std::string::npos);
    for (const auto& [name, value] : request.headers) CHECK(value.find_first_of("\r\n") == std::string::npos);
    CHECK(request.body.find("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") != std::string::npos);  // emoji intact
    CHECK(request.body.find("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D") != std::string::npos);  // Hebrew intact
  }
}

TEST_CASE("presets keep each service's length limits, counted as the services count",
          "[alerts][presets][limits]") {
  Alert alert = sample_alert();
  std::string title;
  for (int i = 0; i < 3000; ++i) title += "\xF0\x9F\x92\xA3*";  // emoji count two UTF-16 units
  alert.item.title = title;
  std::string summary;
  for (int i = 0; i < 3000; ++i) summary += "<p>mines &lt;and&gt; *ordnance* \xF0\x9F\x92\xA3</p>";
  alert.item.summary = summary;
  for (int i = 0; i < 30; ++i)
    alert.matches.push_back(Match{.topic = "t" + std::to_string(i), .terms = {std::string(400, 'w')}, .score = 1,
                                  .snippet = std::string(300, '<'), .highlights = {{0, 5}}});
  auto utf16 = [](const std::string& s) {
    std::size_t units = 0;
    for (unsigned char c : s) units += (c & 0xC0) != 0x80 ? ((c >= 0xF0) ? 2 : 1) : 0;
    return units;
  };
  const Timestamp now = now_utc();

  const json discord = json::parse(render_webhook_request(preset(WebhookPreset::discord), alert, now).body);
  const json& embed = discord["embeds"][0];
  CHECK(utf16(embed["title"]) <= 256);
  const std::string description = embed.value("description", "");
  CHECK(utf16(description) <= 4096);
  std::size_t total = utf16(embed["title"]) + utf16(description) + utf16(embed["footer"]["text"]);
  CHECK(embed["fields"].size() <= 25);
  for (const auto& field : embed["fields"]) {
    CHECK(utf16(field["name"]) <= 256);
    CHECK(utf16(field["value"]) <= 1024);
    total += utf16(field["name"]) + utf16(field["value"]);
  }
  CHECK(total <= 6000);
  CHECK(markdown_inert(embed["title"].get<std::string>()));

  const json slack = json::parse(render_webhook_request(preset(WebhookPreset::slack), alert, now).body);
  CHECK(slack["blocks"].size() <= 50);
  for (const auto& block : slack["blocks"]) {
    if (block.contains("text")) CHECK(utf16(block["text"]["text"]) <= 3000);
    if (block.contains("elements")) CHECK(utf16(block["elements"][0]["text"]) <= 3000);
  }

  WebhookOptions telegram = preset(WebhookPreset::telegram);
  telegram.telegram = {.chat_id = "1", .token = "1:a", .disable_preview = false};
  const json tg = json::parse(render_webhook_request(telegram, alert, now).body);
  CHECK(utf16(tg["text"]) <= 4096);

  WebhookOptions ntfy = preset(WebhookPreset::ntfy);
  ntfy.ntfy.topic = "t";
  const json nt = json::parse(render_webhook_request(ntfy, alert, now).body);
  CHECK(nt["message"].get<std::string>().size() <= 4096);
}

TEST_CASE("a rate-limited Telegram, Matrix or generic receiver says when to retry",
          "[alerts][presets][retry]") {
  WebhookOptions telegram = preset(WebhookPreset::telegram);
  telegram.telegram = {.chat_id = "1", .token = "1:a", .disable_preview = false};
  const Sent tg = send_preset(telegram, sample_alert(), "",
                              {"--status", "429", "--reply-body",
                               R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35",)"
                               R"("parameters":{"retry_after":35}})"});
  CHECK(tg.delivery.outcome == DeliveryOutcome::retry);
  CHECK(tg.delivery.reply.starts_with("HTTP 429 (retry after 35s): {\"ok\":false"));

  WebhookOptions matrix = preset(WebhookPreset::matrix);
  matrix.matrix = {.room = "!r:example.org", .token = "t"};
  const Sent mx = send_preset(matrix, sample_alert(), "",
                              {"--status", "429", "--reply-body",
                               R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2500})"});
  CHECK(mx.delivery.outcome == DeliveryOutcome::retry);
  CHECK(mx.delivery.reply.starts_with("HTTP 429 (retry after 3s): "));

  const Sent generic = send_preset(preset(WebhookPreset::generic), sample_alert(), "/",
                                   {"--status", "503", "--reply-header", "Retry-After: 120"});
  CHECK(generic.delivery.outcome == DeliveryOutcome::retry);
  CHECK(generic.delivery.reply == "HTTP 503 (retry after 120s): status 503");

  const Sent refused = send_preset(matrix, sample_alert(), "",
                                   {"--status", "403", "--reply-body", R"({"errcode":"M_FORBIDDEN"})"});
  CHECK(refused.delivery.outcome == DeliveryOutcome::permanent);
}

TEST_CASE("requested_retry_delay reads Retry-After, Telegram's and Matrix's hints",
          "[alerts][presets][retry]") {
  auto delay = [](std::string body, std::string retry_after = {}) {
    net::HttpResponse response;
    response.status = 429;
    response.body = std::move(body);
    if (!retry_after.empty()) response.headers.emplace_back("retry-after", retry_after);
    return requested_retry_delay(response);
  };
  using std::chrono::seconds;
  CHECK(delay("", "30") == seconds(30));
  CHECK(delay("", " 7 ") == seconds(7));
  CHECK(delay("", "Wed, 21 Oct 2015 07:28:00 GMT") == std::nullopt);
  CHECK(delay(R"({"parameters":{"retry_after":12}})") == seconds(12));
  CHECK(delay(R"({"retry_after_ms":1})") == seconds(1));
  CHECK(delay(R"({"retry_after_ms":999999999999})") == seconds(86400));
  CHECK(delay(R"({"retry_after_ms":-5})") == std::nullopt);
  CHECK(delay(R"({"retry_after_ms":"10"})") == std::nullopt);
  CHECK(delay("not json") == std::nullopt);
  CHECK(delay("[1,2]") == std::nullopt);
  CHECK(delay(R"({"retry_after_ms":5000})", "2") == seconds(2));  // the header wins
}
