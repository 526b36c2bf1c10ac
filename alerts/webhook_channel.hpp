#pragma once
// Delivers alerts and digests over HTTP: the generic JSON webhook (webhook_message.hpp) or a service
// preset (presets/preset.hpp), whichever the channel's options name.
#include <chrono>
#include <optional>
#include <string>

#include "alerts/channel.hpp"
#include "alerts/presets/preset.hpp"
#include "net/client.hpp"

namespace vigil::alerts {

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(std::string name, WebhookOptions options, net::Client& client);
  const std::string& name() const override { return name_; }
  void send(const Alert& alert, Done done) override;
  void send_digest(const Digest& digest, Done done) override;

 private:
  void deliver(WebhookRequest rendered, Done done);

  std::string name_;
  WebhookOptions options_;
  net::Client& client_;
};

// 2xx: delivered; 408, 429, 5xx and transport errors: retry; other 4xx: permanent; anything
// else (a redirect that was not followed): permanent, since repeating cannot fix it.
// The reply reads "HTTP 503: <first 200 characters of the body>"; when the server said how
// long to wait, "HTTP 429 (retry after 30s): ...".
Delivery classify_http_response(const net::HttpResponse& response);

// How long a refusing server asked us to wait: a Retry-After header in seconds, Telegram's
// {"parameters": {"retry_after": s}} or Matrix's {"retry_after_ms": ms} (rounded up); nullopt
// when it did not say. Capped at a day.
std::optional<std::chrono::seconds> requested_retry_delay(const net::HttpResponse& response);

}  // namespace vigil::alerts
