// [[channel]]: where alerts go (email, webhook, console), secrets resolved here.
#include "config/checks.hpp"
#include "config/schema.hpp"
#include "config/sections.hpp"

namespace vigil::config::detail {

namespace {

using alerts::ChannelSpec;
using alerts::ChannelType;
using alerts::StartTlsMode;
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

constexpr Rule kChannelKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, used by topics' notify", .apply = apply_name},
    {.key = "type", .type = kTypes, .required = true,
     .doc = "how alerts are delivered", .apply = apply_type},
    {.key = "retry_max", .type = "duration", .default_toml = R"("5m")",
     .doc = "cap of the exponential delay between retries of a failed delivery",
     .apply = apply_retry_max},
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
    {.key = "url", .type = "http:// or https:// URL", .required = true, .only_for = "webhook",
     .doc = "endpoint that receives each alert as a JSON POST", .apply = apply_webhook_url},
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
  if (password != nullptr && password_file != nullptr) {
    const Where* later =
        std::pair(password->begin.line, password->begin.column) >
                std::pair(password_file->begin.line, password_file->begin.column)
            ? password
            : password_file;
    reader.error(*later, fmt::format("keys \"password\" and \"password_file\" in {} exclude "
                                     "each other; keep one",
                                     section));
  }
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

}  // namespace

ChannelSpec read_channel(Reader& reader, const toml::table& table, std::size_t index) {
  reader.enter("[[channel]] " + name_label(table, index));
  ChannelSpec channel;
  const auto type = type_of(table);
  const auto seen = read_keys<ChannelSpec>(reader, table, kChannelKeys, channel, type);
  if (channel.type == ChannelType::email && !type.empty()) check_email_keys(reader, seen, channel);
  return channel;
}

void append_channel_docs(std::vector<KeyDoc>& docs) {
  append_docs<ChannelSpec>(docs, "[[channel]]", kChannelKeys);
}

}  // namespace vigil::config::detail
