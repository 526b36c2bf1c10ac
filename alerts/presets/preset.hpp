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

// "generic", "slack", ..., as the config's `preset` key spells them.
const char* to_string(WebhookPreset preset);

}  // namespace vigil::alerts
