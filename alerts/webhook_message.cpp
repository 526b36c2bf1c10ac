#include "alerts/webhook_message.hpp"

#include <nlohmann/json.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/digest_text.hpp"
#include "alerts/webhook_signing.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

using Json = nlohmann::ordered_json;

// Invalid UTF-8 in ids or names becomes U+FFFD instead of an exception.
std::string dump(const Json& doc) { return doc.dump(-1, ' ', false, Json::error_handler_t::replace); }

// One alert's object: the whole document of a single alert, an entry of a digest.
Json alert_json(const Alert& alert) {
  const AlertText t = alert_text(alert);
  nlohmann::ordered_json topics = nlohmann::ordered_json::array();
  for (const auto& topic : alert.topics) topics.push_back(text::single_line(topic));
  nlohmann::ordered_json matches = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < alert.matches.size() && i < t.matches.size(); ++i) {
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    for (const auto& term : alert.matches[i].terms) terms.push_back(text::single_line(term));
    matches.push_back({{"topic", t.matches[i].topic},
                       {"terms", std::move(terms)},
                       {"score", alert.matches[i].score},
                       {"snippet", t.matches[i].snippet},
                       {"snippet_html", t.matches[i].html}});
  }
  nlohmann::ordered_json also = nlohmann::ordered_json::array();
  for (const auto& source : alert.also) also.push_back(text::single_line(source));
  Json doc = Json::object();
  // Story alerts keep their original shape (no "type"); other documents say what they are.
  if (alert.health) doc["type"] = "health";
  doc.update(Json{
      {"id", alert.id},
      {"channel", alert.channel},
      {"topics", std::move(topics)},
      {"title", text::single_line(alert.item.title)},
      {"url", t.link},
      {"published", alert.item.published ? nlohmann::ordered_json(format_rfc3339(*alert.item.published)) : nlohmann::ordered_json()},
      {"source", t.source},
      {"summary", t.summary},
      {"matches", std::move(matches)},
      {"also", std::move(also)},
      {"update", alert.update},
      {"created", format_rfc3339(alert.created)},
  });
  return doc;
}

}  // namespace

std::string render_webhook_json(const Alert& alert) { return dump(alert_json(alert)); }

std::string render_webhook_digest_json(const Digest& digest) {
  const DigestText d = digest_text(digest);
  Json groups = Json::array();
  for (const auto& group : d.groups) {
    Json alerts = Json::array();
    for (const auto& entry : group.entries) alerts.push_back(alert_json(*entry.alert));
    groups.push_back({{"topic", group.health ? Json() : Json(group.topic)}, {"alerts", std::move(alerts)}});
  }
  const Json doc = {
      {"type", "digest"},
      {"id", digest.id},
      {"channel", digest.channel},
      {"created", format_rfc3339(digest.created)},
      {"count", digest.alerts.size()},
      {"groups", std::move(groups)},
  };
  return dump(doc);
}

WebhookMessage render_webhook_digest(const Digest& digest, Timestamp now, std::string_view signing_key) {
  return webhook_message(std::string_view(digest.id), render_webhook_digest_json(digest), now, signing_key);
}

WebhookMessage render_webhook(const Alert& alert, Timestamp now, std::string_view signing_key) {
  return webhook_message(alert, render_webhook_json(alert), now, signing_key);
}

WebhookMessage webhook_message(const Alert& alert, std::string body, Timestamp now, std::string_view signing_key) {
  return webhook_message(std::string_view(alert.id), std::move(body), now, signing_key);
}

WebhookMessage webhook_message(std::string_view message_id, std::string body, Timestamp now,
                               std::string_view signing_key) {
  WebhookMessage message;
  message.body = std::move(body);
  // A header value cannot carry a line break: the id is reduced to one line. The signature
  // covers the id as sent, which is what the receiver reads back.
  std::string id = text::single_line(message_id);
  std::string timestamp = std::to_string(now.time_since_epoch().count());
  message.headers = {
      {"Content-Type", "application/json"},
      {"webhook-id", id},
      {"webhook-timestamp", timestamp},
  };
  if (!signing_key.empty())
    message.headers.emplace_back("webhook-signature", webhook_signature(signing_key, id, timestamp, message.body));
  return message;
}

}  // namespace vigil::alerts
