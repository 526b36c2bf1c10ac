// Channels against the real test servers through a real net::Client.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "alerts/email_message.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

namespace {

ChannelSpec email_spec(int port) {
  ChannelSpec spec;
  spec.name = "desk";
  spec.type = ChannelType::email;
  spec.email.smtp = "smtp://127.0.0.1:" + std::to_string(port);
  spec.email.starttls = StartTlsMode::never;
  spec.email.from = "vigil alerts <alerts@example.org>";
  spec.email.to = {"desk@example.org", "night@example.org"};
  return spec;
}

ChannelSpec webhook_spec(int port) {
  ChannelSpec spec;
  spec.name = "ops";
  spec.type = ChannelType::webhook;
  spec.webhook.url = "http://127.0.0.1:" + std::to_string(port) + "/hooks/vigil";
  return spec;
}

bool contains(const nlohmann::json& value, const std::string& needle) {
  return value.is_string() && value.get<std::string>().find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("an email alert is accepted by the SMTP server as rendered", "[alerts][email][smtp]") {
  auto server = smtp_server();
  NetHarness net;
  auto channel = make_channel(email_spec(server.port()), net.client());
  Alert alert = sample_alert("Разминирование возобновлено <script>x</script>");
  const Delivery d = net.send(*channel, alert);
  CHECK(d.outcome == DeliveryOutcome::delivered);
  CHECK(d.reply.starts_with("250"));

  const auto records = server.records();
  REQUIRE(records.size() == 1);
  const auto& mail = records[0];
  CHECK(mail["mail_from"] == "alerts@example.org");
  CHECK(mail["rcpt_tos"] == nlohmann::json::array({"desk@example.org", "night@example.org"}));
  CHECK(mail["subject"] == "[vigil] landmines: " + alert.item.title);
  CHECK(mail["message_id"] == message_id(alert, email_spec(0).email));
  CHECK(mail["from"] == "vigil alerts <alerts@example.org>");
  CHECK(mail["list_id"] == "<desk.vigil.invalid>");
  CHECK(mail["auto_submitted"] == "auto-generated");
  CHECK(mail["defects"].empty());
  for (const char* part : {"text", "html"}) {
    CHECK(contains(mail[part], "Разминирование возобновлено"));
    CHECK(contains(mail[part], "Teams cleared 120 anti-personnel mines"));
  }
  CHECK(contains(mail["text"], "https://news.example.org/2024/11/mine-clearance?id=7&lang=en"));
  CHECK(contains(mail["html"], "https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en"));
  CHECK(contains(mail["html"], "&lt;script&gt;x&lt;/script&gt;"));
  CHECK_FALSE(contains(mail["html"], "<script>"));
}

TEST_CASE("a 451 from the SMTP server means retry, and the retry delivers the same message", "[alerts][email][smtp]") {
  auto server = smtp_server({"--fail-first", "1"});
  NetHarness net;
  auto channel = make_channel(email_spec(server.port()), net.client());
  const Delivery first = net.send(*channel, sample_alert());
  CHECK(first.outcome == DeliveryOutcome::retry);
  CHECK(first.reply.find("451") != std::string::npos);
  CHECK(first.reply.find("try again") != std::string::npos);
  CHECK(server.records().empty());

  const Delivery second = net.send(*channel, sample_alert());
  CHECK(second.outcome == DeliveryOutcome::delivered);
  const auto records = server.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["message_id"] == "<a1b2c3d4e5@example.org>");
}

TEST_CASE("a 550 from the SMTP server is a permanent failure", "[alerts][email][smtp]") {
  auto server = smtp_server({"--reject"});
  NetHarness net;
  auto channel = make_channel(email_spec(server.port()), net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::permanent);
  CHECK(d.reply.find("550") != std::string::npos);
  CHECK(d.reply.find("rejected") != std::string::npos);
}

TEST_CASE("an SMTP server that is down means retry", "[alerts][email][smtp]") {
  NetHarness net;
  auto channel = make_channel(email_spec(closed_port()), net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::retry);
  CHECK_FALSE(d.reply.empty());
}

TEST_CASE("an unusable From address fails the email channel permanently", "[alerts][email]") {
  NetHarness net;
  ChannelSpec spec = email_spec(closed_port());
  spec.email.from = "nobody";
  auto channel = make_channel(spec, net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::permanent);
  CHECK(d.reply.find("nobody") != std::string::npos);
}

TEST_CASE("a webhook alert is posted as JSON with the Standard Webhooks headers", "[alerts][webhook][http]") {
  auto receiver = webhook_receiver();
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const auto before = now_utc().time_since_epoch().count();
  const Delivery d = net.send(*channel, sample_alert());
  const auto after = now_utc().time_since_epoch().count();
  CHECK(d.outcome == DeliveryOutcome::delivered);
  CHECK(d.reply.starts_with("HTTP 200"));

  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  const auto& post = records[0];
  CHECK(post["path"] == "/hooks/vigil");
  CHECK(post["headers"]["content-type"] == "application/json");
  CHECK(post["headers"]["webhook-id"] == "a1b2c3d4e5");
  CHECK(post["headers"]["user-agent"] == "vigil-test/1.0");
  const long timestamp = std::stol(post["headers"]["webhook-timestamp"].get<std::string>());
  CHECK(timestamp >= before);
  CHECK(timestamp <= after);
  const auto& body = post["json"];
  REQUIRE(body.is_object());
  CHECK(body["id"] == "a1b2c3d4e5");
  CHECK(body["channel"] == "desk");
  CHECK(body["topics"] == nlohmann::json::array({"landmines"}));
  CHECK(body["title"] == "Mine clearance resumes near Kharkiv");
  CHECK(body["url"] == "https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
  CHECK(body["published"] == "2024-11-20T14:05:00Z");
  CHECK(body["source"] == "wire-news");
  CHECK(body["summary"] == "Teams cleared 120 anti-personnel mines & other ordnance.");
  CHECK(body["created"] == "2024-11-20T14:07:00Z");
}

TEST_CASE("a webhook answered with 503 is retried and then delivered", "[alerts][webhook][http]") {
  auto receiver = webhook_receiver({"--fail-first", "1"});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Delivery first = net.send(*channel, sample_alert());
  CHECK(first.outcome == DeliveryOutcome::retry);
  CHECK(first.reply == "HTTP 503: try again later");
  const Delivery second = net.send(*channel, sample_alert());
  CHECK(second.outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 2);
  CHECK(records[0]["headers"]["webhook-id"] == records[1]["headers"]["webhook-id"]);
}

TEST_CASE("a webhook answered with 404 fails permanently", "[alerts][webhook][http]") {
  auto receiver = webhook_receiver({"--status", "404"});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::permanent);
  CHECK(d.reply == "HTTP 404: status 404");
}

TEST_CASE("a webhook answered with 429 is retried", "[alerts][webhook][http]") {
  auto receiver = webhook_receiver({"--status", "429"});
  NetHarness net;
  auto channel = make_channel(webhook_spec(receiver.port()), net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::retry);
  CHECK(d.reply == "HTTP 429: status 429");
}

TEST_CASE("a webhook receiver that is down means retry", "[alerts][webhook][http]") {
  NetHarness net;
  auto channel = make_channel(webhook_spec(closed_port()), net.client());
  const Delivery d = net.send(*channel, sample_alert());
  CHECK(d.outcome == DeliveryOutcome::retry);
  CHECK(d.reply.starts_with("connect"));
}

TEST_CASE("the test servers stop cleanly on SIGTERM", "[alerts][support]") {
  auto smtp = smtp_server();
  auto hooks = webhook_receiver();
  NetHarness net;
  auto channel = make_channel(webhook_spec(hooks.port()), net.client());
  CHECK(net.send(*channel, sample_alert()).outcome == DeliveryOutcome::delivered);
  CHECK(smtp.stop() == 0);
  CHECK(hooks.stop() == 0);
}
