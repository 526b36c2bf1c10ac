#pragma once
// Standard Webhooks signatures (https://www.standardwebhooks.com/): the receiver recomputes
// HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>" with the shared key and compares
// it with the `webhook-signature` header ("v1,<base64>"), so it knows the alert came from us,
// unchanged, and (with the timestamp) recently.
//
// The shared secret is written "whsec_<base64 of the key>", as the specification and the
// services that implement it show it. The prefix is required: without it a receiver library
// would decode a different key than we do (some take the whole string as base64, others as
// raw bytes), and every signature would fail with no hint why.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace vigil::alerts {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// The key of a "whsec_<base64>" secret (standard alphabet, padding optional). The error is the
// phrase after "expected" and never contains the secret.
// Defined here so config/ can check a secret while loading without linking this library.
inline std::expected<std::string, std::string> decode_webhook_secret(std::string_view secret) {
  if (!secret.starts_with(kWebhookSecretPrefix))
    return std::unexpected(R"(a Standard Webhooks secret starting with "whsec_")");
  std::string_view encoded = secret.substr(kWebhookSecretPrefix.size());
  std::size_t padding = 0;
  while (!encoded.empty() && encoded.back() == '=' && padding < 2) {
    encoded.remove_suffix(1);
    ++padding;
  }
  const std::string bad_base64 = R"(base64 after "whsec_" (A-Z, a-z, 0-9, "+" and "/", "=" padding at the end))";
  if (encoded.empty()) return std::unexpected(R"(a base64 key after "whsec_", got nothing)");
  // Unpadded base64 never leaves a single character in its last group; padded, the groups are full.
  if (encoded.size() % 4 == 1 || (padding > 0 && (encoded.size() + padding) % 4 != 0))
    return std::unexpected(bad_base64 + ", got a length no base64 text has");
  std::string key;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : encoded) {
    unsigned v;
    if (c >= 'A' && c <= 'Z') v = static_cast<unsigned>(c - 'A');
    else if (c >= 'a' && c <= 'z') v = static_cast<unsigned>(c - 'a' + 26);
    else if (c >= '0' && c <= '9') v = static_cast<unsigned>(c - '0' + 52);
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else return std::unexpected(bad_base64 + ", got another character");
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      key += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return key;
}

// "v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body)>": the value of the
// webhook-signature header. `timestamp` is the webhook-timestamp header's value (Unix seconds).
std::string webhook_signature(std::string_view key, std::string_view id, std::string_view timestamp,
                              std::string_view body);

}  // namespace vigil::alerts
