// The generic webhook's digest document and health notices, through the real receiver (which
// checks the Standard Webhooks signature with Python's hmac).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "alerts/presets/preset.hpp"
#include "alerts/webhook_channel.hpp"
#include "alerts/webhook_message.hpp"
#include "alerts/webhook_signing.hpp"
#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using nlohmann::json;

namespace {

const std::string kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

ChannelSpec webhook_spec(int port) {
  ChannelSpec spec;
  spec.name = "ops";
  spec.type = ChannelType::webhook;
  spec.webhook.url = "http://127.0.0.1:" + std::to_string(port) + "/hooks/vigil";
  spec.webhook.signing_key = *decode_webhook_secret(kSecret);
  return spec;
}

}  // namespace

TEST_CASE("a generic webhook digest is one signed JSON document grouped by topic", "[alerts][webhook][digest]") {
  auto receiver = webhook_receiver({"--secret", kSecret});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Digest digest = sample_digest();
  const Delivery d = send_digest(net, *channel, digest);
  CHECK(d.outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  const json& post = records[0];
  CHECK(post["signature_valid"] == true);
  CHECK(post["headers"]["webhook-id"] == "digest-2024-11-20T15:00");
  CHECK(post["headers"]["content-type"] == "application/json");
  CHECK_FALSE(post["headers"]["webhook-timestamp"].get<std::string>().empty());

  const json& doc = post["json"];
  CHECK(doc.size() == 6);
  CHECK(doc["type"] == "digest");
  CHECK(doc["id"] == "digest-2024-11-20T15:00");
  CHECK(doc["channel"] == "desk");
  CHECK(doc["created"] == "2024-11-20T15:00:00Z");
  CHECK(doc["count"] == 4);
  REQUIRE(doc["groups"].size() == 3);
  CHECK(doc["groups"][0]["topic"].is_null());  // the health notices
  CHECK(doc["groups"][1]["topic"] == "landmines");
  CHECK(doc["groups"][2]["topic"] == kUkraine);
  REQUIRE(doc["groups"][0]["alerts"].size() == 1);
  REQUIRE(doc["groups"][1]["alerts"].size() == 2);
  REQUIRE(doc["groups"][2]["alerts"].size() == 1);
  // Each entry is the very object a single alert's document is.
  CHECK(doc["groups"][0]["alerts"][0] == json::parse(render_webhook_json(digest.alerts[1])));
  CHECK(doc["groups"][1]["alerts"][0] == json::parse(render_webhook_json(digest.alerts[0])));
  CHECK(doc["groups"][1]["alerts"][1] == json::parse(render_webhook_json(digest.alerts[3])));
  CHECK(doc["groups"][2]["alerts"][0] == json::parse(render_webhook_json(digest.alerts[2])));
  CHECK(doc["groups"][1]["alerts"][0]["topics"] == json::array({"landmines", kUkraine}));
  // Hostile text is JSON-escaped, whole, on one line.
  CHECK(doc["groups"][1]["alerts"][1]["title"] == kHostileTitleLine);
  CHECK(post["body"].get<std::string>().find("\r\nBcc") == std::string::npos);
}

TEST_CASE("a generic webhook digest keeps the built-in document when the channel has a body template",
          "[alerts][webhook][digest][template]") {
  WebhookOptions options;
  options.url = "https://hooks.example.org/x";
  options.body_template = Template::parse(R"({{"text": "{title}"}})").value();
  const WebhookRequest request = render_webhook_digest_request(options, big_digest(), now_utc());
  const json doc = json::parse(request.body);
  CHECK(doc["type"] == "digest");
  CHECK(doc["count"] == 200);
  std::size_t alerts = 0;
  for (const auto& group : doc["groups"]) alerts += group["alerts"].size();
  CHECK(alerts == 200);  // a generic receiver has no size limit to keep: every alert is there
  bool has_id = false;
  for (const auto& [name, value] : request.headers) has_id = has_id || (name == "webhook-id" && value == "digest-big");
  CHECK(has_id);
}

TEST_CASE("a digest retried after a 503 carries the same webhook-id", "[alerts][webhook][digest]") {
  auto receiver = webhook_receiver({"--fail-first", "1", "--secret", kSecret});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Delivery first = send_digest(net, *channel, sample_digest());
  CHECK(first.outcome == DeliveryOutcome::retry);
  CHECK(first.reply == "HTTP 503: try again later");
  CHECK(send_digest(net, *channel, sample_digest()).outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 2);
  CHECK(records[0]["headers"]["webhook-id"] == records[1]["headers"]["webhook-id"]);
  CHECK(records[0]["body"] == records[1]["body"]);
  CHECK(records[1]["signature_valid"] == true);
}

TEST_CASE("a digest refused with 404 fails permanently", "[alerts][webhook][digest]") {
  auto receiver = webhook_receiver({"--status", "404"});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Delivery d = send_digest(net, *channel, sample_digest());
  CHECK(d.outcome == DeliveryOutcome::permanent);
  CHECK(d.reply == "HTTP 404: status 404");
}

TEST_CASE("a health notice's webhook document says \"type\": \"health\" and keeps the alert's keys",
          "[alerts][webhook][health]") {
  auto receiver = webhook_receiver({"--secret", kSecret});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  CHECK(net.send(*channel, health_alert()).outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["signature_valid"] == true);
  CHECK(records[0]["headers"]["webhook-id"] == "health-7");
  const json& doc = records[0]["json"];
  CHECK(doc.size() == 13);
  CHECK(records[0]["body"].get<std::string>().starts_with(R"({"type":"health","id":"health-7",)"));
  CHECK(doc["type"] == "health");
  CHECK(doc["title"] == "Source amnesty-uk has failed for 6h");
  CHECK(doc["url"] == "https://www.amnesty.org.uk/feed");
  CHECK(doc["source"] == "amnesty-uk");
  CHECK(doc["summary"] == "4 failed poll(s) since 2024-11-20T08:05:00Z. Last error: HTTP 503 <Service Unavailable>");
  CHECK(doc["topics"] == json::array());
  CHECK(doc["matches"] == json::array());
  CHECK(doc["update"] == false);
  CHECK(doc["published"].is_null());
  // A story alert keeps its shape: no "type".
  CHECK_FALSE(json::parse(render_webhook_json(sample_alert())).contains("type"));
}
