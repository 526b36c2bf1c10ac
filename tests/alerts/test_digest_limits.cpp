// A digest of 200 alerts on each preset: within the service's documented limits, cut between
// entries with the markup still valid, and saying how many alerts were left out.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using nlohmann::json;

namespace {

const Digest& big() {
  static const Digest digest = big_digest(200);
  return digest;
}

}  // namespace

TEST_CASE("slack: a digest of 200 alerts keeps to 50 blocks and says how many were left out",
          "[alerts][presets][slack][digest][limits]") {
  const json doc = send_preset_digest(preset(WebhookPreset::slack), big())["json"];
  const json& blocks = doc["blocks"];
  CHECK(blocks.size() <= 50);
  CHECK(utf16_units(blocks[0]["text"]["text"].get<std::string>()) <= 150);
  std::size_t entries = 0;
  for (const auto& block : blocks) {
    if (block["type"] != "section") continue;
    const std::string text = block["text"]["text"];
    CHECK(utf16_units(text) <= 3000);
    if (text.find('\n') != std::string::npos) ++entries;  // a topic's title is one line
  }
  REQUIRE(blocks.back()["type"] == "context");
  const std::string last = blocks.back()["elements"][0]["text"];
  CHECK(left_out(last) == static_cast<long>(200 - entries));
  CHECK(entries > 20);
  // The health notice comes first, so no cut ever hides it.
  CHECK(blocks[2]["text"]["text"].get<std::string>().find("Source amnesty-uk has failed") != std::string::npos);
}

TEST_CASE("discord: a digest of 200 alerts keeps to 10 embeds and 6000 characters", "[alerts][presets][discord][digest][limits]") {
  const json doc = send_preset_digest(preset(WebhookPreset::discord), big())["json"];
  CHECK(utf16_units(doc["content"].get<std::string>()) <= 2000);
  const json& embeds = doc["embeds"];
  CHECK(embeds.size() <= 10);
  std::size_t total = 0, entries = 0;
  for (const auto& embed : embeds) {
    const std::string title = embed["title"], description = embed["description"];
    CHECK(utf16_units(title) <= 256);
    CHECK(utf16_units(description) <= 4096);
    total += utf16_units(title) + utf16_units(description);
    entries += count_of(description, "**[");
  }
  CHECK(total <= 6000);
  CHECK(entries > 3);
  const std::string last = embeds.back()["description"];
  CHECK(left_out(last) == static_cast<long>(200 - entries));
  CHECK(last.ends_with(" more alerts*"));
}

TEST_CASE("discord: more topics than ten embeds are cut and counted", "[alerts][presets][discord][digest][limits]") {
  // Thirteen short groups: everything fits in 6000 characters but not in ten embeds.
  Digest digest = big_digest(40);
  for (auto& alert : digest.alerts) {
    alert.item.title = "t";
    alert.item.summary.clear();
    alert.matches.clear();
    alert.also.clear();
  }
  const json doc = json::parse(render_webhook_digest_request(preset(WebhookPreset::discord), digest, now_utc()).body);
  REQUIRE(doc["embeds"].size() == 10);
  std::size_t entries = 0;
  for (const auto& embed : doc["embeds"]) entries += count_of(embed["description"].get<std::string>(), "**[");
  CHECK(left_out(doc["embeds"].back()["description"].get<std::string>()) == static_cast<long>(40 - entries));
}

TEST_CASE("teams: a digest of 200 alerts stays under Teams' 28 KB", "[alerts][presets][teams][digest][limits]") {
  const json post = send_preset_digest(preset(WebhookPreset::teams), big());
  CHECK(post["body"].get<std::string>().size() <= 28 * 1024);
  const json& body = post["json"]["attachments"][0]["content"]["body"];
  std::size_t entries = 0;
  for (const auto& item : body)
    if (item["type"] == "Container")
      for (const auto& block : item["items"]) entries += block.value("separator", false) ? 1 : 0;
  CHECK(entries > 10);
  CHECK(left_out(body.back()["inlines"][0]["text"].get<std::string>()) == static_cast<long>(200 - entries));
}

TEST_CASE("mattermost: a digest of 200 alerts keeps to 16383 characters", "[alerts][presets][mattermost][digest][limits]") {
  const std::string text = send_preset_digest(preset(WebhookPreset::mattermost), big())["json"]["text"];
  CHECK(utf16_units(text) <= 16383);
  const std::size_t entries = count_of(text, "\n**[");
  CHECK(entries > 10);
  CHECK(left_out(text) == static_cast<long>(200 - entries));
  CHECK(text.ends_with(" more alerts_\n"));
}

TEST_CASE("ntfy: a digest of 200 alerts keeps its message under 4096 bytes", "[alerts][presets][ntfy][digest][limits]") {
  const json doc = send_preset_digest(preset(WebhookPreset::ntfy), big())["json"];
  const std::string message = doc["message"];
  CHECK(message.size() <= 4096);
  CHECK(utf16_units(doc["title"].get<std::string>()) <= 250);
  const std::size_t entries = count_of(message, "\xE2\x80\xA2 ");
  CHECK(entries > 3);
  CHECK(left_out(message) == static_cast<long>(200 - entries));
}

TEST_CASE("telegram: a digest of 200 alerts keeps to 4096 characters, cut between whole entries",
          "[alerts][presets][telegram][digest][limits]") {
  const std::string text = send_preset_digest(preset(WebhookPreset::telegram), big())["json"]["text"];
  CHECK(utf16_units(text) <= 4096);
  CHECK(valid_markup(text, {"b", "i", "a"}));
  const std::size_t entries = count_of(text, "\xE2\x80\xA2 ");
  CHECK(entries > 3);
  CHECK(left_out(text) == static_cast<long>(200 - entries));
  CHECK(text.ends_with(" more alerts</i>"));
}

TEST_CASE("matrix: a digest of 200 alerts stays within a homeserver's 64 KB event", "[alerts][presets][matrix][digest][limits]") {
  const json post = send_preset_digest(preset(WebhookPreset::matrix), big());
  CHECK(post["body"].get<std::string>().size() <= 65536);
  const std::string body = post["json"]["body"], html = post["json"]["formatted_body"];
  CHECK(valid_markup(html, {"p", "b", "i", "a", "br", "h4", "blockquote"}));
  const std::size_t entries = count_of(html, "</b><br>");
  CHECK(entries > 10);
  CHECK(count_of(body, "\n- ") == entries);
  CHECK(left_out(html) == static_cast<long>(200 - entries));
  CHECK(left_out(body) == static_cast<long>(200 - entries));
}

TEST_CASE("a digest that fits is never cut", "[alerts][presets][digest][limits]") {
  for (const auto p : {WebhookPreset::slack, WebhookPreset::discord, WebhookPreset::teams, WebhookPreset::mattermost,
                       WebhookPreset::ntfy, WebhookPreset::telegram, WebhookPreset::matrix}) {
    INFO(to_string(p));
    const std::string body = render_webhook_digest_request(preset(p), sample_digest(), now_utc()).body;
    CHECK(body.find("more alert") == std::string::npos);
  }
}

TEST_CASE("cuts never split a character, an escape or a tag, whatever the text", "[alerts][presets][digest][limits]") {
  // Entries made of nothing but escapes and four-byte characters, so any cut inside one would show.
  Digest digest = big_digest(120);
  for (auto& alert : digest.alerts) {
    alert.item.title = std::string(60, '<') + "\xF0\x9F\x92\xA3&\"'" + std::string(60, '&');
    alert.item.source = "<&>";
  }
  for (const auto p : {WebhookPreset::slack, WebhookPreset::discord, WebhookPreset::teams, WebhookPreset::mattermost,
                       WebhookPreset::ntfy, WebhookPreset::telegram, WebhookPreset::matrix}) {
    INFO(to_string(p));
    const std::string body = render_webhook_digest_request(preset(p), digest, now_utc()).body;
    const json doc = json::parse(body);  // valid UTF-8 and JSON
    if (p == WebhookPreset::telegram) CHECK(valid_markup(doc["text"].get<std::string>(), {"b", "i", "a"}));
    if (p == WebhookPreset::matrix)
      CHECK(valid_markup(doc["formatted_body"].get<std::string>(), {"p", "b", "i", "a", "br", "h4", "blockquote"}));
    CHECK(body.find("more alert") != std::string::npos);
  }
}
