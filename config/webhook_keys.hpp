#pragma once
// Private to config/: the keys of webhook channels (url, the service presets, signing
// secrets and each preset's own keys), read for channel_section.cpp's key table.
#include <array>
#include <span>
#include <string_view>

#include "alerts/channel_spec.hpp"
#include "config/reader.hpp"

namespace vigil::config::detail {

// A preset and the keys it owns.
struct PresetRule {
  std::string_view name;
  alerts::WebhookPreset preset;
  std::string_view key_prefix;               // the preset's own keys start with it ("" = none)
  std::array<std::string_view, 2> required;  // "k" is met by "k" or "k_file"
};

// Every preset, in documentation order.
std::span<const PresetRule> preset_rules();
const PresetRule* preset_rule(std::string_view name);
const PresetRule* preset_rule(alerts::WebhookPreset preset);  // nullptr: the generic JSON webhook

inline constexpr std::string_view kPresets =
    R"("slack", "discord", "teams", "mattermost", "ntfy", "telegram" or "matrix")";
// Keys of the generic JSON webhook, which no preset sends.
inline constexpr std::string_view kGenericKeys[] = {"secret", "secret_file", "body"};

void apply_webhook_url(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_preset(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_secret(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_secret_file(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_ntfy_topic(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_ntfy_priority(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_ntfy_tags(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_telegram_chat_id(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_telegram_token(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_telegram_token_file(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_telegram_disable_preview(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_matrix_room(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_matrix_token(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_matrix_token_file(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);

}  // namespace vigil::config::detail
