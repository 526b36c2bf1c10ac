#pragma once
// Internal to alerts/presets/: one renderer per service, each in its own file.
#include "alerts/presets/preset.hpp"

namespace vigil::alerts::presets {

WebhookRequest render_generic(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_slack(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_discord(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_teams(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_mattermost(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_ntfy(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_telegram(const WebhookOptions& options, const Alert& alert, Timestamp now);
WebhookRequest render_matrix(const WebhookOptions& options, const Alert& alert, Timestamp now);

WebhookRequest render_generic_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_slack_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_discord_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_teams_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_mattermost_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_ntfy_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_telegram_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);
WebhookRequest render_matrix_digest(const WebhookOptions& options, const Digest& digest, Timestamp now);

// A JSON POST to `url`.
WebhookRequest json_post(std::string url, std::string body);

}  // namespace vigil::alerts::presets
