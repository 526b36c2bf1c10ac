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

}  // namespace presets

namespace {

struct Service {
  WebhookPreset preset;
  const char* name;
  WebhookRequest (*render)(const WebhookOptions&, const Alert&, Timestamp);
};

constexpr Service kServices[] = {
    {WebhookPreset::generic, "generic", presets::render_generic},
    {WebhookPreset::slack, "slack", presets::render_slack},
    {WebhookPreset::discord, "discord", presets::render_discord},
    {WebhookPreset::teams, "teams", presets::render_teams},
    {WebhookPreset::mattermost, "mattermost", presets::render_mattermost},
    {WebhookPreset::ntfy, "ntfy", presets::render_ntfy},
    {WebhookPreset::telegram, "telegram", presets::render_telegram},
    {WebhookPreset::matrix, "matrix", presets::render_matrix},
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

const char* to_string(WebhookPreset preset) { return service(preset).name; }

}  // namespace vigil::alerts
