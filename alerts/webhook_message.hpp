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
// A source health notice has the same keys ("topics" and "matches" empty, "title" vigil's
// "Source x has failed for 6h", "url" the source's, "summary" the last error) and, first,
// "type": "health"; a story alert has no "type".
//
// A digest is one document:
//   {"type": "digest", "id", "channel", "created", "count",
//    "groups": [{"topic": "landmines", "alerts": [<a single alert's document>, ...]}, ...]}
// grouped as digest_text.hpp says (an alert under its first topic, topics in the order they
// first appear); the group of health notices comes first, with "topic": null. Its headers are
// a single alert's, with the digest id as webhook-id. A channel's `body` template applies to
// single alerts only: digests always have this form.
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
// ... for any message id (a digest's).
WebhookMessage webhook_message(std::string_view id, std::string body, Timestamp now,
                               std::string_view signing_key = {});

std::string render_webhook_digest_json(const Digest& digest);
WebhookMessage render_webhook_digest(const Digest& digest, Timestamp now, std::string_view signing_key = {});

}  // namespace vigil::alerts
