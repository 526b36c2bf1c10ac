#pragma once
// The options of one configured [[channel]], as config/ loads them.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "alerts/template.hpp"

namespace vigil::alerts {

enum class ChannelType { email, webhook, console };
enum class StartTlsMode { required, opportunistic, never };

struct EmailOptions {
  std::string smtp;                 // smtp://host:port or smtps://host:port
  StartTlsMode starttls = StartTlsMode::required;
  std::string username;             // empty: no AUTH
  std::string password;             // resolved from password, ${ENV} or password_file
  std::string from;                 // "vigil <alerts@example.org>" or a bare address
  std::vector<std::string> to;      // bare addresses
  std::optional<Template> subject_template;  // `subject`; none: "[vigil] TOPICS: TITLE"
  std::optional<Template> body_template;     // `body`: the text part, also shown as HTML; none: built in
};

// What a webhook channel sends: the generic JSON document, or one service's own format
// (alerts/presets/).
enum class WebhookPreset { generic, slack, discord, teams, mattermost, ntfy, telegram, matrix };

struct NtfyOptions {
  std::string topic;
  int priority = 3;                 // 1 (min) to 5 (max); 3 is ntfy's default
  std::vector<std::string> tags;    // emoji short codes or words
};

struct TelegramOptions {
  std::string chat_id;              // "-1001234567890" or "@channelname"
  std::string token;                // the bot token (secret)
  bool disable_preview = false;     // disable_web_page_preview
};

struct MatrixOptions {
  std::string room;                 // a room ID, "!opaque:server.org"
  std::string token;                // an access token (secret)
};

struct WebhookOptions {
  std::string url;                  // the endpoint; telegram: the Bot API server ("" is
                                    // https://api.telegram.org); matrix: the homeserver
  WebhookPreset preset = WebhookPreset::generic;
  // The decoded key of the channel's "whsec_..." secret: generic webhooks are signed with it
  // (Standard Webhooks); empty: not signed.
  std::string signing_key;
  std::optional<Template> body_template;  // `body` of a generic webhook: JSON, checked at load
  NtfyOptions ntfy;
  TelegramOptions telegram;
  MatrixOptions matrix;
};

// "10/min": at most `count` messages (an alert, or a digest) per `per`.
struct RateLimit {
  int count = 0;
  std::chrono::seconds per{60};
};

// "22:00-07:00": local times of day (minutes after midnight); `end` before `start` spans midnight.
struct QuietHours {
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
};

// When a channel's alerts go out (alerts/pacing.hpp reads it against the clock).
struct PacingOptions {
  std::chrono::seconds digest_every{0};          // `digest`: one message per period; 0: none
  std::vector<std::chrono::minutes> digest_at{}; // `digest_at`: local times of day, sorted
  std::string timezone = "UTC";                  // IANA name for digest_at, quiet_hours and period slots
  std::optional<RateLimit> rate_limit{};
  std::optional<QuietHours> quiet_hours{};

  bool digests() const { return digest_every.count() > 0 || !digest_at.empty(); }
};

struct ChannelSpec {
  std::string name;
  ChannelType type = ChannelType::console;
  EmailOptions email;
  WebhookOptions webhook;
  std::chrono::seconds retry_max{300};  // cap of the exponential retry delay
  int max_attempts = 0;                  // attempts before an alert goes dead; 0: no limit
  std::chrono::seconds give_up_after{7 * 24 * 3600};  // an alert this old goes dead on its next failure; 0: never
  // A later item of a story the channel had: nothing (false), or an update alert naming the
  // new source ("also reported by").
  bool duplicate_updates = false;
  PacingOptions pacing{};
};

}  // namespace vigil::alerts
