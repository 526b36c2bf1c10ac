// Source health notices on every preset, through the real receiver: "source health" where the
// topics go, the detail and the source's URL, and each service's warning sign or colour.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using nlohmann::json;

namespace {

const std::string kWarning = "\xE2\x9A\xA0\xEF\xB8\x8F ";  // ⚠️
const std::string kCheck = "\xE2\x9C\x85 ";                // ✅
const std::string kFailing = "Source amnesty-uk has failed for 6h";
const std::string kDetail = "4 failed poll(s) since 2024-11-20T08:05:00Z. Last error: HTTP 503 <Service Unavailable>";

Alert recovered() { return health_alert("Source amnesty-uk has recovered"); }

}  // namespace

TEST_CASE("slack: a health notice with a warning sign, the source URL and the detail", "[alerts][presets][slack][health]") {
  const json doc = send_preset_alert(preset(WebhookPreset::slack), health_alert())["json"];
  CHECK(doc["text"] == "[vigil] source health: " + kFailing);
  const json& blocks = doc["blocks"];
  CHECK(blocks[0]["text"]["text"] == "*<https://www.amnesty.org.uk/feed|" + kWarning + kFailing + ">*");
  CHECK(blocks[1]["elements"][0]["text"] == "source health \xC2\xB7 amnesty-uk \xC2\xB7 2024-11-20 14:06 UTC");
  CHECK(blocks.back()["text"]["text"] == slack_escaped(kDetail));
}

TEST_CASE("discord: a health notice's embed is amber, a recovery's green", "[alerts][presets][discord][health]") {
  const json failing = send_preset_alert(preset(WebhookPreset::discord), health_alert())["json"]["embeds"][0];
  CHECK(failing["color"] == 0xE67E22);
  CHECK(markdown_unescaped(failing["title"].get<std::string>()) == kWarning + kFailing);
  CHECK(failing["url"] == "https://www.amnesty.org.uk/feed");
  CHECK(markdown_unescaped(failing["description"].get<std::string>()) == kDetail);
  CHECK(markdown_unescaped(failing["fields"][0]["value"].get<std::string>()) == "source health");
  const json good = send_preset_alert(preset(WebhookPreset::discord), recovered())["json"]["embeds"][0];
  CHECK(good["color"] == 0x2E8B57);
  CHECK(markdown_unescaped(good["title"].get<std::string>()) == kCheck + "Source amnesty-uk has recovered");
}

TEST_CASE("teams: a health notice's title in the card's warning colour", "[alerts][presets][teams][health]") {
  const json card = send_preset_alert(preset(WebhookPreset::teams), health_alert())["json"]["attachments"][0]["content"];
  const json& body = card["body"];
  CHECK(body[0]["inlines"][0]["text"] == "source health");
  CHECK(body[1]["inlines"][0]["text"] == kWarning + kFailing);
  CHECK(body[1]["inlines"][0]["color"] == "Warning");
  CHECK(body[1]["inlines"][0]["selectAction"]["url"] == "https://www.amnesty.org.uk/feed");
  CHECK(body.back()["inlines"][0]["text"] == kDetail);
  const json good = send_preset_alert(preset(WebhookPreset::teams), recovered())["json"];
  CHECK(good["attachments"][0]["content"]["body"][1]["inlines"][0]["color"] == "Good");
}

TEST_CASE("mattermost: a health notice headed with a warning sign", "[alerts][presets][mattermost][health]") {
  const std::string text = send_preset_alert(preset(WebhookPreset::mattermost), health_alert())["json"]["text"];
  CHECK(markdown_unescaped(text).starts_with("#### [" + kWarning + kFailing + "](https://www.amnesty.org.uk/feed)\n"
                                             "source health \xC2\xB7 amnesty-uk \xC2\xB7 2024-11-20 14:06 UTC\n"));
  CHECK(markdown_unescaped(text).find(kDetail) != std::string::npos);
}

TEST_CASE("ntfy: a failing source at priority 4 with the warning tag, a recovery at 3", "[alerts][presets][ntfy][health]") {
  WebhookOptions options = preset(WebhookPreset::ntfy);
  options.ntfy.priority = 5;  // the channel's priority for stories does not apply
  const json failing = send_preset_alert(options, health_alert())["json"];
  CHECK(failing["priority"] == 4);
  CHECK(failing["tags"] == json::array({"warning", "newspaper"}));
  CHECK(failing["title"] == kFailing);  // ntfy shows the tag's emoji itself
  CHECK(failing["click"] == "https://www.amnesty.org.uk/feed");
  CHECK(failing["message"].get<std::string>().ends_with(kDetail));
  const json good = send_preset_alert(options, recovered())["json"];
  CHECK(good["priority"] == 3);
  CHECK(good["tags"] == json::array({"white_check_mark", "newspaper"}));
}

TEST_CASE("telegram: a health notice with a warning sign in HTML parse mode", "[alerts][presets][telegram][health]") {
  const std::string text = send_preset_alert(preset(WebhookPreset::telegram), health_alert())["json"]["text"];
  CHECK(text.starts_with("<b><a href=\"https://www.amnesty.org.uk/feed\">" + kWarning + kFailing + "</a></b>\n"
                         "source health \xC2\xB7 amnesty-uk \xC2\xB7 2024-11-20 14:06 UTC\n"));
  CHECK(text.find(html_escaped(kDetail)) != std::string::npos);
  CHECK(valid_markup(text, {"b", "i", "a"}));
}

TEST_CASE("matrix: a health notice with a warning sign in both bodies", "[alerts][presets][matrix][health]") {
  const json post = send_preset_alert(preset(WebhookPreset::matrix), health_alert());
  CHECK(post["path"].get<std::string>().ends_with("/send/m.room.message/health-7"));
  const std::string body = post["json"]["body"];
  CHECK(body.starts_with(kWarning + kFailing + "\nhttps://www.amnesty.org.uk/feed\n"
                         "source health \xC2\xB7 amnesty-uk \xC2\xB7 2024-11-20 14:06 UTC\n"));
  CHECK(body.find(kDetail) != std::string::npos);
  const std::string html = post["json"]["formatted_body"];
  CHECK(html.find(html_escaped(kDetail)) != std::string::npos);
  CHECK(valid_markup(html, {"p", "b", "i", "a", "br", "blockquote"}));
}

TEST_CASE("a digest of health notices only is all good news when every source recovered",
          "[alerts][presets][digest][health]") {
  Digest digest;
  digest.id = "d-health";
  digest.channel = "ops";
  digest.alerts = {recovered(), health_alert("Source ngo-press has recovered")};
  const json slack = json::parse(render_webhook_digest_request(preset(WebhookPreset::slack), digest, now_utc()).body);
  CHECK(slack["blocks"][1]["text"]["text"] == "*" + kCheck + "Source health (2)*");
  const json ntfy = json::parse(render_webhook_digest_request(preset(WebhookPreset::ntfy), digest, now_utc()).body);
  CHECK(ntfy["priority"] == 3);
  CHECK(ntfy["title"] == "2 alerts: source health (2)");
  const json discord = json::parse(render_webhook_digest_request(preset(WebhookPreset::discord), digest, now_utc()).body);
  CHECK(discord["embeds"][0]["color"] == 0x2E8B57);
}
