// The key reference comes from the loader's own tables: it covers every key, and its
// defaults are the loader's defaults.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/keys.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;

namespace {

const KeyDoc& find_key(const std::vector<KeyDoc>& docs, const std::string& section,
                       const std::string& key) {
  for (const auto& doc : docs)
    if (doc.section == section && doc.key == key) return doc;
  FAIL("no key " << key << " in " << section);
  throw std::logic_error("unreachable");
}

// A documented default literal such as "\"10m\"" without its quotes.
std::string unquoted(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

TEST_CASE("describe_keys lists every key of the release with a type and a doc line",
          "[config][keys]") {
  const auto docs = describe_keys();
  std::map<std::string, std::set<std::string>> by_section;
  for (const auto& doc : docs) {
    INFO(doc.section << " " << doc.key);
    CHECK_FALSE(doc.type.empty());
    CHECK_FALSE(doc.doc.empty());
    CHECK_FALSE((doc.required && !doc.default_value.empty()));
    CHECK(by_section[doc.section].insert(doc.key).second);  // no key twice in a section
  }
  using Keys = std::set<std::string>;
  CHECK(by_section["[daemon]"] == Keys{"state", "interval", "concurrency", "per_host", "per_host_delay",
                                       "user_agent", "listen", "timeout", "max_body", "proxy", "backoff_max",
                                       "keep_text", "health_notify", "alert_after_failing", "metrics_token", "metrics_token_file", "retention"});
  CHECK(by_section["[[source]]"] == Keys{"name", "url", "interval", "min_interval", "max_interval", "respect_ttl",
                                         "baseline", "max_age", "silent_after", "timeout", "max_body", "headers", "auth_file",
                                         "proxy", "insecure_tls", "retry_after_scope", "type", "select", "date_format", "follow", "robots", "follow_private"});
  CHECK(by_section["[dedup]"] == Keys{"window", "threshold", "title_threshold", "short_window"});
  CHECK(by_section["[[topic]]"] == Keys{"name", "query", "notify", "languages", "min_score", "sources"});
  CHECK(by_section["[[channel]]"] == Keys{"name", "type", "retry_max", "max_attempts", "give_up_after", "digest", "digest_at", "timezone",
                                          "rate_limit", "quiet_hours", "duplicates", "smtp", "starttls",
                                          "username", "password", "password_file", "from", "to",
                                          "subject", "body", "url", "preset", "secret", "secret_file", "ntfy_topic",
                                          "ntfy_priority", "ntfy_tags", "telegram_chat_id", "telegram_token",
                                          "telegram_token_file", "telegram_disable_preview", "matrix_room",
                                          "matrix_token", "matrix_token_file"});
  CHECK(find_key(docs, "[[channel]]", "smtp").channel_type == "email");
  CHECK(find_key(docs, "[[channel]]", "url").channel_type == "webhook");
  CHECK(find_key(docs, "[[channel]]", "subject").channel_type == "email");
  CHECK(find_key(docs, "[[source]]", "url").required);
}

TEST_CASE("the documented defaults are the loaded defaults", "[config][keys][defaults]") {
  TempDir dir;
  const auto result = load_text(dir, R"([[source]]
name = "s"
url = "https://s.example/feed"

[[channel]]
name = "desk"
type = "email"
smtp = "smtp://mail.example.org"
from = "a@example.org"
to = ["b@example.org"]
)");
  REQUIRE(result.ok());
  const auto& config = *result.config;
  const auto docs = describe_keys();
  const auto documented = [&](const char* section, const char* key) {
    return unquoted(find_key(docs, section, key).default_value);
  };
  CHECK(parse_duration(documented("[daemon]", "interval")) == config.daemon.interval);
  CHECK(documented("[daemon]", "concurrency") == std::to_string(config.daemon.concurrency));
  CHECK(documented("[daemon]", "per_host") == std::to_string(config.daemon.per_host));
  CHECK(documented("[daemon]", "user_agent") == config.daemon.user_agent);
  CHECK(documented("[daemon]", "listen") == config.daemon.listen);
  CHECK(documented("[[source]]", "baseline") == (config.sources[0].baseline ? "true" : "false"));
  CHECK(parse_duration(documented("[[source]]", "max_age")) == config.sources[0].max_age);
  CHECK(parse_duration(documented("[[channel]]", "retry_max")) == config.channels[0].retry_max);
  CHECK(parse_duration(documented("[daemon]", "per_host_delay")) == config.daemon.per_host_delay);
  CHECK(parse_duration(documented("[daemon]", "timeout")) == config.daemon.timeout);
  CHECK(parse_size(documented("[daemon]", "max_body")) == config.daemon.max_body);
  CHECK(parse_duration(documented("[daemon]", "backoff_max")) == config.daemon.backoff_max);
  CHECK_FALSE(config.daemon.proxy);
  const auto& source = config.sources[0];
  CHECK(parse_duration(documented("[[source]]", "min_interval")) == source.min_interval);
  CHECK(parse_duration(documented("[[source]]", "max_interval")) == source.max_interval);
  CHECK(documented("[[source]]", "respect_ttl") == (source.respect_ttl ? "true" : "false"));
  CHECK(documented("[[source]]", "insecure_tls") == (source.insecure_tls ? "true" : "false"));
  CHECK(documented("[[source]]", "retry_after_scope") == "source");
  CHECK(source.retry_after_scope == vigil::RetryAfterScope::source);
  // Sources take the [daemon] fetch defaults.
  CHECK(source.timeout == config.daemon.timeout);
  CHECK(source.max_body == config.daemon.max_body);
  CHECK(source.host_delay == config.daemon.per_host_delay);
  CHECK(source.backoff_max == config.daemon.backoff_max);
  CHECK(documented("[[channel]]", "starttls") == "required");
  CHECK(config.channels[0].email.starttls == vigil::alerts::StartTlsMode::required);
  // The structs' own initializers agree too, for code that builds options without a file.
  CHECK(DaemonOptions{}.user_agent == config.daemon.user_agent);
  CHECK(DaemonOptions{}.interval == config.daemon.interval);
  CHECK(DaemonOptions{}.per_host_delay == config.daemon.per_host_delay);
  CHECK(DaemonOptions{}.timeout == config.daemon.timeout);
  CHECK(DaemonOptions{}.max_body == config.daemon.max_body);
  CHECK(DaemonOptions{}.backoff_max == config.daemon.backoff_max);
  const vigil::SourceSpec plain;
  CHECK(plain.min_interval == source.min_interval);
  CHECK(plain.max_interval == source.max_interval);
  CHECK(plain.timeout == source.timeout);
  CHECK(plain.max_body == source.max_body);
  CHECK(plain.host_delay == source.host_delay);
  CHECK(plain.backoff_max == source.backoff_max);
}

TEST_CASE("the Markdown reference has a row for every key", "[config][keys]") {
  const auto markdown = describe_keys_markdown();
  for (const auto& doc : describe_keys()) {
    INFO(doc.key);
    CHECK(markdown.find("| `" + doc.key + "`") != std::string::npos);
  }
  CHECK(markdown.find("#### `[[channel]]`") != std::string::npos);
  CHECK(markdown.find("| `smtp` (email) |") != std::string::npos);
}

TEST_CASE("the README documents every config key", "[config][keys][readme]") {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/README.md");
  REQUIRE(in.good());
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  for (const auto& doc : describe_keys()) {
    INFO("README.md should document " << doc.section << " " << doc.key);
    const bool documented = text.find("`" + doc.key + "`") != std::string::npos;
    CHECK(documented);
  }
}
