#pragma once
// An alert as a generic JSON webhook with the Standard Webhooks headers (webhook-id,
// webhook-timestamp; webhook-signature comes with signing).
//
// Body: {"id","channel","topics":[...],"title","url","published","source","summary","created"}
// - title, source, topics: one line each (control characters removed)
// - url: the item's link when it is http(s), else ""
// - published: RFC 3339 UTC or null; created: RFC 3339 UTC
// - summary: plain text (the feed's HTML reduced to text, line breaks kept, at most
//   kSummaryLimit characters), so receivers never have to sanitize feed HTML
#include <string>
#include <utility>
#include <vector>

#include "model/alert.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

struct WebhookMessage {
  std::string body;                                         // the JSON document
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, webhook-id, webhook-timestamp
};

std::string render_webhook_json(const Alert& alert);

// `now` becomes webhook-timestamp (unix seconds).
WebhookMessage render_webhook(const Alert& alert, Timestamp now);

}  // namespace vigil::alerts
