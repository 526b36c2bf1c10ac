// Errors of [[channel]] tables, and the promise that secrets never reach a diagnostic.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

bool mentions(const LoadResult& result, const std::string& text) {
  for (const auto& d : result.diagnostics)
    if (d.to_string().find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("keys of another channel type are errors", "[config][errors][channel]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "ops"
type = "webhook"
url = "https://hooks.example.org/vigil"
smtp = "smtp://mail.example.org"

[[channel]]
name = "screen"
type = "console"
to = ["desk@example.org"]
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:5:1: error: key \"smtp\" in [[channel]] \"ops\" is not valid for a "
              "webhook channel (only for email)",
              "vigil.toml:10:1: error: key \"to\" in [[channel]] \"screen\" is not valid for a "
              "console channel (only for email)"});
}

TEST_CASE("a channel type must be email, webhook or console", "[config][errors][channel]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "team"
type = "slack"
url = "https://hooks.slack.example/T000"

[[channel]]
name = "untyped"
)");
  // Keys of a type are not judged while the type is unknown: one error per table.
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:3:8: error: key \"type\" in [[channel]] \"team\": expected \"email\", "
              "\"webhook\" or \"console\", got \"slack\"",
              "vigil.toml:6:1: error: missing required key \"type\" in [[channel]] \"untyped\" "
              "(\"email\", \"webhook\" or \"console\")"});
}

TEST_CASE("an email channel lacking its required keys names each of them",
          "[config][errors][channel]") {
  TempDir dir;
  const auto result = load_text(dir, "[[channel]]\nname = \"desk\"\ntype = \"email\"\n");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:1:1: error: missing required key \"smtp\" in [[channel]] \"desk\" "
              "(smtp://host[:port] or smtps://host[:port])",
              "vigil.toml:1:1: error: missing required key \"from\" in [[channel]] \"desk\" "
              "(\"Name <address>\" or \"address\")",
              "vigil.toml:1:1: error: missing required key \"to\" in [[channel]] \"desk\" (array "
              "of email addresses)"});
}

TEST_CASE("password and password_file exclude each other", "[config][errors][channel]") {
  TempDir dir;
  vigil::test::write_file(dir.file("smtp-password"), "x\n");
  const auto result = load_text(dir, email_channel(R"(username = "alerts"
password = "inline"
password_file = "smtp-password"
)"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:9:17: error: keys \"password\" and \"password_file\" in [[channel]] "
              "\"desk\" exclude each other; keep one"});
}

TEST_CASE("credentials come in pairs: username with a password", "[config][errors][channel]") {
  TempDir dir;
  SECTION("a username alone") {
    const auto result = load_text(dir, email_channel("username = \"alerts\"\n"));
    CHECK(printed(result, dir) ==
          Lines{"vigil.toml:7:12: error: key \"username\" in [[channel]] \"desk\" needs "
                "\"password\" or \"password_file\" too"});
  }
  SECTION("a password alone") {
    const auto result = load_text(dir, email_channel("password = \"hunter2\"\n"));
    CHECK(printed(result, dir) ==
          Lines{"vigil.toml:7:12: error: key \"password\" in [[channel]] \"desk\" needs "
                "\"username\" too"});
  }
}

TEST_CASE("an unset environment variable in password is an error naming it",
          "[config][errors][channel][secrets]") {
  ScopedEnv unset("VIGIL_TEST_UNSET_PASSWORD", std::nullopt);
  TempDir dir;
  const auto result = load_text(dir, email_channel(R"(username = "alerts"
password = "prefix-hunter2-${VIGIL_TEST_UNSET_PASSWORD}"
)"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:8:12: error: key \"password\" in [[channel]] \"desk\": environment "
              "variable \"VIGIL_TEST_UNSET_PASSWORD\" is not set"});
}

TEST_CASE("a broken ${...} reference is an error without the password's text",
          "[config][errors][channel][secrets]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel(R"(username = "alerts"
password = "hunter2${oops"
)"));
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:8:12: error: key \"password\" in [[channel]] \"desk\": \"${\" without "
              "a closing \"}\" (write \"$$\" for a literal \"$\")"});
}

TEST_CASE("an unreadable password_file is an error naming the path",
          "[config][errors][channel][secrets]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel(R"(username = "alerts"
password_file = "secrets/missing"
)"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:8:17: error: key \"password_file\" in [[channel]] \"desk\": cannot "
              "read \"secrets/missing\": No such file or directory"});
}

TEST_CASE("smtp takes smtp:// or smtps:// with a host and no credentials",
          "[config][errors][channel][secrets]") {
  TempDir dir;
  const auto with = [&](const std::string& smtp) {
    return load_text(dir, "[[channel]]\nname = \"desk\"\ntype = \"email\"\nsmtp = \"" + smtp +
                              "\"\nfrom = \"a@example.org\"\nto = [\"b@example.org\"]\n");
  };
  const auto credentials = with("smtp://alerts:hunter2@mail.example.org");
  CHECK(printed(credentials, dir) ==
        Lines{"vigil.toml:4:8: error: key \"smtp\" in [[channel]] \"desk\": expected "
              "\"smtp://host[:port]\" or \"smtps://host[:port]\" without credentials (use the "
              "keys username and password or password_file)"});
  CHECK(with("https://mail.example.org").diagnostics.at(0).message ==
        "key \"smtp\" in [[channel]] \"desk\": expected \"smtp://host[:port]\" or "
        "\"smtps://host[:port]\", got scheme \"https\"");
  CHECK(with("smtp://mail.example.org:99999").diagnostics.at(0).message ==
        "key \"smtp\" in [[channel]] \"desk\": expected \"smtp://host[:port]\" or "
        "\"smtps://host[:port]\" with a port from 1 to 65535");
  CHECK(with("smtp://mail.example.org/inbox").diagnostics.at(0).message ==
        "key \"smtp\" in [[channel]] \"desk\": expected \"smtp://host[:port]\" or "
        "\"smtps://host[:port]\" without a path or query");
  CHECK(with("smtps://mail.example.org:465").ok());
}

TEST_CASE("starttls takes three values and has no effect with smtps://",
          "[config][errors][channel]") {
  TempDir dir;
  const auto bad = load_text(dir, email_channel("starttls = \"yes\"\n"));
  CHECK(printed(bad, dir) ==
        Lines{"vigil.toml:7:12: error: key \"starttls\" in [[channel]] \"desk\": expected "
              "\"required\", \"opportunistic\" or \"never\", got \"yes\""});

  const auto smtps = load_text(dir, R"([[channel]]
name = "desk"
type = "email"
smtp = "smtps://mail.example.org"
starttls = "never"
from = "a@example.org"
to = ["b@example.org"]
)");
  REQUIRE(smtps.ok());
  CHECK(printed(smtps, dir) ==
        Lines{"vigil.toml:5:12: warning: key \"starttls\" in [[channel]] \"desk\" has no effect "
              "with smtps:// (TLS from the first byte)"});
}

TEST_CASE("from and to must hold email addresses", "[config][errors][channel]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "desk"
type = "email"
smtp = "smtp://mail.example.org"
from = "vigil alerts@example.org"
to = ["desk@example.org", "not an address", 42, "Desk <desk@example.org>"]
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:5:8: error: key \"from\" in [[channel]] \"desk\": expected \"Name "
              "<address>\" or \"address\", got \"vigil alerts@example.org\"",
              "vigil.toml:6:27: error: key \"to\" in [[channel]] \"desk\": expected an email "
              "address, got \"not an address\"",
              "vigil.toml:6:45: error: key \"to\" in [[channel]] \"desk\": expected an email "
              "address, got an integer",
              "vigil.toml:6:49: error: key \"to\" in [[channel]] \"desk\": expected an email "
              "address, got \"Desk <desk@example.org>\""});
}

TEST_CASE("a webhook URL must be http(s), and is never echoed", "[config][errors][channel]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "ops"
type = "webhook"
url = "ftp://hooks.example.org/T0K3N"
retry_max = "0"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:4:7: error: key \"url\" in [[channel]] \"ops\": expected an http:// "
              "or https:// URL, got scheme \"ftp\"",
              "vigil.toml:5:13: error: key \"retry_max\" in [[channel]] \"ops\": expected a "
              "duration above zero, got \"0\""});
  CHECK_FALSE(mentions(result, "T0K3N"));
}

TEST_CASE("secrets never appear in diagnostics", "[config][errors][channel][secrets]") {
  ScopedEnv secret("VIGIL_TEST_SECRET", "env-hunter2");
  TempDir dir;
  vigil::test::write_file(dir.file("pw"), "file-hunter2\n");
  // Every key around the secrets is wrong, so every check runs and reports.
  const auto result = load_text(dir, R"([[channel]]
name = "a"
type = "email"
smtp = "smtp://user:url-hunter2@mail.example.org"
password = "inline-hunter2-${VIGIL_TEST_SECRET}"
password_file = "pw"
from = "bad"
to = []

[[channel]]
name = "b"
type = "email"
smtp = "smtp://mail.example.org"
username = "u"
password = "x-hunter2${"
from = "a@example.org"
to = ["b@example.org"]
)");
  REQUIRE_FALSE(result.ok());
  CHECK(result.diagnostics.size() >= 5);
  CHECK_FALSE(mentions(result, "hunter2"));
}
