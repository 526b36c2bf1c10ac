// [[source]]: one feed to poll, and how to fetch it politely.
#include <algorithm>
#include <system_error>

#include "feeds/html_list.hpp"

#include "config/checks.hpp"
#include "config/schema.hpp"
#include "config/sections.hpp"

namespace vigil::config::detail {

namespace {

using Rule = KeyRule<SourceSpec>;

void apply_name(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto name = reader.plain_string(value, "a non-empty name")) out.name = *name;
}

void apply_url(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  auto resolved = resolve_source_url(*text, reader.base_dir());
  if (!resolved) {
    reader.value_error(value, "expected " + resolved.error());
    return;
  }
  out.url = std::move(resolved->url);
  std::error_code ec;
  if (resolved->local_file && !std::filesystem::exists(*resolved->local_file, ec))
    reader.value_warning(value, fmt::format("file {} does not exist (yet)",
                                            quote_value(resolved->local_file->string())));
}

void apply_interval(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (const auto* text = value.as_string(); text && text->get() == "auto") {
    out.auto_interval = true;
    return;
  }
  if (auto interval = read_interval(reader, value)) out.interval = *interval;
}

void apply_min_interval(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto interval = reader.duration(value, /*zero_allowed=*/false)) out.min_interval = *interval;
}

void apply_max_interval(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto interval = reader.duration(value, /*zero_allowed=*/false)) out.max_interval = *interval;
}

void apply_respect_ttl(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.respect_ttl = *flag;
}

void apply_baseline(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.baseline = *flag;
}

void apply_silent_after(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto after = reader.duration(value, /*zero_allowed=*/false)) out.silent_after = *after;
}

void apply_max_age(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto age = reader.duration(value, /*zero_allowed=*/true)) out.max_age = *age;
}

void apply_timeout(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto timeout = reader.duration(value, /*zero_allowed=*/false)) out.timeout = *timeout;
}

void apply_max_body(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto size = reader.size(value)) out.max_body = *size;
}

void apply_headers(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto* table = value.as_table();
  if (table == nullptr) {
    reader.type_error(value, R"(a table of header names and string values, like { "X-Api-Key" = "..." })");
    return;
  }
  for (auto&& [name, header] : *table) {
    if (!is_header_name(name.str())) {
      reader.error(name.source(), fmt::format("key \"headers\" in {}: expected a header name, got {}",
                                              reader.section(), quote_value(name.str())));
      continue;
    }
    const auto* text = header.as_string();
    if (text == nullptr) {
      reader.error(header.source(), fmt::format("key \"headers\" in {}: header \"{}\": expected a string, got {}",
                                                reader.section(), name.str(), type_name(header)));
      continue;
    }
    // Values may be secrets (API keys): "${VAR}" reads the environment, and no message echoes them.
    auto expanded = expand_environment(text->get());
    if (!expanded) {
      reader.error(header.source(), fmt::format("key \"headers\" in {}: header \"{}\": {}", reader.section(),
                                                name.str(), expanded.error()));
      continue;
    }
    if (has_control_characters(*expanded)) {
      reader.error(header.source(), fmt::format("key \"headers\" in {}: header \"{}\": expected a value without "
                                                "control characters or line breaks",
                                                reader.section(), name.str()));
      continue;
    }
    out.headers.emplace_back(std::string(name.str()), std::move(*expanded));
  }
}

void apply_auth_file(Reader& reader, const toml::node& value, SourceSpec& out) {
  auto secret = reader.secret_file(value);
  if (!secret) return;
  const auto colon = secret->find(':');
  if (colon == std::string::npos || colon == 0 || secret->find('\n') != std::string::npos) {
    // Never a word of the file's content: it is a credential.
    reader.value_error(value, fmt::format("expected {} to hold one line \"user:password\"", quote_value(value.value_or(std::string{}))));
    return;
  }
  out.username = secret->substr(0, colon);
  out.password = secret->substr(colon + 1);
}

void apply_proxy(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto proxy = read_proxy(reader, value)) out.proxy = *proxy;
}

void apply_insecure_tls(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.insecure_tls = *flag;
}

void apply_retry_after_scope(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (*text == "source") {
    out.retry_after_scope = RetryAfterScope::source;
  } else if (*text == "host") {
    out.retry_after_scope = RetryAfterScope::host;
  } else {
    reader.value_error(value, fmt::format(R"(expected "source" or "host", got {})", quote_value(*text)));
  }
}

void apply_type(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (*text == "feed") {
    out.type = SourceType::feed;
  } else if (*text == "html") {
    out.type = SourceType::html;
  } else if (*text == "sitemap") {
    out.type = SourceType::sitemap;
  } else {
    reader.value_error(value, fmt::format(R"(expected "feed", "html" or "sitemap", got {})", quote_value(*text)));
  }
}

// [source.select]: each selector is checked here, so a typo is a config error with its place.
void apply_select(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto* table = value.as_table();
  if (table == nullptr) {
    reader.type_error(value, R"(a table of selectors, like { item = "article.teaser", title = "h3 a" })");
    return;
  }
  const std::pair<std::string_view, std::string SelectSpec::*> fields[] = {
      {"item", &SelectSpec::item}, {"title", &SelectSpec::title}, {"link", &SelectSpec::link},
      {"date", &SelectSpec::date}, {"summary", &SelectSpec::summary}, {"id", &SelectSpec::id}};
  for (auto&& [key, selector] : *table) {
    const auto* field = std::find_if(std::begin(fields), std::end(fields),
                                     [&](const auto& f) { return f.first == key.str(); });
    if (field == std::end(fields)) {
      reader.error(key.source(), fmt::format("key \"select.{}\" in {}: unknown; expected one of item, title, link, "
                                             "date, summary, id", key.str(), reader.section()));
      continue;
    }
    const auto* text = selector.as_string();
    if (text == nullptr || text->get().empty()) {
      reader.error(selector.source(), fmt::format("key \"select.{}\" in {}: expected a CSS selector or "
                                                  "\"xpath:\" and an XPath expression, got {}",
                                                  key.str(), reader.section(), text ? "\"\"" : type_name(selector)));
      continue;
    }
    if (auto problem = feeds::check_selector(text->get())) {
      // The column counts in the selector's own text, which the file may have escaped.
      reader.error(selector.source(), fmt::format("key \"select.{}\" in {}: selector, column {}: {}", key.str(),
                                                  reader.section(), problem->offset + 1, problem->message));
    }
    // Kept even when broken (the config is rejected anyway), so the item selector is not also
    // reported missing.
    out.select.*(field->second) = text->get();
  }
}

void apply_date_format(Reader& reader, const toml::node& value, SourceSpec& out) {
  const auto text = reader.string(value);
  if (!text) return;
  if (text->find('%') == std::string::npos) {
    reader.value_error(value, fmt::format(R"(expected a date format with % directives, like "%d/%m/%Y", got {})",
                                          quote_value(*text)));
    return;
  }
  out.date_format = *text;
}

void apply_follow(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.follow = *flag;
}

void apply_robots(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.robots = *flag;
}

void apply_follow_private(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.follow_private = *flag;
}

constexpr Rule kSourceKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, used in logs, metrics and the CLI", .apply = apply_name},
    {.key = "url", .type = "http://, https:// or file: URL", .required = true,
     .doc = "RSS, RDF, Atom or JSON Feed, detected from the content; file:path is relative to the config file's directory",
     .apply = apply_url},
    {.key = "interval", .type = R"(duration or "auto")", .default_doc = "[daemon] interval",
     .doc = R"(poll interval of this source; "auto" follows how often it publishes, within min_interval and max_interval; under a minute only warns)",
     .apply = apply_interval},
    {.key = "min_interval", .type = "duration", .default_toml = R"("5m")",
     .doc = R"(shortest interval "auto" may choose)", .apply = apply_min_interval},
    {.key = "max_interval", .type = "duration", .default_toml = R"("1h")",
     .doc = R"(longest interval "auto" may choose, and the most a feed's ttl or Cache-Control max-age may stretch the interval to)",
     .apply = apply_max_interval},
    {.key = "respect_ttl", .type = "boolean", .default_toml = "true",
     .doc = "treat the feed's RSS ttl or sy:updatePeriod and the server's Cache-Control max-age as lower bounds on the interval",
     .apply = apply_respect_ttl},
    {.key = "baseline", .type = "boolean", .default_toml = "true",
     .doc = "items present at the first poll are recorded, not alerted",
     .apply = apply_baseline},
    {.key = "max_age", .type = "duration", .default_toml = R"("7d")",
     .doc = R"(older items never alert; "0" turns the limit off)", .apply = apply_max_age},
    {.key = "silent_after", .type = "duration", .default_doc = "none",
     .doc = "tell [daemon] health_notify when the source has had no new item for this long",
     .apply = apply_silent_after},
    {.key = "timeout", .type = "duration", .default_doc = "[daemon] timeout",
     .doc = "time limit of one fetch, connecting and reading included", .apply = apply_timeout},
    {.key = "max_body", .type = "size", .default_doc = "[daemon] max_body",
     .doc = "limit of the fetched body, counted after decompression", .apply = apply_max_body},
    {.key = "headers", .type = "table of strings",
     .doc = R"(extra request headers, like { "X-Api-Key" = "${API_KEY}" }; "${VAR}" reads the environment)",
     .apply = apply_headers},
    {.key = "auth_file", .type = "path",
     .doc = R"(file holding one line "user:password" for HTTP basic auth; relative to the config file's directory)",
     .apply = apply_auth_file},
    {.key = "proxy", .type = "proxy URL or \"\"", .default_doc = "[daemon] proxy",
     .doc = R"(http://, https://, socks5:// or socks5h:// proxy for this source; "" connects directly)",
     .apply = apply_proxy},
    {.key = "insecure_tls", .type = "boolean", .default_toml = "false",
     .doc = "accept any TLS certificate (warned about); verification is on otherwise",
     .apply = apply_insecure_tls},
    {.key = "retry_after_scope", .type = R"("source" or "host")", .default_toml = R"("source")",
     .doc = "what a 429/503 Retry-After holds back: this source, or every source on its host",
     .apply = apply_retry_after_scope},
    {.key = "type", .type = R"("feed", "html" or "sitemap")", .default_toml = R"("feed")",
     .doc = R"(what the URL serves: a feed (an HTML page that advertises one is read through it), an HTML list page read with [source.select], or a sitemap, sitemap index or Google News sitemap)",
     .apply = apply_type},
    {.key = "select", .type = "table of selectors",
     .doc = R"(for type = "html": item (required), title, link, date, summary, id; CSS selectors, or "xpath:" and an XPath 1.0 expression; "@attr" at the end reads an attribute ("h3 a@href"); fields are relative to the item; defaults: the item's first heading, its first link, id = link)",
     .apply = apply_select},
    {.key = "date_format", .type = "string",
     .doc = R"(how the list page writes dates, with %d %e %m %y %Y %b %B %H %M %S %p %z ("%m/%d/%Y" for US pages); without it written dates like "26 November 2026" and day-first numeric dates are understood)",
     .apply = apply_date_format},
    {.key = "follow", .type = "boolean", .default_toml = "false",
     .doc = "fetch each new item's page and match its article text (topics then see the full text, and the snippet comes from it)",
     .apply = apply_follow},
    {.key = "robots", .type = "boolean", .default_toml = "true",
     .doc = "respect robots.txt for HTML list pages, sitemaps and followed pages",
     .apply = apply_robots},
    {.key = "follow_private", .type = "boolean", .default_toml = "false",
     .doc = "let followed links reach loopback and private addresses (refused otherwise, so a page cannot point vigil at the local network)",
     .apply = apply_follow_private},
};

// Checks that involve two keys, or a key and the URL.
void check_source_keys(Reader& reader, const KeyPositions& seen, const SourceSpec& source) {
  const auto& section = reader.section();
  if (source.min_interval > source.max_interval) {
    const Where* at = seen.find("min_interval") ? seen.find("min_interval") : seen.find("max_interval");
    if (at != nullptr)
      reader.error(*at, fmt::format("keys \"min_interval\" ({}) and \"max_interval\" ({}) in {}: the minimum is "
                                    "above the maximum",
                                    format_duration(source.min_interval), format_duration(source.max_interval),
                                    section));
  }
  if (const Where* at = seen.find("insecure_tls"); at && source.insecure_tls)
    reader.warning(*at, fmt::format("key \"insecure_tls\" in {}: TLS certificates of this source are not "
                                    "verified; anyone on the path can forge its items",
                                    section));
  if (source.type == SourceType::html && source.select.item.empty()) {
    const Where* at = seen.find("select") ? seen.find("select") : seen.find("type");
    if (at != nullptr)
      reader.error(*at, fmt::format(R"(key "select.item" in {}: required for type = "html": the selector of the )"
                                    R"(page's items, like select = {{ item = "article.teaser" }})",
                                    section));
  }
  if (const Where* at = seen.find("select"); at && source.type != SourceType::html)
    reader.warning(*at, fmt::format(R"(key "select" in {}: used only with type = "html")", section));
  if (const Where* at = seen.find("date_format"); at && source.type != SourceType::html)
    reader.warning(*at, fmt::format(R"(key "date_format" in {}: used only with type = "html")", section));
  if (const Where* at = seen.find("auth_file"); at && source.url.starts_with("http:"))
    reader.warning(*at, fmt::format("key \"auth_file\" in {}: the password goes over plain http:// unencrypted",
                                    section));
}

}  // namespace

SourceSpec read_source(Reader& reader, const toml::table& table, std::size_t index,
                       const DaemonOptions& daemon) {
  reader.enter("[[source]] " + name_label(table, index));
  SourceSpec source;
  source.interval = daemon.interval;
  source.timeout = daemon.timeout;
  source.max_body = daemon.max_body;
  source.proxy = daemon.proxy;
  source.host_delay = daemon.per_host_delay;
  source.backoff_max = daemon.backoff_max;
  const auto seen = read_keys<SourceSpec>(reader, table, kSourceKeys, source);
  check_source_keys(reader, seen, source);
  return source;
}

void append_source_docs(std::vector<KeyDoc>& docs) {
  append_docs<SourceSpec>(docs, "[[source]]", kSourceKeys);
}

}  // namespace vigil::config::detail
