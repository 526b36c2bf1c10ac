#include "alerts/webhook_channel.hpp"

#include <utility>

#include <fmt/format.h>

#include "alerts/webhook_message.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::size_t kReplyBodyChars = 200;

DeliveryOutcome outcome_for_status(long status) {
  if (status >= 200 && status < 300) return DeliveryOutcome::delivered;
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) return DeliveryOutcome::retry;
  return DeliveryOutcome::permanent;
}

}  // namespace

Delivery classify_http_response(const net::HttpResponse& response) {
  if (!response.ok() || response.status == 0) {
    const std::string detail = text::single_line(response.error_message);
    return {DeliveryOutcome::retry,
            fmt::format("{}{}{}", net::to_string(response.error), detail.empty() ? "" : ": ", detail)};
  }
  std::string reply = fmt::format("HTTP {}", response.status);
  std::string body = text::single_line(text::truncate_bytes(response.body, kReplyBodyChars * 4));
  if (!body.empty()) {
    // 200 characters, not bytes: cut by code points.
    std::size_t pos = 0, count = 0;
    while (pos < body.size() && count < kReplyBodyChars) {
      pos += text::utf8_sequence_length(static_cast<unsigned char>(body[pos]));
      ++count;
    }
    reply += ": " + body.substr(0, pos);
  }
  return {outcome_for_status(response.status), std::move(reply)};
}

WebhookChannel::WebhookChannel(std::string name, WebhookOptions options, net::Client& client)
    : name_(std::move(name)), options_(std::move(options)), client_(client) {}

void WebhookChannel::send(const Alert& alert, Done done) {
  WebhookMessage message = render_webhook(alert, now_utc());
  net::HttpRequest request;
  request.url = options_.url;
  request.method = "POST";
  request.body = std::move(message.body);
  request.headers = std::move(message.headers);
  client_.request(std::move(request),
                  [done = std::move(done)](net::HttpResponse response) { done(classify_http_response(response)); });
}

}  // namespace vigil::alerts
