// [[channel]]: where alerts go (email, webhook, console), secrets resolved here.
#include <algorithm>
#include <array>

#include "alerts/template.hpp"
#include "alerts/webhook_signing.hpp"
#include "config/checks.hpp"
#include "config/pacing_keys.hpp"
#include "config/schema.hpp"
#include "config/sections.hpp"
#include "config/webhook_keys.hpp"

namespace vigil::config::detail {

namespace {

using alerts::ChannelSpec;
using alerts::ChannelType;
using alerts::StartTlsMode;
using alerts::WebhookPreset;
using Rule = KeyRule<ChannelSpec>;

constexpr std::string_view kTypes = R"("email", "webhook" or "console")";

std::optional<ChannelType> channel_type(std::string_view text) {
  if (text == "email") return ChannelType::email;
  if (text == "webhook") return ChannelType::webhook;
  if (text == "console") return ChannelType::console;
  return std::nullopt;
}

void apply_name(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto name = reader.plain_string(value, "a non-empty name")) out.name = *name;
}

void apply_type(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (auto type = channel_type(*text)) {
    out.type = *type;
    return;
  }
  reader.value_error(value, fmt::format("expected {}, got {}", kTypes, quote_value(*text)));
}

void apply_duplicates(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (*text == "suppress" || *text == "update") {
    out.duplicate_updates = *text == "update";
    return;
  }
  reader.value_error(value, fmt::format("expected \"suppress\" or \"update\", got {}", quote_value(*text)));
}

void apply_retry_max(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto cap = reader.duration(value, /*zero_allowed=*/false)) out.retry_max = *cap;
}

void apply_smtp(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  // Not echoed: a mistyped URL may still carry a password.
  if (auto valid = check_smtp_url(*text); !valid) {
    reader.value_error(value, "expected " + valid.error());
    return;
  }
  out.email.smtp = *text;
}

void apply_starttls(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (*text == "required") {
    out.email.starttls = StartTlsMode::required;
  } else if (*text == "opportunistic") {
    out.email.starttls = StartTlsMode::opportunistic;
  } else if (*text == "never") {
    out.email.starttls = StartTlsMode::never;
  } else {
    reader.value_error(value, fmt::format(R"(expected "required", "opportunistic" or "never", got {})",
                                          quote_value(*text)));
  }
}

void apply_username(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto name = reader.plain_string(value, "a non-empty user name")) out.email.username = *name;
}

void apply_password(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  auto expanded = expand_environment(*text);
  if (!expanded) {
    reader.value_error(value, expanded.error());
    return;
  }
  out.email.password = std::move(*expanded);
}

void apply_password_file(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto secret = reader.secret_file(value)) out.email.password = std::move(*secret);
}

void apply_from(Reader& reader, const toml::node& value, ChannelSpec& out) {
  constexpr std::string_view expected = R"("Name <address>" or "address")";
  const auto text = reader.plain_string(value, expected);
  if (!text) return;
  if (!is_mailbox(*text)) {
    reader.value_error(value, fmt::format("expected {}, got {}", expected, quote_value(*text)));
    return;
  }
  out.email.from = *text;
}

void apply_to(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto* addresses = reader.non_empty_array(value, "an array of email addresses");
  if (addresses == nullptr) return;
  for (const auto& element : *addresses) {
    const auto address = reader.plain_string(element, "an email address");
    if (!address) continue;
    if (!is_email_address(*address)) {
      reader.value_error(element, fmt::format("expected an email address, got {}",
                                              quote_value(*address)));
      continue;
    }
    out.email.to.push_back(*address);
  }
}

void apply_max_attempts(Reader& reader, const toml::node& value, ChannelSpec& out) {
  const auto* number = value.as_integer();
  if (number == nullptr || number->get() < 0 || number->get() > 1000000) {
    reader.value_error(value, "expected a whole number of attempts, 0 (no limit) or more");
    return;
  }
  out.max_attempts = static_cast<int>(number->get());
}

void apply_give_up_after(Reader& reader, const toml::node& value, ChannelSpec& out) {
  if (auto after = reader.duration(value, /*zero_allowed=*/true)) out.give_up_after = *after;
}

// `key "K" in SECTION: template, column C: ...` (with the line when the template has several);
// the place counts in the template's own text, which the file may have escaped.
void template_error(Reader& reader, const toml::node& value, const alerts::TemplateError& error) {
  const std::string place = error.line > 1 ? fmt::format("line {}, column {}", error.line, error.column)
                                           : fmt::format("column {}", error.column);
  reader.value_error(value, fmt::format("template, {}: {}", place, error.message));
}

std::optional<alerts::Template> read_template(Reader& reader, const toml::node& value) {
  const auto text = reader.string(value);
  if (!text) return std::nullopt;
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    reader.value_error(value, "expected a non-empty template");
    return std::nullopt;
  }
  auto parsed = alerts::Template::parse(*text);
  if (!parsed) {
    template_error(reader, value, parsed.error());
    return std::nullopt;
  }
  return std::move(*parsed);
}

void apply_subject(Reader& reader, const toml::node& value, ChannelSpec& out) {
  out.email.subject_template = read_template(reader, value);
}

// `body` means a text template for email and a JSON one for a generic webhook: the type is
// known only once every key is read (keys come in name order), so read_body does the work.
void apply_body(Reader& reader, const toml::node& value, ChannelSpec&) { (void)reader.string(value); }

void read_body(Reader& reader, const toml::table& table, std::string_view type, ChannelSpec& out) {
  for (auto&& [key, value] : table) {
    if (key.str() != "body" || !value.is_string()) continue;
    reader.at_key("body");
    if (type != "email" && type != "webhook") {
      reader.error(key.source(), fmt::format("key \"body\" in {} is not valid for {} {} channel (only for email "
                                             "and webhook)",
                                             reader.section(), type.starts_with('e') ? "an" : "a", type));
      return;
    }
    // A preset sends its own format: check_webhook_keys reports a `body` there.
    if (type == "webhook" && out.webhook.preset != WebhookPreset::generic) return;
    auto body = read_template(reader, value);
    if (!body) return;
    if (type == "email") {
      out.email.body_template = std::move(body);
      return;
    }
    if (auto valid = alerts::check_json_template(*body); !valid) {
      template_error(reader, value, valid.error());
      return;
    }
    out.webhook.body_template = std::move(body);
  }
}

constexpr Rule kChannelKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, used by topics' notify", .apply = apply_name},
    {.key = "type", .type = kTypes, .required = true,
     .doc = "how alerts are delivered", .apply = apply_type},
    {.key = "retry_max", .type = "duration", .default_toml = R"("5m")",
     .doc = "cap of the exponential delay between retries of a failed delivery",
     .apply = apply_retry_max},
    {.key = "max_attempts", .type = "integer", .default_toml = "0",
     .doc = "failed attempts after which an alert goes dead (vigil alerts retry re-queues it); 0: no limit",
     .apply = apply_max_attempts},
    {.key = "give_up_after", .type = "duration", .default_toml = R"("7d")",
     .doc = R"(an alert still failing this long after it was made goes dead; "0": never)",
     .apply = apply_give_up_after},
    {.key = "digest", .type = "duration (at least 1m)", .default_doc = "none: each alert on its own",
     .doc = "batch alerts into one message per period, grouped by topic; slots fall on whole periods "
            "of local time (\"1h\" on the hour, \"1d\" at midnight)",
     .apply = apply_digest},
    {.key = "digest_at", .type = R"(array of "HH:MM")", .default_doc = "none",
     .doc = "batch alerts into one message at these local times of day (instead of digest)",
     .apply = apply_digest_at},
    {.key = "timezone", .type = "IANA time zone name", .default_toml = R"("UTC")",
     .doc = "the zone of digest_at, quiet_hours and digest slots, e.g. \"Europe/London\"",
     .apply = apply_timezone},
    {.key = "rate_limit", .type = R"("N/unit", e.g. "10/min")", .default_doc = "no limit",
     .doc = "at most N messages per period; alerts over the limit wait and go out together as one digest "
            "when the period allows another message",
     .apply = apply_rate_limit},
    {.key = "quiet_hours", .type = R"("HH:MM-HH:MM")", .default_doc = "none",
     .doc = "local hours when nothing is sent; what arrives meanwhile goes out as one digest when they end",
     .apply = apply_quiet_hours},
    {.key = "duplicates", .type = R"("suppress" or "update")", .default_toml = R"("suppress")",
     .doc = "a later item of a story this channel had: nothing, or an update alert naming the new source",
     .apply = apply_duplicates},
    {.key = "smtp", .type = "smtp://host[:port] or smtps://host[:port]", .required = true,
     .only_for = "email",
     .doc = "mail server; smtp:// upgrades per starttls, smtps:// is TLS from the start",
     .apply = apply_smtp},
    {.key = "starttls", .type = R"("required", "opportunistic" or "never")",
     .default_toml = R"("required")", .only_for = "email",
     .doc = "STARTTLS on smtp:// servers", .apply = apply_starttls},
    {.key = "username", .type = "string", .only_for = "email",
     .doc = "SMTP AUTH user, with password or password_file", .apply = apply_username},
    {.key = "password", .type = "secret string", .only_for = "email",
     .doc = R"(SMTP AUTH password; "${VAR}" reads the environment, "$$" is a literal "$")",
     .apply = apply_password},
    {.key = "password_file", .type = "path", .only_for = "email",
     .doc = "file holding the password (trailing newline dropped); relative to the config "
            "file's directory",
     .apply = apply_password_file},
    {.key = "from", .type = R"("Name <address>" or "address")", .required = true,
     .only_for = "email", .doc = "sender of the alerts", .apply = apply_from},
    {.key = "to", .type = "array of email addresses", .required = true, .only_for = "email",
     .doc = "recipients", .apply = apply_to},
    {.key = "subject", .type = "template", .default_doc = R"(built in: "[vigil] {topic}: {title}")",
     .only_for = "email",
     .doc = "subject line; fields as in the README's Templates, each reduced to one line",
     .apply = apply_subject},
    {.key = "body", .type = "template (email: text; webhook: JSON)",
     .default_doc = "built-in layout",
     .doc = "email and generic webhook only: the text part (also shown as HTML), or the JSON "
            "document posted instead of the built-in one; fields as in the README's Templates",
     .apply = apply_body},
    {.key = "url", .type = "http:// or https:// URL",
     .default_doc = "required; telegram: https://api.telegram.org", .only_for = "webhook",
     .doc = "endpoint that receives each alert as a JSON POST; with a preset, the service's webhook "
            "URL (ntfy: the server's root, telegram: the Bot API server, matrix: the homeserver)",
     .apply = apply_webhook_url},
    {.key = "preset", .type = kPresets, .default_doc = "the generic JSON", .only_for = "webhook",
     .doc = "send in that service's own format instead of the generic JSON (see Channels)",
     .apply = apply_preset},
    {.key = "secret", .type = "secret string", .only_for = "webhook",
     .doc = R"(generic JSON only: "whsec_<base64 key>" signs each POST (Standard Webhooks' )"
            R"(webhook-signature); "${VAR}" reads the environment)",
     .apply = apply_secret},
    {.key = "secret_file", .type = "path", .only_for = "webhook",
     .doc = "generic JSON only: file holding the secret (trailing newline dropped)",
     .apply = apply_secret_file},
    {.key = "ntfy_topic", .type = "ntfy topic", .default_doc = "required for ntfy", .only_for = "webhook",
     .doc = "ntfy: the topic to publish to", .apply = apply_ntfy_topic},
    {.key = "ntfy_priority", .type = R"(1 to 5, or "min", "low", "default", "high", "max")",
     .default_toml = R"("default")", .only_for = "webhook",
     .doc = "ntfy: the message priority", .apply = apply_ntfy_priority},
    {.key = "ntfy_tags", .type = "array of strings", .only_for = "webhook",
     .doc = "ntfy: tags; emoji short codes such as \"warning\" show as emojis",
     .apply = apply_ntfy_tags},
    {.key = "telegram_chat_id", .type = R"(integer or "@channelname")", .default_doc = "required for telegram",
     .only_for = "webhook", .doc = "telegram: the chat, group or channel to post to",
     .apply = apply_telegram_chat_id},
    {.key = "telegram_token", .type = "secret string",
     .default_doc = "required for telegram (or telegram_token_file)", .only_for = "webhook",
     .doc = R"(telegram: the bot token; "${VAR}" reads the environment)",
     .apply = apply_telegram_token},
    {.key = "telegram_token_file", .type = "path", .only_for = "webhook",
     .doc = "telegram: file holding the bot token", .apply = apply_telegram_token_file},
    {.key = "telegram_disable_preview", .type = "boolean", .default_toml = "false", .only_for = "webhook",
     .doc = "telegram: no link preview under the message", .apply = apply_telegram_disable_preview},
    {.key = "matrix_room", .type = "room ID", .default_doc = "required for matrix", .only_for = "webhook",
     .doc = R"(matrix: the room's ID, "!...:server")", .apply = apply_matrix_room},
    {.key = "matrix_token", .type = "secret string",
     .default_doc = "required for matrix (or matrix_token_file)", .only_for = "webhook",
     .doc = R"(matrix: the bot user's access token; "${VAR}" reads the environment)",
     .apply = apply_matrix_token},
    {.key = "matrix_token_file", .type = "path", .only_for = "webhook",
     .doc = "matrix: file holding the access token", .apply = apply_matrix_token_file},
};

std::string_view type_of(const toml::table& table) {
  if (const auto* text = table.get_as<std::string>("type"); text && channel_type(text->get()))
    return text->get();
  return {};
}

// Checks that involve two keys; each message names both.
void check_email_keys(Reader& reader, const KeyPositions& seen, const ChannelSpec& channel) {
  const Where* password = seen.find("password");
  const Where* password_file = seen.find("password_file");
  const Where* username = seen.find("username");
  const auto& section = reader.section();
  check_exclusive(reader, seen, "password", "password_file");
  if (username != nullptr && password == nullptr && password_file == nullptr)
    reader.error(*username, fmt::format("key \"username\" in {} needs \"password\" or "
                                        "\"password_file\" too",
                                        section));
  if (username == nullptr) {
    if (const Where* secret = password != nullptr ? password : password_file)
      reader.error(*secret, fmt::format("key \"{}\" in {} needs \"username\" too",
                                        password != nullptr ? "password" : "password_file",
                                        section));
  }
  if (const Where* starttls = seen.find("starttls"); starttls && is_smtps(channel.email.smtp))
    reader.warning(*starttls, fmt::format("key \"starttls\" in {} has no effect with smtps:// "
                                          "(TLS from the first byte)",
                                          section));
}

std::string_view type_doc(std::string_view key) {
  for (const auto& rule : kChannelKeys)
    if (rule.key == key) return rule.type;
  return {};
}

// A webhook's keys against its preset: another preset's keys, a preset's missing ones, `url`
// (which only telegram can do without). Skipped while the preset itself is wrong.
void check_webhook_keys(Reader& reader, const toml::table& table, const KeyPositions& seen,
                        const ChannelSpec& channel) {
  const auto& section = reader.section();
  for (const std::string_view key : {"secret", "telegram_token", "matrix_token"})
    check_exclusive(reader, seen, key, std::string(key) + "_file");
  if (const auto* preset = table.get("preset"); preset && !(preset->is_string() && preset_rule(preset->as_string()->get())))
    return;
  const PresetRule* own = preset_rule(channel.webhook.preset);
  const std::string mine = own ? fmt::format("this channel's preset is \"{}\"", own->name) : "this channel has no preset";
  for (auto&& [key, value] : table) {
    const std::string_view name = key.str();
    for (const auto& rule : preset_rules())
      if (&rule != own && !rule.key_prefix.empty() && name.starts_with(rule.key_prefix))
        reader.error(key.source(), fmt::format("key \"{}\" in {} is only for preset \"{}\" ({})", name, section,
                                               rule.name, mine));
    if (own != nullptr && std::find(std::begin(kGenericKeys), std::end(kGenericKeys), name) != std::end(kGenericKeys))
      reader.error(key.source(), fmt::format("key \"{}\" in {} is only for the generic JSON webhook ({})", name,
                                             section, mine));
  }
  if (own != nullptr) {
    for (const std::string_view key : own->required) {
      if (key.empty() || seen.find(key) || seen.find(std::string(key) + "_file")) continue;
      const bool has_file = key.ends_with("_token");
      reader.error(table.source(), fmt::format("missing required key \"{}\"{} in {} for preset \"{}\" ({})", key,
                                               has_file ? fmt::format(" or \"{}_file\"", key) : "", section,
                                               own->name, type_doc(key)));
    }
  }
  if (channel.webhook.preset != WebhookPreset::telegram && seen.find("url") == nullptr)
    reader.error(table.source(), fmt::format("missing required key \"url\" in {} ({})", section, type_doc("url")));
}

}  // namespace

ChannelSpec read_channel(Reader& reader, const toml::table& table, std::size_t index) {
  reader.enter("[[channel]] " + name_label(table, index));
  ChannelSpec channel;
  const auto type = type_of(table);
  const auto seen = read_keys<ChannelSpec>(reader, table, kChannelKeys, channel, type);
  check_exclusive(reader, seen, "digest", "digest_at");
  if (channel.type == ChannelType::email && !type.empty()) check_email_keys(reader, seen, channel);
  if (channel.type == ChannelType::webhook && !type.empty()) check_webhook_keys(reader, table, seen, channel);
  if (!type.empty()) read_body(reader, table, type, channel);
  return channel;
}

void append_channel_docs(std::vector<KeyDoc>& docs) {
  append_docs<ChannelSpec>(docs, "[[channel]]", kChannelKeys);
}

}  // namespace vigil::config::detail
