#include "alerts/presets/preset.hpp"

#include <utility>

#include "alerts/alert_text.hpp"
#include "alerts/presets/services.hpp"
#include "alerts/template.hpp"
#include "alerts/webhook_message.hpp"

namespace vigil::alerts {

namespace presets {

WebhookRequest json_post(std::string url, std::string body) {
  WebhookRequest request;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

WebhookRequest render_generic(const WebhookOptions& options, const Alert& alert, Timestamp now) {
  // A channel's `body` template replaces the built-in document; either way the signature
  // covers the bytes sent.
  WebhookMessage message =
      options.body_template
          ? webhook_message(alert, options.body_template->render(alert_text(alert), Escape::json_string), now,
                            options.signing_key)
          : render_webhook(alert, now, options.signing_key);
  WebhookRequest request;
  request.url = options.url;
  request.headers = std::move(message.headers);
  request.body = std::move(message.body);
  return request;
}

WebhookRequest render_generic_digest(const WebhookOptions& options, const Digest& digest, Timestamp now) {
  WebhookMessage message = render_webhook_digest(digest, now, options.signing_key);
  WebhookRequest request;
  request.url = options.url;
  request.headers = std::move(message.headers);
  request.body = std::move(message.body);
  return request;
}

}  // namespace presets

namespace {

struct Service {
  WebhookPreset preset;
  const char* name;
  WebhookRequest (*render)(const WebhookOptions&, const Alert&, Timestamp);
  WebhookRequest (*render_digest)(const WebhookOptions&, const Digest&, Timestamp);
};

constexpr Service kServices[] = {
    {WebhookPreset::generic, "generic", presets::render_generic, presets::render_generic_digest},
    {WebhookPreset::slack, "slack", presets::render_slack, presets::render_slack_digest},
    {WebhookPreset::discord, "discord", presets::render_discord, presets::render_discord_digest},
    {WebhookPreset::teams, "teams", presets::render_teams, presets::render_teams_digest},
    {WebhookPreset::mattermost, "mattermost", presets::render_mattermost, presets::render_mattermost_digest},
    {WebhookPreset::ntfy, "ntfy", presets::render_ntfy, presets::render_ntfy_digest},
    {WebhookPreset::telegram, "telegram", presets::render_telegram, presets::render_telegram_digest},
    {WebhookPreset::matrix, "matrix", presets::render_matrix, presets::render_matrix_digest},
};

const Service& service(WebhookPreset preset) {
  for (const auto& s : kServices)
    if (s.preset == preset) return s;
  return kServices[0];
}

}  // namespace

WebhookRequest render_webhook_request(const WebhookOptions& options, const Alert& alert, Timestamp now) {
  return service(options.preset).render(options, alert, now);
}

WebhookRequest render_webhook_digest_request(const WebhookOptions& options, const Digest& digest, Timestamp now) {
  return service(options.preset).render_digest(options, digest, now);
}

const char* to_string(WebhookPreset preset) { return service(preset).name; }

}  // namespace vigil::alerts
