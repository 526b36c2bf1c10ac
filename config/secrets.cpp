#include "config/secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <boost/url/parse.hpp>

namespace vigil::config {

namespace {

using Secrets = std::vector<std::string>;

void add(Secrets& out, std::string_view value) {
  if (!value.empty()) out.emplace_back(value);
}

// The key as written in the config ("whsec_<base64>"), without "=" padding, so the written
// form is covered padded or not.
std::string base64_unpadded(std::string_view bytes) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

// A URL's userinfo password and credential-named query values, as written and decoded;
// with `whole`, its path and query too (webhook URLs whose path is the token).
void add_url(Secrets& out, std::string_view text, bool whole = false) {
  const auto url = boost::urls::parse_uri_reference(text);
  if (!url) return;
  if (url->has_password()) {
    add(out, url->encoded_password());
    add(out, url->password());
  }
  for (const auto& param : url->encoded_params()) {
    if (!param.has_value || !is_credential_name(param.key.decode())) continue;
    add(out, param.value);
    add(out, param.value.decode());
  }
  if (whole && url->encoded_path().size() > 1) {
    add(out, url->encoded_path());
    add(out, url->path());
  }
  if (whole && url->has_query()) add(out, url->encoded_query());
}

void add_header(Secrets& out, std::string_view name, std::string_view value) {
  if (!is_credential_name(name)) return;
  add(out, value);
  // "Bearer TOKEN", "Basic BASE64": the credential alone may be logged too.
  if (const auto space = value.find(' '); space != std::string_view::npos) add(out, value.substr(space + 1));
}

void add_source(Secrets& out, const SourceSpec& source) {
  add(out, source.password);
  add_url(out, source.url);
  if (source.proxy) add_url(out, *source.proxy);
  for (const auto& [name, value] : source.headers) add_header(out, name, value);
}

void add_channel(Secrets& out, const alerts::ChannelSpec& channel) {
  using alerts::WebhookPreset;
  add(out, channel.email.password);
  add_url(out, channel.email.smtp);
  const auto& hook = channel.webhook;
  const bool url_is_credential = hook.preset == WebhookPreset::slack || hook.preset == WebhookPreset::discord ||
                                 hook.preset == WebhookPreset::teams || hook.preset == WebhookPreset::mattermost;
  add_url(out, hook.url, url_is_credential);
  add(out, hook.signing_key);
  add(out, base64_unpadded(hook.signing_key));
  add(out, hook.telegram.token);
  add(out, hook.matrix.token);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

bool is_credential_name(std::string_view name) {
  static constexpr std::array<std::string_view, 9> words = {
      "authorization", "cookie", "session", "sessionid", "sid", "sig", "signature", "credential", "credentials"};
  static constexpr std::array<std::string_view, 7> endings = {"token", "key", "secret", "password",
                                                              "passwd", "pwd", "auth"};
  const std::string text = lower(name);
  // Words split at anything but letters and digits: "X-Api-Key" -> x, api, key.
  for (std::size_t start = 0; start < text.size();) {
    auto end = start;
    while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view word = std::string_view(text).substr(start, end - start);
    if (!word.empty()) {
      if (std::find(words.begin(), words.end(), word) != words.end()) return true;
      if (std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return word.ends_with(e); }))
        return true;
    }
    start = end + 1;
  }
  return false;
}

std::vector<std::string> secrets_of(const Config& config) {
  Secrets out;
  add(out, config.daemon.metrics_token);
  if (config.daemon.proxy) add_url(out, *config.daemon.proxy);
  for (const auto& source : config.sources) add_source(out, source);
  for (const auto& channel : config.channels) add_channel(out, channel);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace vigil::config
