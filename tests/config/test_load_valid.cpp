#include <unistd.h>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using namespace std::chrono_literals;
using vigil::alerts::ChannelType;
using vigil::alerts::StartTlsMode;
using vigil::test::TempDir;

TEST_CASE("a full config loads every section", "[config][valid]") {
  const auto result = load_config(kFixtures + "/full.toml");
  INFO((result.diagnostics.empty() ? "" : result.diagnostics.front().to_string()));
  REQUIRE(result.ok());
  REQUIRE(result.diagnostics.empty());
  const Config& config = *result.config;

  CHECK(config.daemon.state == "/tmp/vigil-state");
  CHECK(config.daemon.interval == 15min);
  CHECK(config.daemon.concurrency == 16);
  CHECK(config.daemon.per_host == 3);
  CHECK(config.daemon.user_agent == "vigil/0.1 (+https://example.org/contact)");
  CHECK(config.daemon.listen == "127.0.0.1:9470");

  REQUIRE(config.sources.size() == 2);
  CHECK(config.sources[0].name == "ngo-news");
  CHECK(config.sources[0].url == "https://ngo.example/news.rss");
  CHECK(config.sources[0].interval == 5min);
  CHECK_FALSE(config.sources[0].baseline);
  CHECK(config.sources[0].max_age == 30 * 24h);
  CHECK(config.sources[1].name == "bundled");
  CHECK(config.sources[1].url == "file://" + kFixtures + "/feeds/local.xml");
  CHECK(config.sources[1].interval == 15min);  // inherited from [daemon]

  REQUIRE(config.topics.size() == 1);
  CHECK(config.topics[0].name == "landmines");
  CHECK(config.topics[0].query == R"(landmine OR "land mine" OR "Ottawa Convention")");
  CHECK(config.topics[0].notify == std::vector<std::string>{"desk", "ops", "screen"});

  REQUIRE(config.channels.size() == 3);
  const auto& desk = config.channels[0];
  CHECK(desk.name == "desk");
  CHECK(desk.type == ChannelType::email);
  CHECK(desk.email.smtp == "smtp://mail.example.org:587");
  CHECK(desk.email.starttls == StartTlsMode::opportunistic);
  CHECK(desk.email.username == "alerts@example.org");
  CHECK(desk.email.password == "correct horse battery staple");
  CHECK(desk.email.from == "vigil <alerts@example.org>");
  CHECK(desk.email.to == std::vector<std::string>{"desk@example.org", "editor@example.org"});
  CHECK(desk.retry_max == 10min);
  CHECK(config.channels[1].type == ChannelType::webhook);
  CHECK(config.channels[1].webhook.url == "https://hooks.example.org/vigil");
  CHECK(config.channels[1].retry_max == 5min);
  CHECK(config.channels[2].type == ChannelType::console);
}

TEST_CASE("an empty file loads the documented defaults", "[config][valid][defaults]") {
  ScopedEnv no_state("STATE_DIRECTORY", std::nullopt);
  TempDir dir;
  const auto result = load_text(dir, "");
  REQUIRE(result.ok());
  REQUIRE(result.diagnostics.empty());
  const auto& daemon = result.config->daemon;
  CHECK(daemon.state == "./var");
  CHECK(daemon.interval == 10min);
  CHECK(daemon.concurrency == 64);
  CHECK(daemon.per_host == 2);
  CHECK(daemon.user_agent == "vigil/0.1");
  CHECK(daemon.listen == "127.0.0.1:9470");
  CHECK(result.config->sources.empty());
  CHECK(result.config->topics.empty());
  CHECK(result.config->channels.empty());
}

TEST_CASE("the state directory defaults to $STATE_DIRECTORY when systemd sets it",
          "[config][valid][defaults]") {
  TempDir dir;
  SECTION("one directory") {
    ScopedEnv state("STATE_DIRECTORY", "/var/lib/vigil");
    CHECK(load_text(dir, "").config->daemon.state == "/var/lib/vigil");
  }
  SECTION("several directories: the first one") {
    ScopedEnv state("STATE_DIRECTORY", "/var/lib/vigil:/var/lib/other");
    CHECK(load_text(dir, "").config->daemon.state == "/var/lib/vigil");
  }
  SECTION("the key wins over the environment, and a relative path stays relative") {
    ScopedEnv state("STATE_DIRECTORY", "/var/lib/vigil");
    CHECK(load_text(dir, "[daemon]\nstate = \"data/state\"\n").config->daemon.state ==
          "data/state");
  }
}

TEST_CASE("a source takes its defaults from [daemon] and the documented values",
          "[config][valid][defaults]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
interval = "20m"

[[source]]
name = "plain"
url = "http://plain.example/feed"
)");
  REQUIRE(result.ok());
  const auto& source = result.config->sources.at(0);
  CHECK(source.interval == 20min);
  CHECK(source.baseline);
  CHECK(source.max_age == 7 * 24h);
}

TEST_CASE("max_age \"0\" turns the age limit off", "[config][valid]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "archive"
url = "https://archive.example/feed"
max_age = "0"
)");
  REQUIRE(result.ok());
  CHECK(result.config->sources.at(0).max_age == 0s);
}

TEST_CASE("a relative file: URL resolves against the config file's directory",
          "[config][valid][file-url]") {
  TempDir dir;
  vigil::test::write_file(dir.file("feeds.xml"), "<rss/>");
  std::filesystem::create_directories(dir.file("conf/feeds"));
  vigil::test::write_file(dir.file("conf/feeds/x.xml"), "<rss/>");
  const std::string toml = R"([[source]]
name = "near"
url = "file:feeds/x.xml"

[[source]]
name = "up"
url = "file:../feeds.xml"

[[source]]
name = "absolute"
url = "file:///srv/feeds/y.xml"

[[source]]
name = "absolute-short"
url = "file:/srv/feeds/z.xml"
)";
  vigil::test::write_file(dir.file("conf/vigil.toml"), toml);

  // The same answer whatever the working directory and however the file is named.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path("/");
  const auto from_root = load_config(dir.file("conf/vigil.toml"));
  std::filesystem::current_path(dir.path());
  const auto from_relative = load_config("conf/vigil.toml");
  std::filesystem::current_path(cwd);

  for (const auto* result : {&from_root, &from_relative}) {
    REQUIRE(result->ok());
    const auto& sources = result->config->sources;
    CHECK(sources[0].url == "file://" + dir.path() + "/conf/feeds/x.xml");
    CHECK(sources[1].url == "file://" + dir.path() + "/feeds.xml");
    CHECK(sources[2].url == "file:///srv/feeds/y.xml");
    CHECK(sources[3].url == "file:///srv/feeds/z.xml");
  }
  // Files that do not exist only warn: a feed may be written after the config.
  CHECK(printed(from_root, dir) ==
        std::vector<std::string>{
            "conf/vigil.toml:11:7: warning: key \"url\" in [[source]] \"absolute\": file "
            "\"/srv/feeds/y.xml\" does not exist (yet)",
            "conf/vigil.toml:15:7: warning: key \"url\" in [[source]] \"absolute-short\": file "
            "\"/srv/feeds/z.xml\" does not exist (yet)"});
}

TEST_CASE("a relative file: URL percent-encodes the directory it resolves against",
          "[config][valid][file-url]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("my configs"));
  vigil::test::write_file(dir.file("my configs/a b.xml"), "<rss/>");
  vigil::test::write_file(dir.file("my configs/vigil.toml"),
                          "[[source]]\nname = \"s\"\nurl = \"file:a b.xml\"\n");
  const auto result = load_config(dir.file("my configs/vigil.toml"));
  REQUIRE(result.ok());
  CHECK(result.diagnostics.empty());
  CHECK(result.config->sources[0].url == "file://" + dir.path() + "/my%20configs/a%20b.xml");
}

TEST_CASE("password_file is read relative to the config file, trailing newline dropped",
          "[config][valid][secrets]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("secrets"));
  vigil::test::write_file(dir.file("secrets/smtp"), "s3cret with spaces\r\n\n");
  const auto result = load_text(dir, R"([[channel]]
name = "desk"
type = "email"
smtp = "smtps://mail.example.org"
username = "alerts"
password_file = "secrets/smtp"
from = "alerts@example.org"
to = ["desk@example.org"]
)");
  REQUIRE(result.ok());
  CHECK(result.config->channels[0].email.password == "s3cret with spaces");
}

TEST_CASE("${VAR} in password reads the environment, and $$ is a literal $",
          "[config][valid][secrets]") {
  ScopedEnv password("VIGIL_TEST_SMTP_PASSWORD", "from-env");
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "desk"
type = "email"
smtp = "smtp://mail.example.org"
username = "alerts"
password = "${VIGIL_TEST_SMTP_PASSWORD}-and-$$-and-${VIGIL_TEST_SMTP_PASSWORD}"
from = "alerts@example.org"
to = ["desk@example.org"]
)");
  REQUIRE(result.ok());
  CHECK(result.config->channels[0].email.password == "from-env-and-$-and-from-env");
}

TEST_CASE("an email channel defaults to required STARTTLS and a 5m retry cap",
          "[config][valid][defaults]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[channel]]
name = "desk"
type = "email"
smtp = "smtp://[::1]:2525"
from = "vigil <alerts@example.org>"
to = ["desk@example.org"]
)");
  REQUIRE(result.ok());
  const auto& channel = result.config->channels[0];
  CHECK(channel.email.starttls == StartTlsMode::required);
  CHECK(channel.retry_max == 5min);
  CHECK(channel.email.username.empty());
  CHECK(channel.email.password.empty());
}

TEST_CASE("warnings are reported but do not fail the load", "[config][valid][warnings]") {
  TempDir dir;
  const auto result = load_text(dir, R"([daemon]
interval = "30s"
concurrency = 4
per_host = 8

[[source]]
name = "fast"
url = "https://fast.example/feed"
interval = "5s"
)");
  REQUIRE(result.ok());
  CHECK(count(result, Diagnostic::Severity::error) == 0);
  CHECK(printed(result, dir) ==
        std::vector<std::string>{
            "vigil.toml:2:12: warning: [daemon]: interval 30s is under a minute; fine for tests, "
            "hard on servers",
            "vigil.toml:4:12: warning: [daemon]: per_host 8 is above concurrency 4; at most 4 "
            "fetches run at once",
            "vigil.toml:9:12: warning: [[source]] \"fast\": interval 5s is under a minute; fine "
            "for tests, hard on servers"});
  CHECK(result.config->sources[0].interval == 5s);
}

TEST_CASE("listen takes host:port, [IPv6]:port, or \"\" to disable", "[config][valid]") {
  TempDir dir;
  for (const char* listen : {"127.0.0.1:9470", "localhost:80", "[::1]:9470", "0.0.0.0:65535", ""}) {
    INFO(listen);
    const auto result = load_text(dir, std::string("[daemon]\nlisten = \"") + listen + "\"\n");
    REQUIRE(result.ok());
    CHECK(result.config->daemon.listen == listen);
  }
}
