#pragma once
// An alert as a generic JSON webhook with the Standard Webhooks headers (webhook-id,
// webhook-timestamp, and webhook-signature when the channel has a secret).
//
// Body: {"id","channel","topics":[...],"title","url","published","source","summary","created"}
// - title, source, topics: one line each (control characters removed)
// - url: the item's link when it is http(s), else ""
// - published: RFC 3339 UTC or null; created: RFC 3339 UTC
// - summary: plain text (the feed's HTML reduced to text, line breaks kept, at most
//   kSummaryLimit characters), so receivers never have to sanitize feed HTML
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/alert.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

struct WebhookMessage {
  std::string body;                                         // the JSON document
  // Content-Type, webhook-id, webhook-timestamp[, webhook-signature]
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string render_webhook_json(const Alert& alert);

// `now` becomes webhook-timestamp (unix seconds). With a `signing_key` (the decoded key of
// the channel's "whsec_..." secret) the message is signed over its exact body bytes.
WebhookMessage render_webhook(const Alert& alert, Timestamp now, std::string_view signing_key = {});

// The same headers around a body made elsewhere (a channel's `body` template).
WebhookMessage webhook_message(const Alert& alert, std::string body, Timestamp now,
                               std::string_view signing_key = {});

}  // namespace vigil::alerts
