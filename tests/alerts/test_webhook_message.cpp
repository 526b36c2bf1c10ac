#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "alerts/email_channel.hpp"
#include "alerts/webhook_channel.hpp"
#include "alerts/webhook_message.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

TEST_CASE("the webhook body has the documented JSON shape", "[alerts][webhook]") {
  Alert alert = sample_alert("<script>alert(1)</script> \"quoted\"\r\nnext");
  alert.topics = {"landmines", "мины"};
  const auto doc = nlohmann::json::parse(render_webhook_json(alert));
  CHECK(doc.size() == 12);
  CHECK(doc["id"] == "a1b2c3d4e5");
  CHECK(doc["channel"] == "desk");
  CHECK(doc["topics"] == nlohmann::json::array({"landmines", "мины"}));
  CHECK(doc["title"] == "<script>alert(1)</script> \"quoted\" next");
  CHECK(doc["url"] == "https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
  CHECK(doc["published"] == "2024-11-20T14:05:00Z");
  CHECK(doc["source"] == "wire-news");
  CHECK(doc["summary"] == "Teams cleared 120 anti-personnel mines & other ordnance.");
  CHECK(doc["created"] == "2024-11-20T14:07:00Z");
  CHECK(doc["matches"] == nlohmann::json::array());  // an alert without explanations
  CHECK(doc["also"] == nlohmann::json::array());
  CHECK(doc["update"] == false);
}

TEST_CASE("the webhook body lists the story's other sources, and says when it is an update",
          "[alerts][webhook][dedup]") {
  Alert alert = sample_alert();
  alert.also = {"wire-a", "ngo\r\nsection"};
  alert.update = true;
  const auto doc = nlohmann::json::parse(render_webhook_json(alert));
  CHECK(doc["also"] == nlohmann::json::array({"wire-a", "ngo section"}));
  CHECK(doc["update"] == true);
}

TEST_CASE("the webhook body explains each match: terms, score, snippet plain and as HTML",
          "[alerts][webhook][explain]") {
  Alert alert = sample_alert();
  alert.topics = {"landmines"};
  alert.matches = {Match{.topic = "landmines",
                         .terms = {"\"anti-personnel mines\"", "demin*"},
                         .score = 2.5,
                         .snippet = "…cleared <120> anti-personnel mines & more",
                         .highlights = {{17, 37}}}};
  const auto doc = nlohmann::json::parse(render_webhook_json(alert));
  REQUIRE(doc["matches"].size() == 1);
  const auto& m = doc["matches"][0];
  CHECK(m["topic"] == "landmines");
  CHECK(m["terms"] == nlohmann::json::array({"\"anti-personnel mines\"", "demin*"}));
  CHECK(m["score"] == 2.5);
  CHECK(m["snippet"] == "…cleared <120> anti-personnel mines & more");
  CHECK(m["snippet_html"] == "…cleared &lt;120&gt; <mark>anti-personnel mines</mark> &amp; more");
}

TEST_CASE("a webhook without date or safe link says so with null and an empty url", "[alerts][webhook]") {
  Alert alert = sample_alert();
  alert.item.published.reset();
  alert.item.link = "javascript:alert(1)";
  alert.item.title = "bad \xFF byte";
  const auto doc = nlohmann::json::parse(render_webhook_json(alert));
  CHECK(doc["published"].is_null());
  CHECK(doc["url"] == "");
  CHECK(doc["title"] == "bad \uFFFD byte");
}

TEST_CASE("a webhook request carries the Standard Webhooks headers", "[alerts][webhook]") {
  const Timestamp now{std::chrono::seconds{1732111500}};
  const WebhookMessage message = render_webhook(sample_alert(), now);
  CHECK(message.body == render_webhook_json(sample_alert()));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"Content-Type", "application/json"}, {"webhook-id", "a1b2c3d4e5"}, {"webhook-timestamp", "1732111500"}};
  CHECK(message.headers == expected);
  Alert odd = sample_alert();
  odd.id = "id\r\nX-Evil: 1";
  CHECK(render_webhook(odd, now).headers[1].second == "id X-Evil: 1");
}

TEST_CASE("HTTP statuses map to delivered, retry and permanent", "[alerts][webhook]") {
  auto outcome = [](long status, std::string body = {}) {
    net::HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return classify_http_response(response);
  };
  CHECK(outcome(200).outcome == DeliveryOutcome::delivered);
  CHECK(outcome(204).outcome == DeliveryOutcome::delivered);
  CHECK(outcome(400).outcome == DeliveryOutcome::permanent);
  CHECK(outcome(404).outcome == DeliveryOutcome::permanent);
  CHECK(outcome(410).outcome == DeliveryOutcome::permanent);
  CHECK(outcome(408).outcome == DeliveryOutcome::retry);
  CHECK(outcome(429).outcome == DeliveryOutcome::retry);
  CHECK(outcome(500).outcome == DeliveryOutcome::retry);
  CHECK(outcome(503).outcome == DeliveryOutcome::retry);
  CHECK(outcome(302).outcome == DeliveryOutcome::permanent);
  CHECK(outcome(503, "busy\r\nnow").reply == "HTTP 503: busy now");
  CHECK(outcome(204).reply == "HTTP 204");
  const std::string long_body(150, 'x');
  CHECK(outcome(500, long_body + std::string(100, 'y') + "tail").reply == "HTTP 500: " + long_body + std::string(50, 'y'));
  CHECK(outcome(500, std::string(250, '\xD0')).reply.size() < 1000);

  net::HttpResponse failed;
  failed.error = net::ErrorKind::connect;
  failed.error_message = "connection refused";
  const Delivery d = classify_http_response(failed);
  CHECK(d.outcome == DeliveryOutcome::retry);
  CHECK(d.reply == "connect: connection refused");
}

TEST_CASE("SMTP replies map to delivered, retry and permanent", "[alerts][email]") {
  auto outcome = [](long code, std::string reply, net::ErrorKind error = net::ErrorKind::none) {
    return classify_mail_result(net::MailResult{code, std::move(reply), error});
  };
  CHECK(outcome(250, "250 OK").outcome == DeliveryOutcome::delivered);
  CHECK(outcome(250, "250 OK").reply == "250 OK");
  CHECK(outcome(451, "451 4.3.0 try again", net::ErrorKind::protocol).outcome == DeliveryOutcome::retry);
  CHECK(outcome(421, "service closing", net::ErrorKind::protocol).reply == "421 service closing");
  CHECK(outcome(550, "550 5.7.1 rejected", net::ErrorKind::protocol).outcome == DeliveryOutcome::permanent);
  CHECK(outcome(554, "", net::ErrorKind::protocol).reply == "554");
  const Delivery down = outcome(0, "Couldn't connect to server", net::ErrorKind::connect);
  CHECK(down.outcome == DeliveryOutcome::retry);
  CHECK(down.reply == "connect: Couldn't connect to server");
  CHECK(outcome(0, "timeout after 60s", net::ErrorKind::timeout).outcome == DeliveryOutcome::retry);
}

TEST_CASE("links with characters outside ASCII are percent-encoded", "[alerts][webhook]") {
  Alert alert = sample_alert();
  alert.item.link = "https://uk.example.org/новини/1";
  const auto doc = nlohmann::json::parse(render_webhook_json(alert));
  CHECK(doc["url"] == "https://uk.example.org/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/1");
}
