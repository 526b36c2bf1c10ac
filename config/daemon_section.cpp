// [daemon]: process-wide options.
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
    {.key = "user_agent", .type = "string", .default_toml = R"("vigil/0.1")",
     .doc = "User-Agent of every request; add a contact URL", .apply = apply_user_agent},
    {.key = "listen", .type = R"("host:port" or "")", .default_toml = R"("127.0.0.1:9470")",
     .doc = R"(address for /metrics and /healthz (served by a later release); "" disables)",
     .apply = apply_listen},
};

// systemd's StateDirectory= sets it (a colon-separated list when there are several).
std::filesystem::path default_state_directory() {
  const char* from_systemd = std::getenv("STATE_DIRECTORY");
  if (from_systemd == nullptr || *from_systemd == '\0') return "./var";
  const std::string_view list(from_systemd);
  return std::filesystem::path(list.substr(0, list.find(':')));
}

}  // namespace

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
