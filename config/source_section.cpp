// [[source]]: one feed to poll.
#include <system_error>

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
  if (auto interval = read_interval(reader, value)) out.interval = *interval;
}

void apply_baseline(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto flag = reader.boolean(value)) out.baseline = *flag;
}

void apply_max_age(Reader& reader, const toml::node& value, SourceSpec& out) {
  if (auto age = reader.duration(value, /*zero_allowed=*/true)) out.max_age = *age;
}

constexpr Rule kSourceKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, used in logs, metrics and the CLI", .apply = apply_name},
    {.key = "url", .type = "http://, https:// or file: URL", .required = true,
     .doc = "RSS 2.0, RSS 1.0 or Atom, detected from the content; file:path is relative to the config file's directory",
     .apply = apply_url},
    {.key = "interval", .type = "duration", .default_doc = "[daemon] interval",
     .doc = "poll interval of this source; under a minute only warns",
     .apply = apply_interval},
    {.key = "baseline", .type = "boolean", .default_toml = "true",
     .doc = "items present at the first poll are recorded, not alerted",
     .apply = apply_baseline},
    {.key = "max_age", .type = "duration", .default_toml = R"("7d")",
     .doc = R"(older items never alert; "0" turns the limit off)", .apply = apply_max_age},
};

}  // namespace

SourceSpec read_source(Reader& reader, const toml::table& table, std::size_t index,
                       const DaemonOptions& daemon) {
  reader.enter("[[source]] " + name_label(table, index));
  SourceSpec source;
  source.interval = daemon.interval;
  read_keys<SourceSpec>(reader, table, kSourceKeys, source);
  return source;
}

void append_source_docs(std::vector<KeyDoc>& docs) {
  append_docs<SourceSpec>(docs, "[[source]]", kSourceKeys);
}

}  // namespace vigil::config::detail
