// The [[channel]] keys of webhook presets as check-config reports them: each preset's
// required keys, keys of another preset, and secrets that are never echoed.
#include <catch2/catch.hpp>

#include "alerts/channel_spec.hpp"
#include "config/config.hpp"
#include "tests/support/child_process.hpp"

using namespace vigil;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

// A webhook channel "ops" with `keys` from line 4 on.
config::LoadResult load(const TempDir& dir, const std::string& keys) {
  vigil::test::write_file(dir.file("vigil.toml"), "[[channel]]\nname = \"ops\"\ntype = \"webhook\"\n" + keys);
  return config::load_config(dir.file("vigil.toml"));
}

Lines messages(const config::LoadResult& result) {
  Lines lines;
  for (const auto& d : result.diagnostics) {
    const std::string line = d.to_string();
    lines.push_back(line.substr(line.find("vigil.toml:")));
  }
  return lines;
}

alerts::WebhookOptions webhook(const config::LoadResult& result) {
  REQUIRE(result.ok());
  return result.config->channels.at(0).webhook;
}

}  // namespace

TEST_CASE("each preset loads with its own keys", "[alerts][presets][config]") {
  TempDir dir;
  CHECK(webhook(load(dir, "url = \"https://hooks.example.org/x\"\n")).preset == alerts::WebhookPreset::generic);
  for (const auto& [name, preset] : {std::pair{"slack", alerts::WebhookPreset::slack},
                                     {"discord", alerts::WebhookPreset::discord},
                                     {"teams", alerts::WebhookPreset::teams},
                                     {"mattermost", alerts::WebhookPreset::mattermost}}) {
    INFO(name);
    CHECK(webhook(load(dir, "url = \"https://hooks.example.org/x\"\npreset = \"" + std::string(name) + "\"\n")).preset ==
          preset);
  }

  const auto ntfy = webhook(load(dir, "preset = \"ntfy\"\nurl = \"https://ntfy.sh\"\nntfy_topic = \"vigil-desk_1\"\n"
                                       "ntfy_priority = \"high\"\nntfy_tags = [\"warning\", \"mine\"]\n"));
  CHECK(ntfy.preset == alerts::WebhookPreset::ntfy);
  CHECK(ntfy.ntfy.topic == "vigil-desk_1");
  CHECK(ntfy.ntfy.priority == 4);
  CHECK(ntfy.ntfy.tags == std::vector<std::string>{"warning", "mine"});
  CHECK(webhook(load(dir, "preset = \"ntfy\"\nurl = \"https://ntfy.sh\"\nntfy_topic = \"t\"\n")).ntfy.priority == 3);
  CHECK(webhook(load(dir, "preset = \"ntfy\"\nurl = \"https://ntfy.sh\"\nntfy_topic = \"t\"\nntfy_priority = 5\n"))
            .ntfy.priority == 5);

  vigil::test::write_file(dir.file("bot.token"), "123456:ABC-def_GHI\n");
  const auto telegram = webhook(load(dir, "preset = \"telegram\"\ntelegram_chat_id = -1001234567890\n"
                                           "telegram_token_file = \"bot.token\"\ntelegram_disable_preview = true\n"));
  CHECK(telegram.url.empty());  // the renderer's default, https://api.telegram.org
  CHECK(telegram.telegram.chat_id == "-1001234567890");
  CHECK(telegram.telegram.token == "123456:ABC-def_GHI");
  CHECK(telegram.telegram.disable_preview);
  CHECK(webhook(load(dir, "preset = \"telegram\"\ntelegram_chat_id = \"@vigil_desk\"\ntelegram_token = \"1:a\"\n"))
            .telegram.chat_id == "@vigil_desk");

  ::setenv("VIGIL_TEST_MATRIX_TOKEN", "syt_dmlnaWw_abc", 1);
  const auto matrix = webhook(load(dir, "preset = \"matrix\"\nurl = \"https://matrix.example.org\"\n"
                                         "matrix_room = \"!AbCdEf:example.org\"\n"
                                         "matrix_token = \"${VIGIL_TEST_MATRIX_TOKEN}\"\n"));
  ::unsetenv("VIGIL_TEST_MATRIX_TOKEN");
  CHECK(matrix.matrix.room == "!AbCdEf:example.org");
  CHECK(matrix.matrix.token == "syt_dmlnaWw_abc");
}

TEST_CASE("a preset's missing keys are errors naming each key", "[alerts][presets][config]") {
  TempDir dir;
  CHECK(messages(load(dir, "preset = \"ntfy\"\nurl = \"https://ntfy.sh\"\n")) ==
        Lines{"vigil.toml:1:1: error: missing required key \"ntfy_topic\" in [[channel]] \"ops\" for preset \"ntfy\" "
              "(ntfy topic)"});
  CHECK(messages(load(dir, "preset = \"telegram\"\n")) ==
        Lines{"vigil.toml:1:1: error: missing required key \"telegram_chat_id\" in [[channel]] \"ops\" for preset "
              "\"telegram\" (integer or \"@channelname\")",
              "vigil.toml:1:1: error: missing required key \"telegram_token\" or \"telegram_token_file\" in "
              "[[channel]] \"ops\" for preset \"telegram\" (secret string)"});
  CHECK(messages(load(dir, "preset = \"matrix\"\nmatrix_room = \"!r:example.org\"\nmatrix_token = \"t\"\n")) ==
        Lines{"vigil.toml:1:1: error: missing required key \"url\" in [[channel]] \"ops\" (http:// or https:// URL)"});
  CHECK(messages(load(dir, "preset = \"slack\"\n")) ==
        Lines{"vigil.toml:1:1: error: missing required key \"url\" in [[channel]] \"ops\" (http:// or https:// URL)"});
}

TEST_CASE("keys of another preset, or of the generic webhook, are errors naming the key",
          "[alerts][presets][config]") {
  TempDir dir;
  CHECK(messages(load(dir, "url = \"https://m.example.org\"\npreset = \"matrix\"\nmatrix_room = \"!r:x\"\n"
                           "matrix_token = \"t\"\nntfy_topic = \"t\"\n")) ==
        Lines{"vigil.toml:8:1: error: key \"ntfy_topic\" in [[channel]] \"ops\" is only for preset \"ntfy\" (this "
              "channel's preset is \"matrix\")"});
  CHECK(messages(load(dir, "url = \"https://hooks.example.org/x\"\ntelegram_chat_id = 1\n")) ==
        Lines{"vigil.toml:5:1: error: key \"telegram_chat_id\" in [[channel]] \"ops\" is only for preset "
              "\"telegram\" (this channel has no preset)"});
  CHECK(messages(load(dir, "url = \"https://hooks.slack.com/x\"\npreset = \"slack\"\nsecret = \"whsec_dmlnaWwtdGVzdC1rZXktMjQtYnl0ZXMhIQ==\"\n")) ==
        Lines{"vigil.toml:6:1: error: key \"secret\" in [[channel]] \"ops\" is only for the generic JSON webhook "
              "(this channel's preset is \"slack\")"});
  CHECK(messages(load(dir, "url = \"https://hooks.example.org/x\"\npreset = \"slak\"\nntfy_topic = \"t\"\n")) ==
        Lines{"vigil.toml:5:10: error: key \"preset\" in [[channel]] \"ops\": expected \"slack\", \"discord\", "
              "\"teams\", \"mattermost\", \"ntfy\", \"telegram\" or \"matrix\", got \"slak\"; did you mean "
              "\"slack\"?"});
  // Preset keys belong to webhooks only.
  vigil::test::write_file(dir.file("vigil.toml"), "[[channel]]\nname = \"screen\"\ntype = \"console\"\npreset = \"slack\"\n");
  CHECK(messages(config::load_config(dir.file("vigil.toml"))) ==
        Lines{"vigil.toml:4:1: error: key \"preset\" in [[channel]] \"screen\" is not valid for a console channel "
              "(only for webhook)"});
}

TEST_CASE("preset values are checked, and tokens never echoed", "[alerts][presets][config]") {
  TempDir dir;
  const std::string ntfy = "preset = \"ntfy\"\nurl = \"https://ntfy.sh\"\n";
  CHECK(messages(load(dir, ntfy + "ntfy_topic = \"a/b\"\n")) ==
        Lines{"vigil.toml:6:14: error: key \"ntfy_topic\" in [[channel]] \"ops\": expected an ntfy topic (up to 64 "
              "letters, digits, \"-\" and \"_\"), got \"a/b\""});
  CHECK(messages(load(dir, ntfy + "ntfy_topic = \"t\"\nntfy_priority = 7\n")) ==
        Lines{"vigil.toml:7:17: error: key \"ntfy_priority\" in [[channel]] \"ops\": expected 1 to 5, or \"min\", "
              "\"low\", \"default\", \"high\" or \"max\", got 7"});
  CHECK(messages(load(dir, "preset = \"matrix\"\nurl = \"https://m.example.org\"\nmatrix_room = \"#room:example.org\"\n"
                           "matrix_token = \"t\"\n")) ==
        Lines{"vigil.toml:6:15: error: key \"matrix_room\" in [[channel]] \"ops\": expected a room ID such as "
              "\"!AbCdEf:example.org\" (Element: Room settings, Advanced), got \"#room:example.org\" (an alias, not "
              "an ID)"});
  CHECK(messages(load(dir, "preset = \"telegram\"\ntelegram_chat_id = \"vigil\"\ntelegram_token = \"1:a\"\n")) ==
        Lines{"vigil.toml:5:20: error: key \"telegram_chat_id\" in [[channel]] \"ops\": expected a chat id: an "
              "integer such as -1001234567890, or \"@channelname\", got \"vigil\""});

  const auto bad_token = load(dir, "preset = \"telegram\"\ntelegram_chat_id = 1\ntelegram_token = \"12:sec/ret?x\"\n");
  REQUIRE(messages(bad_token).size() == 1);
  CHECK(messages(bad_token)[0].starts_with("vigil.toml:6:18: error: key \"telegram_token\" in [[channel]] \"ops\": "
                                           "expected a bot token"));
  CHECK(messages(bad_token)[0].find("sec/ret") == std::string::npos);
  const auto header_token = load(dir, "preset = \"matrix\"\nurl = \"https://m.example.org\"\nmatrix_room = \"!r:x\"\n"
                                      "matrix_token = \"tok en\\r\\nX-Evil: 1\"\n");
  REQUIRE(messages(header_token).size() == 1);
  CHECK(messages(header_token)[0].find("X-Evil") == std::string::npos);
  vigil::test::write_file(dir.file("bot.token"), "1:a\n");
  CHECK(messages(load(dir, "preset = \"telegram\"\ntelegram_chat_id = 1\ntelegram_token = \"1:a\"\n"
                           "telegram_token_file = \"bot.token\"\n")) ==
        Lines{"vigil.toml:7:23: error: keys \"telegram_token\" and \"telegram_token_file\" in [[channel]] \"ops\" "
              "exclude each other; keep one"});
}
