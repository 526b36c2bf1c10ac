// [daemon]: process-wide options.
#include <algorithm>
#include <cstdlib>

#include "config/checks.hpp"
#include "config/schema.hpp"
#include "config/sections.hpp"

namespace vigil::config::detail {

namespace {

using Rule = KeyRule<DaemonOptions>;

void apply_state(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto path = reader.plain_string(value, "a directory path")) out.state = *path;
}

void apply_interval(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto interval = read_interval(reader, value)) out.interval = *interval;
}

void apply_concurrency(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto n = reader.integer_at_least(value, 1)) out.concurrency = static_cast<std::size_t>(*n);
}

void apply_per_host(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto n = reader.integer_at_least(value, 1)) out.per_host = static_cast<std::size_t>(*n);
}

void apply_per_host_delay(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto delay = reader.duration(value, /*zero_allowed=*/true)) out.per_host_delay = *delay;
}

void apply_timeout(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto timeout = reader.duration(value, /*zero_allowed=*/false)) out.timeout = *timeout;
}

void apply_max_body(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto size = reader.size(value)) out.max_body = *size;
}

void apply_proxy(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto proxy = read_proxy(reader, value)) out.proxy = *proxy;
}

void apply_backoff_max(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto cap = reader.duration(value, /*zero_allowed=*/false)) out.backoff_max = *cap;
}

void apply_keep_text(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto keep = reader.duration(value, /*zero_allowed=*/true)) out.keep_text = *keep;
}

void apply_health_notify(Reader& reader, const toml::node& value, DaemonOptions& out) {
  const auto* names = reader.non_empty_array(value, "an array of channel names");
  if (names == nullptr) return;
  // Whether each names a [[channel]] is checked by load_config, which knows them all.
  for (const auto& element : *names)
    if (auto name = reader.plain_string(element, "a channel name")) out.health_notify.push_back(*name);
}

void apply_alert_after_failing(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto after = reader.duration(value, /*zero_allowed=*/false)) out.alert_after_failing = *after;
}

void apply_retention(Reader& reader, const toml::node& value, DaemonOptions& out) {
  if (auto keep = reader.duration(value, /*zero_allowed=*/true)) out.retention = *keep;
}

void apply_user_agent(Reader& reader, const toml::node& value, DaemonOptions& out) {
  // Goes into a header line: no control characters.
  if (auto agent = reader.plain_string(value, "a non-empty User-Agent")) out.user_agent = *agent;
}

void apply_listen(Reader& reader, const toml::node& value, DaemonOptions& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (auto valid = check_listen(*text); !valid) {
    reader.value_error(value, fmt::format("expected {}, got {}", valid.error(), quote_value(*text)));
    return;
  }
  out.listen = *text;
}

// Sent in an Authorization header: printable, without spaces. Never echoed in messages.
bool is_bearer_token(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

void apply_metrics_token(Reader& reader, const toml::node& value, DaemonOptions& out) {
  const auto text = reader.string(value);
  if (!text) return;
  auto token = expand_environment(*text);
  if (!token) return reader.value_error(value, token.error());
  if (!is_bearer_token(*token))
    return reader.value_error(value, "expected a token of printable characters without spaces");
  out.metrics_token = std::move(*token);
}

void apply_metrics_token_file(Reader& reader, const toml::node& value, DaemonOptions& out) {
  auto token = reader.secret_file(value);
  if (!token) return;
  if (!is_bearer_token(*token))
    return reader.value_error(value, "expected a file holding a token of printable characters without spaces");
  out.metrics_token = std::move(*token);
}

constexpr Rule kDaemonKeys[] = {
    {.key = "state", .type = "path", .default_doc = R"($STATE_DIRECTORY, else ./var)",
     .doc = "directory of the embedded store, created if missing; relative to the working "
            "directory",
     .apply = apply_state},
    {.key = "interval", .type = "duration", .default_toml = R"("10m")",
     .doc = "default poll interval of sources; under a minute only warns",
     .apply = apply_interval},
    {.key = "concurrency", .type = "integer >= 1", .default_toml = "64",
     .doc = "fetches in flight, all hosts together", .apply = apply_concurrency},
    {.key = "per_host", .type = "integer >= 1", .default_toml = "2",
     .doc = "fetches in flight per host", .apply = apply_per_host},
    {.key = "per_host_delay", .type = "duration", .default_toml = R"("1s")",
     .doc = R"(least time between two requests starting to one host; "0" turns spacing off)",
     .apply = apply_per_host_delay},
    {.key = "user_agent", .type = "string", .default_toml = R"("vigil/0.1")",
     .doc = "User-Agent of every request; add a contact URL", .apply = apply_user_agent},
    {.key = "listen", .type = R"("host:port" or "")", .default_toml = R"("127.0.0.1:9470")",
     .doc = R"(address of the HTTP endpoints /metrics (Prometheus) and /healthz; "" disables)",
     .apply = apply_listen},
    {.key = "metrics_token", .type = "secret string", .default_doc = "none",
     .doc = R"(bearer token /metrics and /healthz require ("Authorization: Bearer ..."); "${VAR}" reads the environment)",
     .apply = apply_metrics_token},
    {.key = "metrics_token_file", .type = "path", .default_doc = "none",
     .doc = "file holding the metrics token (trailing newline dropped); relative to the config file",
     .apply = apply_metrics_token_file},
    {.key = "timeout", .type = "duration", .default_toml = R"("30s")",
     .doc = "default time limit of one fetch, connecting and reading included",
     .apply = apply_timeout},
    {.key = "max_body", .type = "size", .default_toml = R"("16MiB")",
     .doc = "default limit of a fetched body, counted after decompression",
     .apply = apply_max_body},
    {.key = "proxy", .type = "proxy URL or \"\"",
     .default_doc = "the http_proxy/https_proxy environment",
     .doc = R"(default proxy of sources: http://, https://, socks5:// or socks5h://; "" connects directly)",
     .apply = apply_proxy},
    {.key = "backoff_max", .type = "duration", .default_toml = R"("6h")",
     .doc = "longest wait before retrying a failing source (never shorter than its interval)",
     .apply = apply_backoff_max},
    {.key = "health_notify", .type = "array of channel names", .default_doc = "none",
     .doc = "channels told when a source has failed for alert_after_failing, when it recovers, and "
            "when it has published nothing for its silent_after",
     .apply = apply_health_notify},
    {.key = "alert_after_failing", .type = "duration", .default_toml = R"("6h")",
     .doc = "how long a source fails before health_notify hears of it",
     .apply = apply_alert_after_failing},
    {.key = "keep_text", .type = "duration", .default_toml = R"("30d")",
     .doc = "how long items' text is kept for `vigil match --stored` (trying a topic on history); "
            "\"0\" keeps none",
     .apply = apply_keep_text},
    {.key = "retention", .type = "duration", .default_toml = R"("180d")",
     .doc = "hourly housekeeping prunes items their feed stopped listing this long ago, stories and "
            "delivered or dead alerts older than this (never undelivered alerts, never the dedup "
            "window); \"0\" keeps everything",
     .apply = apply_retention},
};

// systemd's StateDirectory= sets it (a colon-separated list when there are several).
std::filesystem::path default_state_directory() {
  const char* from_systemd = std::getenv("STATE_DIRECTORY");
  if (from_systemd == nullptr || *from_systemd == '\0') return "./var";
  const std::string_view list(from_systemd);
  return std::filesystem::path(list.substr(0, list.find(':')));
}

}  // namespace

std::optional<std::string> read_proxy(Reader& reader, const toml::node& value) {
  const auto text = reader.string(value);
  if (!text || text->empty()) return text;
  if (auto valid = check_proxy_url(*text); !valid) {
    reader.value_error(value, "expected " + valid.error());  // never the URL: it may hold a password
    return std::nullopt;
  }
  return text;
}

std::optional<std::chrono::seconds> read_interval(Reader& reader, const toml::node& value) {
  auto interval = reader.duration(value, /*zero_allowed=*/false);
  if (interval && *interval < std::chrono::minutes(1))
    reader.warning(value.source(),
                   fmt::format("{}: interval {} is under a minute; fine for tests, hard on servers",
                               reader.section(), format_duration(*interval)));
  return interval;
}

void read_daemon(Reader& reader, const toml::table& table, DaemonOptions& out) {
  reader.enter("[daemon]");
  out.state = default_state_directory();
  const auto seen = read_keys<DaemonOptions>(reader, table, kDaemonKeys, out);

  check_exclusive(reader, seen, "metrics_token", "metrics_token_file");

  if (out.per_host > out.concurrency) {
    const Where* at = seen.find("per_host");
    if (at == nullptr) at = seen.find("concurrency");
    if (at != nullptr)
      reader.warning(*at, fmt::format("[daemon]: per_host {} is above concurrency {}; at most {} "
                                      "fetches run at once",
                                      out.per_host, out.concurrency, out.concurrency));
  }
}

void append_daemon_docs(std::vector<KeyDoc>& docs) {
  append_docs<DaemonOptions>(docs, "[daemon]", kDaemonKeys);
}

}  // namespace vigil::config::detail
