// Errors of the file and of [daemon], [[source]] and [[topic]]; channels have their own file.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

TEST_CASE("a missing file is one diagnostic without a position", "[config][errors]") {
  TempDir dir;
  const auto result = load_config(dir.file("absent.toml"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 0);
  CHECK(printed(result, dir) ==
        Lines{"error: cannot read absent.toml: No such file or directory"});
}

TEST_CASE("a directory is not a config file", "[config][errors]") {
  TempDir dir;
  const auto result = load_config(dir.path());
  REQUIRE_FALSE(result.ok());
  CHECK(result.diagnostics.at(0).message == "cannot read " + dir.path() + ": is a directory");
}

TEST_CASE("a TOML syntax error is one diagnostic at toml++'s position", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, "[daemon]\ninterval = \"10m\nconcurrency = 4\n");
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  const auto& syntax = result.diagnostics[0];
  CHECK(syntax.line == 2);
  CHECK(syntax.column > 0);
  CHECK(syntax.message.starts_with("invalid TOML: "));
  CHECK(syntax.to_string().starts_with(dir.file("vigil.toml") + ":2:"));
}

TEST_CASE("an unknown key is an error that suggests the closest known key", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
concurency = 8

[[source]]
name = "x"
url = "https://x.example/feed"
intervall = "5m"
maxage = "1d"
colour = "blue"
)");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:1: error: unknown key \"concurency\" in [daemon]; did you mean "
              "\"concurrency\"?",
              "vigil.toml:7:1: error: unknown key \"intervall\" in [[source]] \"x\"; did you mean "
              "\"interval\"?",
              "vigil.toml:8:1: error: unknown key \"maxage\" in [[source]] \"x\"; did you mean "
              "\"max_age\"?",
              "vigil.toml:9:1: error: unknown key \"colour\" in [[source]] \"x\""});
}

TEST_CASE("unknown keys at the top level and wrongly shaped sections are errors",
          "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"(interval = "5m"
channels = []
daemon = ["x"]

[source]
name = "x"
)");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:1:1: error: unknown key \"interval\" at the top level; it belongs in "
              "[daemon]",
              "vigil.toml:2:1: error: unknown key \"channels\" at the top level; did you mean "
              "\"channel\"?",
              "vigil.toml:3:10: error: key \"daemon\" at the top level: expected a table "
              "([daemon]), got an array",
              "vigil.toml:5:1: error: key \"source\" at the top level: expected an array of "
              "tables ([[source]]), got a table"});
}

TEST_CASE("a wrong type names the key, the expected type and the actual one",
          "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
concurrency = "64"
per_host = 2.5
user_agent = 7
listen = true

[[source]]
name = "x"
url = "https://x.example/feed"
baseline = "yes"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:15: error: key \"concurrency\" in [daemon]: expected an integer >= "
              "1, got a string",
              "vigil.toml:3:12: error: key \"per_host\" in [daemon]: expected an integer >= 1, "
              "got a float",
              "vigil.toml:4:14: error: key \"user_agent\" in [daemon]: expected a non-empty "
              "User-Agent, got an integer",
              "vigil.toml:5:10: error: key \"listen\" in [daemon]: expected a string, got a "
              "boolean",
              "vigil.toml:10:12: error: key \"baseline\" in [[source]] \"x\": expected a boolean "
              "(true or false), got a string"});
}

TEST_CASE("values out of range name the key and what was expected", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
concurrency = 0
per_host = -1
listen = "localhost"
user_agent = ""
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:15: error: key \"concurrency\" in [daemon]: expected an integer >= "
              "1, got 0",
              "vigil.toml:3:12: error: key \"per_host\" in [daemon]: expected an integer >= 1, "
              "got -1",
              "vigil.toml:4:10: error: key \"listen\" in [daemon]: expected \"host:port\" (like "
              "\"127.0.0.1:9470\") or \"\" to disable, got \"localhost\"",
              "vigil.toml:5:14: error: key \"user_agent\" in [daemon]: expected a non-empty "
              "User-Agent, got \"\""});
}

TEST_CASE("a malformed duration names the key and the expected form", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
interval = "10 minutes"

[[source]]
name = "x"
url = "https://x.example/feed"
interval = 600
max_age = "1w"

[[source]]
name = "y"
url = "https://y.example/feed"
interval = "0"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:12: error: key \"interval\" in [daemon]: expected a duration like "
              "\"10m\" or \"1h30m\", got \"10 minutes\"",
              "vigil.toml:7:12: error: key \"interval\" in [[source]] \"x\": expected a duration "
              "like \"10m\" or \"1h30m\", got an integer (durations are strings: \"600s\")",
              "vigil.toml:8:11: error: key \"max_age\" in [[source]] \"x\": expected a duration "
              "like \"10m\" or \"1h30m\", got \"1w\"",
              "vigil.toml:13:12: error: key \"interval\" in [[source]] \"y\": expected a "
              "duration above zero, got \"0\""});
}

TEST_CASE("a missing required key is reported at its table", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "x"

[[source]]
url = "https://y.example/feed"

[[topic]]
name = "t"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:1:1: error: missing required key \"url\" in [[source]] \"x\" "
              "(http://, https:// or file: URL)",
              "vigil.toml:4:1: error: missing required key \"name\" in [[source]] #2 (string)",
              "vigil.toml:7:1: error: missing required key \"query\" in [[topic]] \"t\" (query)",
              "vigil.toml:7:1: error: missing required key \"notify\" in [[topic]] \"t\" (array "
              "of channel names)"});
}

TEST_CASE("a duplicate name is an error that points back at the first one",
          "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "x"
url = "https://a.example/feed"

[[source]]
name = "x"
url = "https://b.example/feed"

[[channel]]
name = "c"
type = "console"

[[channel]]
name = "c"
type = "console"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:6:8: error: duplicate [[source]] name \"x\" (first defined on line 2)",
              "vigil.toml:14:8: error: duplicate [[channel]] name \"c\" (first defined on line "
              "10)"});
}

TEST_CASE("a source URL must be http, https or file", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "ftp"
url = "ftp://files.example/feed.xml"

[[source]]
name = "no-host"
url = "https:///feed.xml"

[[source]]
name = "remote-file"
url = "file://server/feed.xml"

[[source]]
name = "empty-file"
url = "file:"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:3:7: error: key \"url\" in [[source]] \"ftp\": expected an http://, "
              "https:// or file: URL, got scheme \"ftp\"",
              "vigil.toml:7:7: error: key \"url\" in [[source]] \"no-host\": expected an "
              "http://, https:// or file: URL with a host",
              "vigil.toml:11:7: error: key \"url\" in [[source]] \"remote-file\": expected a "
              "file:// URL on this machine (file:///path, or file:path relative to the config)",
              "vigil.toml:15:7: error: key \"url\" in [[source]] \"empty-file\": expected a file: "
              "URL with a path"});
}

TEST_CASE("a query error names the topic and the column in the query", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "desk"
type = "console"

[[topic]]
name = "ukraine"
query = 'Ukraine OR "Kyiv'
notify = ["desk"]

[[topic]]
name = "blank"
query = "  "
notify = ["desk"]
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:7:9: error: topic \"ukraine\": query, column 12: unterminated phrase",
              "vigil.toml:12:9: error: key \"query\" in [[topic]] \"blank\": expected a "
              "non-empty query"});
}

TEST_CASE("notify naming an unknown channel is an error at that element", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[topic]]
name = "landmines"
query = "landmine"
notify = ["desk", "slak", "desk"]

[[topic]]
name = "empty"
query = "mine"
notify = []

[[channel]]
name = "desk"
type = "console"

[[channel]]
name = "slack"
type = "console"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:4:19: error: topic \"landmines\": notify names unknown channel "
              "\"slak\"; did you mean \"slack\"?",
              "vigil.toml:4:27: warning: topic \"landmines\": notify names channel \"desk\" twice",
              "vigil.toml:9:10: error: key \"notify\" in [[topic]] \"empty\": expected an array "
              "of channel names, got an empty array"});
}

TEST_CASE("every error is collected, not just the first", "[config][errors]") {
  const auto result = load_config(kFixtures + "/many-errors.toml");
  REQUIRE_FALSE(result.ok());
  std::vector<std::string> lines;
  for (const auto& d : result.diagnostics)
    lines.push_back(d.to_string().substr(kFixtures.size() + 1));
  CHECK(lines ==
        Lines{"many-errors.toml:3:1: error: unknown key \"intervall\" in [daemon]; did you mean "
              "\"interval\"?",
              "many-errors.toml:4:15: error: key \"concurrency\" in [daemon]: expected an "
              "integer >= 1, got a string",
              "many-errors.toml:5:12: error: key \"per_host\" in [daemon]: expected an integer "
              ">= 1, got 0",
              "many-errors.toml:9:7: error: key \"url\" in [[source]] \"a\": expected an "
              "http://, https:// or file: URL, got scheme \"ftp\"",
              "many-errors.toml:10:11: error: key \"max_age\" in [[source]] \"a\": expected a "
              "duration like \"10m\" or \"1h30m\", got \"a week\"",
              "many-errors.toml:13:8: error: duplicate [[source]] name \"a\" (first defined on "
              "line 8)",
              "many-errors.toml:19:19: error: topic \"t\": notify names unknown channel \"slak\"",
              "many-errors.toml:21:1: error: missing required key \"url\" in [[channel]] "
              "\"desk\" (http:// or https:// URL)",
              "many-errors.toml:24:1: error: key \"smtp\" in [[channel]] \"desk\" is not valid "
              "for a webhook channel (only for email)"});
}

TEST_CASE("a table without a usable name is named by its position", "[config][errors]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "ok"
url = "https://ok.example/feed"

[[source]]
name = ""
url = "gopher://x"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:6:8: error: key \"name\" in [[source]] #2: expected a non-empty name, "
              "got \"\"",
              "vigil.toml:7:7: error: key \"url\" in [[source]] #2: expected an http://, https:// "
              "or file: URL, got scheme \"gopher\""});
}
