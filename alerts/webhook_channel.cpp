#include "alerts/webhook_channel.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/presets/preset.hpp"
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

constexpr std::chrono::seconds kLongestRetryDelay{24 * 3600};

std::optional<std::chrono::seconds> delay_of(double seconds) {
  if (!(seconds >= 0)) return std::nullopt;  // negative or NaN
  const double capped = std::min(seconds, static_cast<double>(kLongestRetryDelay.count()));
  const auto whole = static_cast<long long>(capped);
  return std::chrono::seconds(whole + (capped > static_cast<double>(whole) ? 1 : 0));
}

// Retry-After's delta-seconds form; an HTTP-date gives nullopt (rate limiters send seconds).
std::optional<std::chrono::seconds> retry_after_header(std::string_view value) {
  value = text::trim(value);
  long long seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return delay_of(static_cast<double>(seconds));
}

}  // namespace

std::optional<std::chrono::seconds> requested_retry_delay(const net::HttpResponse& response) {
  if (auto header = retry_after_header(response.header("retry-after"))) return header;
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return std::nullopt;
  if (const auto it = body.find("retry_after_ms"); it != body.end() && it->is_number())
    return delay_of(it->get<double>() / 1000.0);
  if (const auto parameters = body.find("parameters"); parameters != body.end() && parameters->is_object())
    if (const auto it = parameters->find("retry_after"); it != parameters->end() && it->is_number())
      return delay_of(it->get<double>());
  return std::nullopt;
}

Delivery classify_http_response(const net::HttpResponse& response) {
  if (!response.ok() || response.status == 0) {
    const std::string detail = text::single_line(response.error_message);
    return {DeliveryOutcome::retry,
            fmt::format("{}{}{}", net::to_string(response.error), detail.empty() ? "" : ": ", detail)};
  }
  std::string reply = fmt::format("HTTP {}", response.status);
  std::optional<std::chrono::seconds> retry_after;
  if (response.status == 429 || response.status == 503) {
    retry_after = requested_retry_delay(response);
    if (retry_after) reply += fmt::format(" (retry after {}s)", retry_after->count());
  }
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
  return {outcome_for_status(response.status), std::move(reply), retry_after};
}

WebhookChannel::WebhookChannel(std::string name, WebhookOptions options, net::Client& client)
    : name_(std::move(name)), options_(std::move(options)), client_(client) {}

void WebhookChannel::send(const Alert& alert, Done done) {
  deliver(render_webhook_request(options_, alert, now_utc()), std::move(done));
}

void WebhookChannel::send_digest(const Digest& digest, Done done) {
  deliver(render_webhook_digest_request(options_, digest, now_utc()), std::move(done));
}

void WebhookChannel::deliver(WebhookRequest rendered, Done done) {
  net::HttpRequest request;
  request.url = std::move(rendered.url);
  request.method = std::move(rendered.method);
  request.body = std::move(rendered.body);
  request.headers = std::move(rendered.headers);
  client_.request(std::move(request),
                  [done = std::move(done)](net::HttpResponse response) { done(classify_http_response(response)); });
}

}  // namespace vigil::alerts
