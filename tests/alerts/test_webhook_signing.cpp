// Standard Webhooks signatures, checked against Python's standard library (hmac, hashlib,
// base64) rather than against our own reading of the specification.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "alerts/mime.hpp"
#include "alerts/presets/preset.hpp"
#include "alerts/template.hpp"
#include "alerts/webhook_channel.hpp"
#include "alerts/webhook_message.hpp"
#include "alerts/webhook_signing.hpp"
#include "config/config.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using vigil::test::TempDir;

namespace {

constexpr std::string_view kSecret = "whsec_dmlnaWwtdGVzdC1rZXktMjQtYnl0ZXMhIQ==";

// The signature Python's stdlib computes for the same input; the body goes through a file so
// any bytes survive.
std::string python_signature(std::string_view secret, std::string_view id, std::string_view timestamp,
                             std::string_view body) {
  TempDir dir;
  vigil::test::write_file(dir.file("body"), std::string(body));
  static const std::string kScript =
      "import base64, hashlib, hmac, sys\n"
      "secret, msg_id, ts, path = sys.argv[1:]\n"
      "key = base64.b64decode(secret[len('whsec_'):])\n"
      "body = open(path, 'rb').read()\n"
      "mac = hmac.new(key, msg_id.encode() + b'.' + ts.encode() + b'.' + body, hashlib.sha256)\n"
      "print('v1,' + base64.b64encode(mac.digest()).decode())\n";
  vigil::test::ChildProcess python({VIGIL_DEBIAN_PYTHON, "-c", kScript, std::string(secret), std::string(id),
                                    std::string(timestamp), dir.file("body")});
  return python.read_line();
}

std::string key_of(std::string_view secret) {
  auto key = decode_webhook_secret(secret);
  REQUIRE(key);
  return *key;
}

std::optional<std::string> header_value(const std::vector<std::pair<std::string, std::string>>& headers,
                                        std::string_view name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace

TEST_CASE("the Standard Webhooks example signs as the specification shows", "[alerts][signing]") {
  // The example of the specification's reference libraries; the same value from Python below.
  const std::string_view secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string ours = webhook_signature(key_of(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                             R"({"test": 2432232314})");
  CHECK(ours == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  CHECK(ours == python_signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", R"({"test": 2432232314})"));
}

TEST_CASE("signatures agree with Python's hmac for UTF-8, empty and binary bodies", "[alerts][signing]") {
  // Fixed vector, derived once with /usr/bin/python3 (hmac + base64).
  CHECK(webhook_signature(key_of(kSecret), "a1b2c3d4e5", "1732111500",
                          "{\"title\":\"Mine clearance \xE2\x80\x94 \xC2\xAB\xD0\xA5\xD0\xB0\xD1\x80\xD0\xBA\xD1\x96\xD0\xB2\xC2\xBB\"}") ==
        "v1,1Od0IKQfoL0ggfGMbgTkkb+9CJTCb+bWDDPJlRDKUH0=");
  const std::string binary("\x00\xFF\r\n\x7F{\"a\":1}", 11);
  for (const std::string& body : {std::string(), std::string("{}"), binary, std::string(70000, 'x')}) {
    INFO("body of " << body.size() << " bytes");
    CHECK(webhook_signature(key_of(kSecret), "id-1", "1700000000", body) ==
          python_signature(kSecret, "id-1", "1700000000", body));
  }
  // A key with every byte value.
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  const std::string every_byte = "whsec_" + encode_base64(bytes);
  REQUIRE(decode_webhook_secret(every_byte) == bytes);
  CHECK(webhook_signature(bytes, "x", "1", "body") == python_signature(every_byte, "x", "1", "body"));
}

TEST_CASE("a webhook secret must be whsec_ and base64; errors never show it", "[alerts][signing]") {
  CHECK(decode_webhook_secret("whsec_QUJD") == std::string("ABC"));
  CHECK(decode_webhook_secret("whsec_QUI=") == std::string("AB"));
  CHECK(decode_webhook_secret("whsec_QUI") == std::string("AB"));  // padding optional
  for (const std::string_view bad : {"", "QUJD", "whsec_", "whsec_QUJD!x", "whsec_Q", "whsec_QUJDR===",
                                     "whsec_QUI=x", "whsec_QU=I", "whsec_QU JD", "WHSEC_QUJD", "whsec_QUJD\n",
                                     "whsec_ab-_"}) {  // URL-safe base64 is not the specification's alphabet
    INFO(bad);
    const auto key = decode_webhook_secret(bad);
    REQUIRE_FALSE(key);
    if (bad.size() > 6) CHECK(key.error().find(bad.substr(6)) == std::string::npos);
  }
}

TEST_CASE("a generic webhook carries webhook-signature only when the channel has a secret",
          "[alerts][signing][webhook]") {
  const Timestamp now{std::chrono::seconds{1732111500}};
  const Alert alert = sample_alert("<script>\"x\"</script>\r\nline two \xF0\x9F\x92\xA3");
  CHECK_FALSE(header_value(render_webhook(alert, now).headers, "webhook-signature"));
  const WebhookMessage signed_message = render_webhook(alert, now, key_of(kSecret));
  const auto signature = header_value(signed_message.headers, "webhook-signature");
  REQUIRE(signature);
  CHECK(*signature == python_signature(kSecret, "a1b2c3d4e5", "1732111500", signed_message.body));

  // Presets are not generic JSON: nothing to sign, whatever the options say.
  WebhookOptions slack;
  slack.url = "https://hooks.slack.example/x";
  slack.preset = WebhookPreset::slack;
  slack.signing_key = key_of(kSecret);
  CHECK_FALSE(header_value(render_webhook_request(slack, alert, now).headers, "webhook-signature"));
}

TEST_CASE("a signed webhook verifies with Python's stdlib over the bytes the receiver got",
          "[alerts][signing][webhook][receiver]") {
  auto receiver = webhook_receiver({"--secret", std::string(kSecret)});
  NetHarness net;
  WebhookOptions options;
  options.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  options.signing_key = key_of(kSecret);
  WebhookChannel channel("ops", options, net.client());
  Alert alert = sample_alert("Héllo \"world\" <b>&amp;</b>\r\n@everyone \xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x92\xA3");
  alert.id = "alert\r\nX-Evil: 1";
  CHECK(net.send(channel, alert).outcome == DeliveryOutcome::delivered);
  alert.id = "second";
  CHECK(net.send(channel, alert).outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 2);
  for (const auto& record : records) {
    CHECK(record["signature_valid"] == true);
    CHECK(record["headers"]["webhook-signature"].get<std::string>().starts_with("v1,"));
  }
  CHECK(records[0]["headers"]["webhook-id"] == "alert X-Evil: 1");
  CHECK_FALSE(records[0]["headers"].contains("x-evil"));
}

TEST_CASE("a channel's body template is what gets signed", "[alerts][signing][webhook][template]") {
  auto body = Template::parse(R"({{"text": "{title}"}})");
  REQUIRE(body);
  WebhookOptions options;
  options.url = "https://hooks.example.org/x";
  options.signing_key = key_of(kSecret);
  options.body_template = *body;
  const WebhookRequest request = render_webhook_request(options, sample_alert("a \"quoted\" title"), Timestamp{});
  CHECK(nlohmann::json::parse(request.body) == nlohmann::json{{"text", "a \"quoted\" title"}});
  CHECK(header_value(request.headers, "webhook-signature") ==
        python_signature(kSecret, "a1b2c3d4e5", "0", request.body));
}

TEST_CASE("a receiver with another secret rejects the signature", "[alerts][signing][receiver]") {
  auto receiver = webhook_receiver({"--secret", "whsec_b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXk="});
  NetHarness net;
  WebhookOptions options;
  options.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/";
  options.signing_key = key_of(kSecret);
  WebhookChannel channel("ops", options, net.client());
  CHECK(net.send(channel, sample_alert()).outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["signature_valid"] == false);
}

// --- the config keys ---

namespace {

config::LoadResult load(const TempDir& dir, const std::string& channel_keys) {
  vigil::test::write_file(dir.file("vigil.toml"), "[[channel]]\nname = \"ops\"\ntype = \"webhook\"\n" + channel_keys);
  return config::load_config(dir.file("vigil.toml"));
}

std::vector<std::string> messages(const config::LoadResult& result) {
  std::vector<std::string> lines;
  for (const auto& d : result.diagnostics) lines.push_back(d.to_string().substr(d.to_string().find("vigil.toml:")));
  return lines;
}

}  // namespace

TEST_CASE("secret and secret_file give the channel its signing key", "[alerts][signing][config]") {
  TempDir dir;
  {
    const auto result = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"" + std::string(kSecret) + "\"\n");
    REQUIRE(result.ok());
    CHECK(result.config->channels[0].webhook.signing_key == key_of(kSecret));
  }
  {
    vigil::test::write_file(dir.file("hook.secret"), std::string(kSecret) + "\n");
    const auto result = load(dir, "url = \"https://hooks.example.org/a\"\nsecret_file = \"hook.secret\"\n");
    REQUIRE(result.ok());
    CHECK(result.config->channels[0].webhook.signing_key == key_of(kSecret));
  }
  {
    ::setenv("VIGIL_TEST_HOOK_SECRET", std::string(kSecret).c_str(), 1);
    const auto result = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"${VIGIL_TEST_HOOK_SECRET}\"\n");
    ::unsetenv("VIGIL_TEST_HOOK_SECRET");
    REQUIRE(result.ok());
    CHECK(result.config->channels[0].webhook.signing_key == key_of(kSecret));
  }
  {
    const auto result = load(dir, "url = \"https://hooks.example.org/a\"\n");
    REQUIRE(result.ok());
    CHECK(result.config->channels[0].webhook.signing_key.empty());
  }
}

TEST_CASE("a secret without whsec_ or with broken base64 is an error at its place, never echoed",
          "[alerts][signing][config]") {
  TempDir dir;
  const auto no_prefix = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"hunter2-password\"\n");
  CHECK(messages(no_prefix) ==
        std::vector<std::string>{"vigil.toml:5:10: error: key \"secret\" in [[channel]] \"ops\": expected a "
                                 "Standard Webhooks secret starting with \"whsec_\""});
  const auto bad_base64 = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"whsec_hunter2!!\"\n");
  REQUIRE(messages(bad_base64).size() == 1);
  CHECK(messages(bad_base64)[0].starts_with("vigil.toml:5:10: error: key \"secret\" in [[channel]] \"ops\": expected "
                                            "base64 after \"whsec_\""));
  vigil::test::write_file(dir.file("bad.secret"), "whsec_hunter2!!\n");
  const auto bad_file = load(dir, "url = \"https://hooks.example.org/a\"\nsecret_file = \"bad.secret\"\n");
  REQUIRE(messages(bad_file).size() == 1);
  CHECK(messages(bad_file)[0].starts_with("vigil.toml:5:15: error: key \"secret_file\""));
  for (const auto* result : {&no_prefix, &bad_base64, &bad_file})
    for (const auto& line : messages(*result)) CHECK(line.find("hunter2") == std::string::npos);

  const auto both = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"" + std::string(kSecret) +
                                  "\"\nsecret_file = \"bad.secret\"\n");
  bool exclusive = false;
  for (const auto& line : messages(both))
    exclusive = exclusive || line.find("keys \"secret\" and \"secret_file\" in [[channel]] \"ops\" exclude each other") !=
                                 std::string::npos;
  CHECK(exclusive);

  const auto short_key = load(dir, "url = \"https://hooks.example.org/a\"\nsecret = \"whsec_QUJD\"\n");
  CHECK(short_key.ok());  // a warning only
  CHECK(messages(short_key) == std::vector<std::string>{"vigil.toml:5:10: warning: key \"secret\" in [[channel]] "
                                                        "\"ops\": the key has 3 bytes; Standard Webhooks asks for 24 "
                                                        "to 64 random bytes"});
}
