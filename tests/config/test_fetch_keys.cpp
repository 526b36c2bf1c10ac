// The keys that say how to fetch a source politely: intervals and their bounds, timeouts,
// body limits, headers, credentials, proxies, TLS and Retry-After scope.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using namespace std::chrono_literals;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

// One source with `keys` added to its table, after a [daemon] table with `daemon`.
LoadResult load_source(const TempDir& dir, const std::string& keys, const std::string& daemon = "") {
  return load_text(dir, "[daemon]\n" + daemon + "\n[[source]]\nname = \"s\"\nurl = \"https://s.example/feed\"\n" + keys);
}

}  // namespace

TEST_CASE("sizes take binary and decimal units", "[config][size]") {
  CHECK(parse_size("16MiB") == 16u * 1024 * 1024);
  CHECK(parse_size("512KiB") == 512u * 1024);
  CHECK(parse_size("1GiB") == 1024u * 1024 * 1024);
  CHECK(parse_size("1MB") == 1000u * 1000);
  CHECK(parse_size("500kb") == 500u * 1000);
  CHECK(parse_size("4096") == 4096u);
  CHECK(parse_size("4096B") == 4096u);
  for (const char* bad : {"", "0", "0MiB", "MiB", "1.5MiB", "-1", "16 MiB", "16TiB", "99999999999999GiB"}) {
    INFO(bad);
    CHECK_FALSE(parse_size(bad));
  }
}

TEST_CASE("[daemon] fetch defaults reach every source, which may override them", "[config][valid][fetch]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
per_host_delay = "0"
timeout = "2s"
max_body = "1MiB"
proxy = "http://proxy.example:3128"
backoff_max = "1h"

[[source]]
name = "plain"
url = "https://plain.example/feed"

[[source]]
name = "own"
url = "https://own.example/feed"
timeout = "45s"
max_body = 2048
proxy = ""
)");
  REQUIRE(result.ok());
  const auto& daemon = result.config->daemon;
  CHECK(daemon.per_host_delay == 0s);
  CHECK(daemon.timeout == 2s);
  CHECK(daemon.max_body == 1024u * 1024);
  CHECK(daemon.proxy == "http://proxy.example:3128");
  CHECK(daemon.backoff_max == 1h);
  const auto& plain = result.config->sources.at(0);
  CHECK(plain.host_delay == 0s);
  CHECK(plain.timeout == 2s);
  CHECK(plain.max_body == 1024u * 1024);
  CHECK(plain.proxy == "http://proxy.example:3128");
  CHECK(plain.backoff_max == 1h);
  const auto& own = result.config->sources.at(1);
  CHECK(own.timeout == 45s);
  CHECK(own.max_body == 2048u);
  CHECK(own.proxy == "");  // direct, whatever [daemon] says
}

TEST_CASE("interval = \"auto\" adapts within min_interval and max_interval", "[config][valid][fetch]") {
  TempDir dir;
  const auto result = load_source(dir, "interval = \"auto\"\nmin_interval = \"2m\"\nmax_interval = \"3h\"\n",
                                  "interval = \"20m\"\n");
  REQUIRE(result.ok());
  const auto& source = result.config->sources.at(0);
  CHECK(source.auto_interval);
  CHECK(source.interval == 20min);  // where it starts until it has measured
  CHECK(source.min_interval == 2min);
  CHECK(source.max_interval == 3h);
  CHECK(source.respect_ttl);
}

TEST_CASE("min_interval above max_interval is an error naming both", "[config][errors][fetch]") {
  TempDir dir;
  const auto result = load_source(dir, "min_interval = \"2h\"\nmax_interval = \"30m\"\n");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:6:16: error: keys \"min_interval\" (2h) and \"max_interval\" (30m) in [[source]] \"s\": "
              "the minimum is above the maximum"});
}

TEST_CASE("headers are a table of strings whose values may read the environment", "[config][valid][fetch]") {
  TempDir dir;
  ScopedEnv key("VIGIL_TEST_API_KEY", "k-123");
  const auto result = load_source(dir, "headers = { \"X-Api-Key\" = \"${VIGIL_TEST_API_KEY}\", Accept = \"application/rss+xml\" }\n");
  REQUIRE(result.ok());
  const auto& headers = result.config->sources.at(0).headers;
  REQUIRE(headers.size() == 2);
  CHECK(std::count(headers.begin(), headers.end(), std::pair<std::string, std::string>{"X-Api-Key", "k-123"}) == 1);
  CHECK(std::count(headers.begin(), headers.end(),
                   std::pair<std::string, std::string>{"Accept", "application/rss+xml"}) == 1);
}

TEST_CASE("bad headers are errors that never echo the value", "[config][errors][fetch]") {
  TempDir dir;
  ScopedEnv secret("VIGIL_TEST_SECRET", "line1\nline2");
  const auto result = load_source(dir, R"([source.headers]
"Bad Name" = "x"
X-Number = 5
X-Broken = "${VIGIL_TEST_SECRET}"
X-Unset = "${VIGIL_TEST_UNSET_VARIABLE}"
)");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:7:1: error: key \"headers\" in [[source]] \"s\": expected a header name, got \"Bad Name\"",
              "vigil.toml:8:12: error: key \"headers\" in [[source]] \"s\": header \"X-Number\": expected a string, "
              "got an integer",
              "vigil.toml:9:12: error: key \"headers\" in [[source]] \"s\": header \"X-Broken\": expected a value "
              "without control characters or line breaks",
              "vigil.toml:10:11: error: key \"headers\" in [[source]] \"s\": header \"X-Unset\": environment "
              "variable \"VIGIL_TEST_UNSET_VARIABLE\" is not set"});
  SECTION("not a table") {
    const auto wrong = load_source(dir, "headers = [\"X-A: b\"]\n");
    REQUIRE_FALSE(wrong.ok());
    CHECK_THAT(printed(wrong, dir).at(0), Catch::Contains("expected a table of header names and string values"));
  }
}

TEST_CASE("auth_file holds user:password, read relative to the config file", "[config][valid][fetch][secrets]") {
  TempDir dir;
  vigil::test::write_file(dir.file("feed-auth"), "reader:pa:ss\n");
  const auto result = load_source(dir, "auth_file = \"feed-auth\"\n");
  REQUIRE(result.ok());
  CHECK(result.diagnostics.empty());
  const auto& source = result.config->sources.at(0);
  CHECK(source.username == "reader");
  CHECK(source.password == "pa:ss");  // only the first colon separates
}

TEST_CASE("a malformed or missing auth_file is an error without its content", "[config][errors][fetch][secrets]") {
  TempDir dir;
  vigil::test::write_file(dir.file("no-colon"), "hunter2\n");
  vigil::test::write_file(dir.file("two-lines"), "user:hunter2\nmore\n");
  for (const char* file : {"no-colon", "two-lines"}) {
    INFO(file);
    const auto result = load_source(dir, std::string("auth_file = \"") + file + "\"\n");
    REQUIRE_FALSE(result.ok());
    const auto lines = printed(result, dir);
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::Contains("expected \"" + std::string(file) + "\" to hold one line \"user:password\""));
    CHECK_THAT(lines[0], !Catch::Contains("hunter2"));
  }
  const auto missing = load_source(dir, "auth_file = \"absent\"\n");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(printed(missing, dir).at(0), Catch::Contains("cannot read"));
}

TEST_CASE("credentials over plain http:// are a warning", "[config][warnings][fetch][secrets]") {
  TempDir dir;
  vigil::test::write_file(dir.file("feed-auth"), "reader:secret");
  const auto result = load_text(dir, "[[source]]\nname = \"s\"\nurl = \"http://s.example/feed\"\nauth_file = \"feed-auth\"\n");
  REQUIRE(result.ok());
  CHECK(printed(result, dir) == Lines{"vigil.toml:4:13: warning: key \"auth_file\" in [[source]] \"s\": the "
                                      "password goes over plain http:// unencrypted"});
}

TEST_CASE("proxies are http, https, socks5 or socks5h URLs, never echoed", "[config][fetch]") {
  TempDir dir;
  for (const char* good : {"http://p.example:3128", "https://p.example", "socks5://127.0.0.1:1080",
                           "socks5h://user:pw@p.example:1080"}) {
    INFO(good);
    const auto result = load_source(dir, std::string("proxy = \"") + good + "\"\n");
    REQUIRE(result.ok());
    CHECK(result.config->sources.at(0).proxy == good);
  }
  const auto bad = load_source(dir, "proxy = \"ftp://user:hunter2@p.example\"\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(printed(bad, dir) == Lines{"vigil.toml:6:9: error: key \"proxy\" in [[source]] \"s\": expected an http://, "
                                   "https://, socks5:// or socks5h:// proxy URL, got scheme \"ftp\""});
}

TEST_CASE("insecure_tls is accepted with a warning", "[config][warnings][fetch]") {
  TempDir dir;
  const auto result = load_source(dir, "insecure_tls = true\n");
  REQUIRE(result.ok());
  CHECK(result.config->sources.at(0).insecure_tls);
  CHECK(printed(result, dir) == Lines{"vigil.toml:6:16: warning: key \"insecure_tls\" in [[source]] \"s\": TLS "
                                      "certificates of this source are not verified; anyone on the path can forge "
                                      "its items"});
  CHECK_FALSE(load_source(dir, "insecure_tls = false\n").config->sources.at(0).insecure_tls);
  CHECK(load_source(dir, "insecure_tls = false\n").diagnostics.empty());
}

TEST_CASE("retry_after_scope is source or host", "[config][fetch]") {
  TempDir dir;
  CHECK(load_source(dir, "retry_after_scope = \"host\"\n").config->sources.at(0).retry_after_scope ==
        vigil::RetryAfterScope::host);
  const auto bad = load_source(dir, "retry_after_scope = \"everything\"\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(printed(bad, dir) == Lines{"vigil.toml:6:21: error: key \"retry_after_scope\" in [[source]] \"s\": expected "
                                   "\"source\" or \"host\", got \"everything\""});
}

TEST_CASE("fetch values out of range name the key and the expected form", "[config][errors][fetch]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
timeout = "0"
max_body = "lots"
per_host_delay = 2
backoff_max = "0"

[[source]]
name = "s"
url = "https://s.example/feed"
max_body = 0
interval = "sometimes"
)");
  REQUIRE_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:2:11: error: key \"timeout\" in [daemon]: expected a duration above zero, got \"0\"",
              "vigil.toml:3:12: error: key \"max_body\" in [daemon]: expected a size like \"16MiB\" or \"512KiB\", "
              "or a number of bytes, got \"lots\"",
              "vigil.toml:4:18: error: key \"per_host_delay\" in [daemon]: expected a duration like \"10m\" or "
              "\"1h30m\", got an integer (durations are strings: \"2s\")",
              "vigil.toml:5:15: error: key \"backoff_max\" in [daemon]: expected a duration above zero, got \"0\"",
              "vigil.toml:10:12: error: key \"max_body\" in [[source]] \"s\": expected a size like \"16MiB\" or "
              "\"512KiB\", or a number of bytes, got 0",
              "vigil.toml:11:12: error: key \"interval\" in [[source]] \"s\": expected a duration like \"10m\" or "
              "\"1h30m\", got \"sometimes\""});
}
