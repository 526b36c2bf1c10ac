#pragma once
// Delivers alerts as JSON POSTs (see webhook_message.hpp for the body and headers).
#include <string>

#include "alerts/channel.hpp"
#include "net/client.hpp"

namespace vigil::alerts {

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(std::string name, WebhookOptions options, net::Client& client);
  const std::string& name() const override { return name_; }
  void send(const Alert& alert, Done done) override;

 private:
  std::string name_;
  WebhookOptions options_;
  net::Client& client_;
};

// 2xx: delivered; 408, 429, 5xx and transport errors: retry; other 4xx: permanent; anything
// else (a redirect that was not followed): permanent, since repeating cannot fix it.
// The reply reads "HTTP 503: <first 200 characters of the body>".
Delivery classify_http_response(const net::HttpResponse& response);

}  // namespace vigil::alerts
