// [[channel]] keys of webhooks: the endpoint, the service presets and their own keys, and the
// Standard Webhooks signing secret. Secrets and tokens are never echoed in messages.
#include "config/webhook_keys.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "alerts/webhook_signing.hpp"
#include <fmt/format.h>

#include "config/checks.hpp"

namespace vigil::config::detail {

using alerts::ChannelSpec;
using alerts::WebhookPreset;

namespace {

constexpr PresetRule kPresetRules[] = {
    {"slack", WebhookPreset::slack, {}, {}},
    {"discord", WebhookPreset::discord, {}, {}},
    {"teams", WebhookPreset::teams, {}, {}},
    {"mattermost", WebhookPreset::mattermost, {}, {}},
    {"ntfy", WebhookPreset::ntfy, "ntfy_", {"ntfy_topic"}},
    {"telegram", WebhookPreset::telegram, "telegram_", {"telegram_chat_id", "telegram_token"}},
    {"matrix", WebhookPreset::matrix, "matrix_", {"matrix_room", "matrix_token"}},
};

std::optional<std::string> read_secret(Reader& reader, const toml::node& value) {
  const auto text = reader.string(value);
  if (!text) return std::nullopt;
  auto expanded = expand_environment(*text);
  if (!expanded) {
    reader.value_error(value, expanded.error());
    return std::nullopt;
  }
  return std::move(*expanded);
}

void set_signing_key(Reader& reader, const toml::node& value, const std::string& secret, ChannelSpec& out) {
  auto key = alerts::decode_webhook_secret(secret);
  if (!key) {
    reader.value_error(value, "expected " + key.error());
    return;
  }
  if (key->size() < 24)
    reader.value_warning(value, fmt::format("the key has {} bytes; Standard Webhooks asks for 24 to 64 "
                                            "random bytes", key->size()));
  out.webhook.signing_key = std::move(*key);
}

bool all_of_chars(std::string_view text, std::string_view extra) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
  });
}

void set_token(Reader& reader, const toml::node& value, const std::string& token, std::string& out) {
  const bool telegram = reader.key().starts_with("telegram_");
  const bool valid = telegram ? all_of_chars(token, ":_-")
                              : !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
                                  return c > ' ' && c < 0x7F;
                                });
  if (!valid) {
    reader.value_error(value, telegram ? R"(expected a bot token like "123456:ABC-DEF_ghi" (letters, digits, )"
                                         R"(":", "-" and "_"), got other characters)"
                                       : "expected an access token (visible ASCII characters), got other "
                                         "characters");
    return;
  }
  out = token;
}

}  // namespace

std::span<const PresetRule> preset_rules() { return kPresetRules; }

void apply_webhook_url(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  // Not echoed: webhook URLs often embed their token.
  if (auto valid = check_web_url(*text); !valid) {
    reader.value_error(value, "expected " + valid.error());
    return;
  }
  out.webhook.url = *text;
}

const PresetRule* preset_rule(std::string_view name) {
  for (const auto& rule : kPresetRules)
    if (rule.name == name) return &rule;
  return nullptr;
}

const PresetRule* preset_rule(WebhookPreset preset) {
  for (const auto& rule : kPresetRules)
    if (rule.preset == preset) return &rule;
  return nullptr;  // generic
}

void apply_preset(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (const auto* rule = preset_rule(*text)) {
    out.webhook.preset = rule->preset;
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& rule : kPresetRules) names.push_back(rule.name);
  reader.value_error(value, fmt::format("expected {}, got {}{}", kPresets, quote_value(*text),
                                        suggestion(*text, names)));
}

// A secret string: "${VAR}" read from the environment; never echoed.

void apply_secret(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto secret = read_secret(reader, value)) set_signing_key(reader, value, *secret, out);
}

void apply_secret_file(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto secret = reader.secret_file(value)) set_signing_key(reader, value, *secret, out);
}

void apply_ntfy_topic(Reader& reader, const toml::node& value, ChannelSpec& out) {
  constexpr std::string_view expected = R"(an ntfy topic (up to 64 letters, digits, "-" and "_"))";
  const auto text = reader.plain_string(value, expected);
  if (!text) return;
  if (text->size() > 64 || !all_of_chars(*text, "-_")) {
    reader.value_error(value, fmt::format("expected {}, got {}", expected, quote_value(*text)));
    return;
  }
  out.webhook.ntfy.topic = *text;
}

void apply_ntfy_priority(Reader& reader, const toml::node& value, ChannelSpec& out) {
  constexpr std::string_view expected = R"(1 to 5, or "min", "low", "default", "high" or "max")";
  constexpr std::string_view kNames[] = {"min", "low", "default", "high", "max"};
  if (const auto* number = value.as_integer()) {
    if (number->get() >= 1 && number->get() <= 5) {
      out.webhook.ntfy.priority = static_cast<int>(number->get());
      return;
    }
    reader.value_error(value, fmt::format("expected {}, got {}", expected, number->get()));
    return;
  }
  const auto* text = value.as_string();
  if (text == nullptr) {
    reader.type_error(value, expected);
    return;
  }
  for (std::size_t i = 0; i < std::size(kNames); ++i) {
    if (text->get() == kNames[i]) {
      out.webhook.ntfy.priority = static_cast<int>(i) + 1;
      return;
    }
  }
  if (text->get() == "urgent") {  // ntfy's other name for 5
    out.webhook.ntfy.priority = 5;
    return;
  }
  reader.value_error(value, fmt::format("expected {}, got {}", expected, quote_value(text->get())));
}

void apply_ntfy_tags(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto* tags = reader.non_empty_array(value, "an array of tags");
  if (tags == nullptr) return;
  for (const auto& element : *tags)
    if (auto tag = reader.plain_string(element, "a tag (an emoji short code or a word)"))
      out.webhook.ntfy.tags.push_back(*tag);
}

void apply_telegram_chat_id(Reader& reader, const toml::node& value, ChannelSpec& out) {
  constexpr std::string_view expected = R"(a chat id: an integer such as -1001234567890, or "@channelname")";
  if (const auto* number = value.as_integer()) {
    out.webhook.telegram.chat_id = std::to_string(number->get());
    return;
  }
  const auto text = reader.plain_string(value, expected);
  if (!text) return;
  const std::string_view id = *text;
  const std::string_view digits = id.substr(id.starts_with('-') ? 1 : 0);
  const bool numeric = !digits.empty() && digits.size() < 19 &&
                       std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool username = id.starts_with('@') && id.size() >= 2 && id.size() <= 33 && all_of_chars(id.substr(1), "_");
  if (!numeric && !username) {
    reader.value_error(value, fmt::format("expected {}, got {}", expected, quote_value(*text)));
    return;
  }
  out.webhook.telegram.chat_id = *text;
}

// A token that goes into a URL path (Telegram) or a header (Matrix): its characters are
// checked here so it can neither leave the path nor add a header. Never echoed.

void apply_telegram_token(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto token = read_secret(reader, value)) set_token(reader, value, *token, out.webhook.telegram.token);
}

void apply_telegram_token_file(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto token = reader.secret_file(value)) set_token(reader, value, *token, out.webhook.telegram.token);
}

void apply_telegram_disable_preview(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto flag = reader.boolean(value)) out.webhook.telegram.disable_preview = *flag;
}

void apply_matrix_room(Reader& reader, const toml::node& value, ChannelSpec& out) {
  constexpr std::string_view expected =
      R"(a room ID such as "!AbCdEf:example.org" (Element: Room settings, Advanced))";
  const auto text = reader.plain_string(value, expected);
  if (!text) return;
  if (!text->starts_with('!') || text->size() < 2) {
    reader.value_error(value, fmt::format("expected {}, got {}{}", expected, quote_value(*text),
                                          text->starts_with('#') ? " (an alias, not an ID)" : ""));
    return;
  }
  out.webhook.matrix.room = *text;
}

void apply_matrix_token(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto token = read_secret(reader, value)) set_token(reader, value, *token, out.webhook.matrix.token);
}

void apply_matrix_token_file(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto token = reader.secret_file(value)) set_token(reader, value, *token, out.webhook.matrix.token);
}

}  // namespace vigil::config::detail
