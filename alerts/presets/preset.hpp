#pragma once
// What a webhook channel sends for one alert: the generic JSON document (Standard Webhooks
// headers, signed when the channel has a secret) or one service's own format, as the request
// alerts/webhook_channel.cpp sends. One file per service renders it; this is the way in.
//
// | preset     | request                                                                   |
// |------------|---------------------------------------------------------------------------|
// | generic    | POST url, the JSON of webhook_message.hpp                                 |
// | slack      | POST url, Block Kit: "text" fallback + section/context blocks (mrkdwn)    |
// | discord    | POST url, one embed, allowed_mentions {parse: []}                         |
// | teams      | POST url (Workflows), a message with an Adaptive Card 1.4                 |
// | mattermost | POST url, "text" in Markdown                                              |
// | ntfy       | POST url (the server's root), JSON publish with topic, title, message...  |
// | telegram   | POST {url}/bot{token}/sendMessage, HTML parse mode                        |
// | matrix     | PUT {url}/_matrix/client/v3/rooms/{room}/send/m.room.message/{alert id}   |
//
// A digest goes to the same place as one message in the same format, its alerts grouped by
// topic (digest_text.hpp) and cut to the service's limits on an entry boundary, with a last
// line saying how many were left out ("…and 150 more alerts"):
//
// | preset     | digest                                           | limit kept                  |
// |------------|--------------------------------------------------|-----------------------------|
// | generic    | the digest JSON of webhook_message.hpp            | none: every alert           |
// | slack      | a header block, per topic a title section and     | 50 blocks                   |
// |            | one section per alert, dividers between topics    |                             |
// | discord    | one embed per topic, its alerts in the description| 10 embeds, 6000 characters, |
// |            |                                                   | 4096 per description        |
// | teams      | an Adaptive Card with a Container per topic       | 24 KB of card (Teams: 28 KB)|
// | mattermost | Markdown: a heading per topic, a paragraph each   | 16383 characters            |
// | ntfy       | title "12 alerts: ...", a line or two per alert;   | 3800 bytes of message       |
// |            | no click URL (one link cannot stand for them all) |                             |
// | telegram   | HTML: a bold title per topic, an entry per alert  | 4096 characters             |
// | matrix     | body and formatted_body, a heading per topic      | 60000 bytes of both         |
//
// Health notices (Alert::health) carry a mark: "⚠️ " (failing, silent) or "✅ " (recovered)
// before the title; Discord colours the embed, Teams the title, ntfy sets priority 4 with the
// tag "warning" (3 and "white_check_mark" for a recovery).
#include <string>
#include <utility>
#include <vector>

#include "alerts/channel_spec.hpp"
#include "model/alert.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

struct WebhookRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// `now` is the generic webhook's webhook-timestamp.
WebhookRequest render_webhook_request(const WebhookOptions& options, const Alert& alert, Timestamp now);

// A digest as one request. The generic webhook's `body` template applies to single alerts
// only; a digest always has the built-in document.
WebhookRequest render_webhook_digest_request(const WebhookOptions& options, const Digest& digest, Timestamp now);

// "generic", "slack", ..., as the config's `preset` key spells them.
const char* to_string(WebhookPreset preset);

}  // namespace vigil::alerts
