#include <sys/stat.h>

#include <cstdio>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "config/secrets.hpp"
#include "daemon/log_sinks.hpp"
#include "daemon/logging.hpp"
#include "tests/support/child_process.hpp"

using namespace vigil;

namespace {

struct Captured {
  spdlog::level::level_enum level;
  std::string text;
  std::string source, topic, channel;
};

// Records what a sink sees, fields included (they are read while the logger calls the sink).
class CaptureSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<Captured> lines;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const auto& f = log::current_fields();
    lines.push_back({msg.level, std::string(msg.payload.data(), msg.payload.size()), std::string(f.source),
                     std::string(f.topic), std::string(f.channel)});
  }
  void flush_() override {}
};

// Installs a default logger writing to `sink` for the test's duration, then restores the old one.
class ScopedLogger {
 public:
  explicit ScopedLogger(spdlog::sink_ptr sink, spdlog::level::level_enum level = spdlog::level::info)
      : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("test", std::move(sink));
    logger->set_level(level);
    spdlog::set_default_logger(logger);
  }
  ~ScopedLogger() { spdlog::set_default_logger(previous_); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
};

std::string read_all(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) out.append(buffer, n);
  return out;
}

}  // namespace

TEST_CASE("spdlog levels map to syslog priorities", "[daemon][logging]") {
  CHECK(log::syslog_priority(spdlog::level::trace) == 7);
  CHECK(log::syslog_priority(spdlog::level::debug) == 7);
  CHECK(log::syslog_priority(spdlog::level::info) == 6);
  CHECK(log::syslog_priority(spdlog::level::warn) == 4);
  CHECK(log::syslog_priority(spdlog::level::err) == 3);
  CHECK(log::syslog_priority(spdlog::level::critical) == 2);
}

TEST_CASE("JOURNAL_STREAM counts only when it names stderr's device and inode", "[daemon][logging]") {
  CHECK(log::journal_stream_matches("8:123456", 8, 123456));
  CHECK_FALSE(log::journal_stream_matches("8:123456", 8, 123457));
  CHECK_FALSE(log::journal_stream_matches("9:123456", 8, 123456));
  CHECK_FALSE(log::journal_stream_matches("", 8, 123456));
  CHECK_FALSE(log::journal_stream_matches("8", 8, 123456));
  CHECK_FALSE(log::journal_stream_matches("8:", 8, 0));
  CHECK_FALSE(log::journal_stream_matches(":0", 0, 0));
  CHECK_FALSE(log::journal_stream_matches("8:123456x", 8, 123456));
  CHECK_FALSE(log::journal_stream_matches("-8:123456", 8, 123456));
}

TEST_CASE("stderr is the journal only when JOURNAL_STREAM matches it", "[daemon][logging]") {
  struct stat st{};
  REQUIRE(::fstat(2, &st) == 0);
  const char* saved = std::getenv("JOURNAL_STREAM");
  const std::string before = saved ? saved : "";
  ::setenv("JOURNAL_STREAM", fmt::format("{}:{}", st.st_dev, st.st_ino).c_str(), 1);
  CHECK(log::stderr_is_journal());
  ::setenv("JOURNAL_STREAM", fmt::format("{}:{}", st.st_dev, st.st_ino + 1).c_str(), 1);
  CHECK_FALSE(log::stderr_is_journal());  // stderr was redirected after systemd set it
  ::unsetenv("JOURNAL_STREAM");
  CHECK_FALSE(log::stderr_is_journal());
  if (saved) ::setenv("JOURNAL_STREAM", before.c_str(), 1);
}

TEST_CASE("a subject writes its prefix and attaches its field, names with colons and spaces included",
          "[daemon][logging]") {
  auto sink = std::make_shared<CaptureSink>();
  ScopedLogger scoped(sink);
  log::for_source("field: watch").warn("{} (failure {} in a row)", "HTTP 404", 2);
  log::for_topic("land mines").info("query, column {}: {}", 7, "expected a term");
  log::for_channel("desk").with_source("ngo news").error("alert {} refused", "a1");
  spdlog::info("source not-a-field: plain spdlog calls carry no fields");
  REQUIRE(sink->lines.size() == 4);

  CHECK(sink->lines[0].level == spdlog::level::warn);
  CHECK(sink->lines[0].text == "source field: watch: HTTP 404 (failure 2 in a row)");
  CHECK(sink->lines[0].source == "field: watch");
  CHECK(sink->lines[0].topic.empty());
  CHECK(sink->lines[0].channel.empty());

  CHECK(sink->lines[1].text == "topic \"land mines\": query, column 7: expected a term");
  CHECK(sink->lines[1].topic == "land mines");
  CHECK(sink->lines[1].source.empty());

  CHECK(sink->lines[2].level == spdlog::level::err);
  CHECK(sink->lines[2].text == "channel desk: alert a1 refused");
  CHECK(sink->lines[2].channel == "desk");
  CHECK(sink->lines[2].source == "ngo news");

  CHECK(sink->lines[3].source.empty());
  CHECK(sink->lines[3].channel.empty());
  CHECK(log::current_fields().source.empty());  // nothing left behind after the call
}

TEST_CASE("a subject below the logger's level writes nothing", "[daemon][logging]") {
  auto sink = std::make_shared<CaptureSink>();
  ScopedLogger scoped(sink, spdlog::level::info);
  CHECK_FALSE(log::enabled(log::Level::debug));
  CHECK(log::enabled(log::Level::warn));
  log::for_source("s").debug("not modified");
  CHECK(sink->lines.empty());
}

TEST_CASE("a JSON line carries time, level, message and the fields that are set", "[daemon][logging]") {
  const auto time = spdlog::log_clock::time_point(std::chrono::milliseconds(1714564800123));  // 2024-05-01T12:00:00.123Z
  const auto line = log::json_line(time, spdlog::level::warn, "source a: b: failed", {.source = "a: b"});
  const auto j = nlohmann::json::parse(line);
  CHECK(j["time"] == "2024-05-01T12:00:00.123Z");
  CHECK(j["level"] == "warning");
  CHECK(j["message"] == "source a: b: failed");
  CHECK(j["source"] == "a: b");
  CHECK_FALSE(j.contains("topic"));
  CHECK_FALSE(j.contains("channel"));
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.rfind(R"({"time":)", 0) == 0);  // time, level, message first, for people reading it raw
}

TEST_CASE("hostile text stays one valid JSON line: control characters escaped, invalid UTF-8 replaced",
          "[daemon][logging]") {
  const std::string hostile =
      "title \"quoted\" \\ back\nslash\r\t\x01\x1b[31mred\x7f "
      "bad \xff\xfe utf8 \xe2\x82 cut, ok \xc3\xa9\xe2\x82\xac \xf0\x9f\x92\xa3";
  const auto line = log::json_line(spdlog::log_clock::now(), spdlog::level::info, hostile,
                                   {.source = "s\n2", .topic = "t\"", .channel = "c\xff"});
  for (const char c : line) CHECK(static_cast<unsigned char>(c) >= 0x20);  // no raw control bytes, no newline
  const auto j = nlohmann::json::parse(line);  // throws on invalid JSON or invalid UTF-8
  const std::string message = j["message"];
  CHECK(message.find("title \"quoted\" \\ back\nslash\r\t\x01\x1b[31mred\x7f ") == 0);
  CHECK(message.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD where the bytes were not UTF-8
  CHECK(message.find("\xff") == std::string::npos);
  CHECK(message.find("ok \xc3\xa9\xe2\x82\xac \xf0\x9f\x92\xa3") != std::string::npos);  // valid UTF-8 kept
  CHECK(j["source"] == "s\n2");
  CHECK(j["topic"] == "t\"");
  CHECK(j["channel"] == "c\xef\xbf\xbd");
}

TEST_CASE("a journal entry has MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and the fields that are set",
          "[daemon][logging]") {
  const auto entry = log::journal_entry(spdlog::level::err, "channel desk: line\nbreak", {.source = "s", .channel = "desk"});
  CHECK(entry == std::vector<std::string>{"MESSAGE=channel desk: line\nbreak", "PRIORITY=3", "SYSLOG_IDENTIFIER=vigil",
                                          "VIGIL_SOURCE=s", "VIGIL_CHANNEL=desk"});
  CHECK(log::journal_entry(spdlog::level::debug, "m", {}) ==
        std::vector<std::string>{"MESSAGE=m", "PRIORITY=7", "SYSLOG_IDENTIFIER=vigil"});
}

TEST_CASE("redaction replaces every occurrence of every secret with ***", "[daemon][logging][secrets]") {
  const std::vector<std::string> secrets{"hunter2", "tok-123", ""};
  CHECK(log::redact("login failed for hunter2 (hunter2)", secrets) == "login failed for *** (***)");
  CHECK(log::redact("GET /hook?token=tok-123&x=1", secrets) == "GET /hook?token=***&x=1");
  CHECK(log::redact("nothing to hide", secrets) == "nothing to hide");
  CHECK(log::redact("", secrets) == "");
  CHECK(log::redact("hunter2tok-123", secrets) == "***");  // adjacent secrets: one mark
  // Overlapping secrets hide their union; no part of either survives.
  CHECK(log::redact("xxabcdefyy", {"abcd", "cdef"}) == "xx***yy");
  CHECK(log::redact("aaaa", {"aa"}) == "***");
  CHECK(log::redact("a*b", {"*"}) == "a***b");
}

TEST_CASE("every sink sees messages with the registered secrets redacted, whoever logged them",
          "[daemon][logging][secrets]") {
  log::SecretSet secrets;
  secrets.add({"s3cr3t-pw", "tok-XYZ"});
  secrets.add({"tok-XYZ", "later-added"});  // adds, keeps the earlier ones
  CHECK(secrets.snapshot()->size() == 3);

  SECTION("text lines") {
    std::ostringstream out;
    auto text = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    text->set_pattern("%l %v");
    ScopedLogger scoped(log::redacting(text, secrets));
    spdlog::error("channel mail: 535 5.7.8 authentication failed for alice:s3cr3t-pw");
    log::for_channel("hook").warn("HTTP 401: bad token tok-XYZ; later-added");
    CHECK(out.str() == "error channel mail: 535 5.7.8 authentication failed for alice:***\n"
                       "warning channel hook: HTTP 401: bad token ***; ***\n");
  }
  SECTION("JSON lines") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    ScopedLogger scoped(log::redacting(log::make_json_sink(file), secrets));
    log::for_channel("hook").warn("GET https://alice:s3cr3t-pw@hooks.test/?token=tok-XYZ");
    const auto text = read_all(file);
    std::fclose(file);
    CHECK(text.find("s3cr3t") == std::string::npos);
    CHECK(text.find("tok-XYZ") == std::string::npos);
    const auto j = nlohmann::json::parse(text);
    CHECK(j["message"] == "channel hook: GET https://alice:***@hooks.test/?token=***");
    CHECK(j["channel"] == "hook");
  }
}

TEST_CASE("credential-looking header and parameter names are recognised", "[config][secrets]") {
  for (const char* name : {"Authorization", "Proxy-Authorization", "X-Api-Key", "api_key", "apikey", "token",
                           "access_token", "X-Auth-Token", "Cookie", "client_secret", "password", "sig", "X-Signature"})
    CHECK(config::is_credential_name(name));
  for (const char* name : {"Accept", "Accept-Language", "User-Agent", "page", "q", "keywords", "format", "lang"})
    CHECK_FALSE(config::is_credential_name(name));
}

TEST_CASE("secrets_of lists every secret a config holds, and nothing else", "[config][secrets]") {
  test::TempDir dir;
  test::write_file(dir.file("smtp-password"), "mail-pass-1\n");
  test::write_file(dir.file("feed-auth"), "reader:feed-pass-2\n");
  ::setenv("VIGIL_TEST_API_KEY", "api-key-3", 1);
  test::write_file(dir.file("vigil.toml"), R"(
[daemon]
state = "state"
metrics_token = "metrics-token-12"
proxy = "http://proxyuser:proxy%40pass@proxy.test:3128"

[[source]]
name = "private feed"
url = "https://user:url%2Fpass@feeds.test/rss?page=2&access_token=qtok-4"
auth_file = "feed-auth"
headers = { "X-Api-Key" = "${VIGIL_TEST_API_KEY}", "Authorization" = "Bearer bearer-5", "Accept" = "application/rss+xml" }

[[topic]]
name = "t"
query = "landmine"
notify = ["mail", "hook", "slack", "bot", "room"]

[[channel]]
name = "mail"
type = "email"
smtp = "smtp://mail.test:587"
username = "alerts@test"
password_file = "smtp-password"
from = "alerts@test"
to = ["desk@test"]

[[channel]]
name = "hook"
type = "webhook"
url = "https://hookuser:hook-pass-6@hooks.test/in?key=hook-key-7&channel=general"
secret = "whsec_c2lnbmluZy1rZXktOC1ieXRlcy1sb25nLWVub3VnaA"

[[channel]]
name = "slack"
type = "webhook"
preset = "slack"
url = "https://hooks.slack.test/services/T0/B0/slack-path-9"

[[channel]]
name = "bot"
type = "webhook"
preset = "telegram"
telegram_chat_id = "@news"
telegram_token = "123:tg-token-10"

[[channel]]
name = "room"
type = "webhook"
preset = "matrix"
url = "https://matrix.test"
matrix_room = "!room:matrix.test"
matrix_token = "mx-token-11"
)");
  const auto loaded = config::load_config(dir.file("vigil.toml"));
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.to_string());
  REQUIRE(loaded.ok());
  const auto secrets = config::secrets_of(*loaded.config);
  const auto has = [&](const std::string& s) { return std::find(secrets.begin(), secrets.end(), s) != secrets.end(); };
  // As written and decoded.
  CHECK(has("proxy%40pass"));
  CHECK(has("proxy@pass"));
  CHECK(has("url%2Fpass"));
  CHECK(has("url/pass"));
  CHECK(has("qtok-4"));
  CHECK(has("feed-pass-2"));
  CHECK(has("api-key-3"));
  CHECK(has("Bearer bearer-5"));
  CHECK(has("bearer-5"));
  CHECK(has("mail-pass-1"));
  CHECK(has("hook-pass-6"));
  CHECK(has("hook-key-7"));
  CHECK(has("signing-key-8-bytes-long-enough"));                // the decoded key
  CHECK(has("c2lnbmluZy1rZXktOC1ieXRlcy1sb25nLWVub3VnaA"));   // and its text in the config
  CHECK(has("/services/T0/B0/slack-path-9"));
  CHECK(has("123:tg-token-10"));
  CHECK(has("mx-token-11"));
  CHECK(has("metrics-token-12"));
  // Not secrets: names, users, hosts, ordinary headers and parameters.
  for (const char* plain : {"2", "general", "application/rss+xml", "reader", "user", "proxyuser", "alerts@test",
                            "hooks.test", "private feed", "/in", "/rss", "@news"})
    CHECK_FALSE(has(plain));
  for (const auto& s : secrets) CHECK_FALSE(s.empty());
}
