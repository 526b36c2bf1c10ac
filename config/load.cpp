// load_config: the file, the top level, and the checks across sections (unique names,
// topics naming channels).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <expected>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/schema.hpp"
#include "config/sections.hpp"

namespace vigil::config {

namespace {

using detail::Reader;
using detail::Where;

constexpr std::array<std::string_view, 5> kTopLevelKeys{"daemon", "dedup", "source", "topic", "channel"};

std::expected<std::string, std::string> read_text(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return std::unexpected("is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

void check_top_level_keys(Reader& reader, const toml::table& root) {
  std::vector<std::string_view> daemon_keys;
  const auto docs = describe_keys();
  for (const auto& doc : docs)
    if (doc.section == "[daemon]") daemon_keys.push_back(doc.key);

  for (auto&& [key, value] : root) {
    const auto name = key.str();
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), name) != kTopLevelKeys.end())
      continue;
    std::string hint = detail::suggestion(name, kTopLevelKeys);
    // `interval = "5m"` above any table: the user meant [daemon].
    if (std::find(daemon_keys.begin(), daemon_keys.end(), name) != daemon_keys.end())
      hint = "; it belongs in [daemon]";
    reader.error(key.source(),
                 fmt::format("unknown key {} at the top level{}", detail::quote_value(name), hint));
  }
}

// The tables of [[kind]], or none when the key is absent or has the wrong shape (reported).
std::vector<const toml::table*> array_tables(Reader& reader, const toml::table& root,
                                             std::string_view kind) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(kind);
  if (node == nullptr) return tables;
  const auto* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    reader.error(node->source(),
                 fmt::format("key \"{}\" at the top level: expected an array of tables ([[{}]]), "
                             "got {}",
                             kind, kind,
                             array != nullptr ? "an array of values" : detail::type_name(*node)));
    return tables;
  }
  for (const auto& element : *array) tables.push_back(element.as_table());
  return tables;
}

// Names must be unique per kind; the second use is the error, pointing back at the first.
void check_unique_names(Reader& reader, std::string_view kind,
                        const std::vector<const toml::table*>& tables) {
  std::map<std::string, Where> first;
  for (const auto* table : tables) {
    const auto* name = table->get_as<std::string>("name");
    if (name == nullptr || name->get().empty()) continue;
    const auto [it, inserted] = first.emplace(name->get(), name->source());
    if (!inserted)
      reader.error(name->source(),
                   fmt::format("duplicate [[{}]] name {} (first defined on line {})", kind,
                               detail::quote_value(name->get()), it->second.begin.line));
  }
}

// Every [[channel]] with a name counts, even one with errors: its errors are reported once.
std::set<std::string, std::less<>> channel_names(const std::vector<const toml::table*>& channel_tables) {
  std::set<std::string, std::less<>> names;
  for (const auto* table : channel_tables)
    if (const auto* name = table->get_as<std::string>("name")) names.insert(name->get());
  return names;
}

void check_notify(Reader& reader, const std::vector<detail::TopicDraft>& topics,
                  const std::vector<const toml::table*>& channel_tables) {
  const auto channels = channel_names(channel_tables);
  const std::vector<std::string_view> known(channels.begin(), channels.end());

  for (const auto& topic : topics) {
    for (std::size_t i = 0; i < topic.spec.notify.size(); ++i) {
      const auto& channel = topic.spec.notify[i];
      if (channels.contains(channel)) continue;
      reader.error(topic.notify_at[i],
                   fmt::format("{}: notify names unknown channel {}{}", topic.label,
                               detail::quote_value(channel), detail::suggestion(channel, known)));
    }
  }
}

// [daemon] health_notify names channels, at the positions of its array's elements.
void check_health_notify(Reader& reader, const toml::table& daemon, const std::vector<const toml::table*>& channel_tables) {
  const auto* names = daemon.get_as<toml::array>("health_notify");
  if (names == nullptr) return;
  const auto channels = channel_names(channel_tables);
  const std::vector<std::string_view> known(channels.begin(), channels.end());
  for (const auto& element : *names) {
    const auto* name = element.as_string();
    if (name == nullptr || channels.contains(name->get())) continue;
    reader.error(element.source(), fmt::format("[daemon]: health_notify names unknown channel {}{}",
                                               detail::quote_value(name->get()), detail::suggestion(name->get(), known)));
  }
}

void check_topic_sources(Reader& reader, const std::vector<detail::TopicDraft>& topics,
                         const std::vector<SourceSpec>& sources) {
  std::vector<std::string_view> known;
  for (const auto& source : sources) known.push_back(source.name);
  for (const auto& topic : topics) {
    for (std::size_t i = 0; i < topic.spec.sources.size(); ++i) {
      const auto& name = topic.spec.sources[i];
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      reader.error(topic.sources_at[i],
                   fmt::format("{}: sources names unknown source {}{}", topic.label,
                               detail::quote_value(name), detail::suggestion(name, known)));
    }
  }
}

Config read_config(Reader& reader, const toml::table& root, const std::filesystem::path& file) {
  Config config;
  config.file = file;
  check_top_level_keys(reader, root);

  const toml::table no_daemon_table;
  const toml::table* daemon = &no_daemon_table;
  if (const toml::node* node = root.get("daemon")) {
    if (node->is_table()) {
      daemon = node->as_table();
    } else {
      reader.error(node->source(),
                   fmt::format("key \"daemon\" at the top level: expected a table ([daemon]), "
                               "got {}",
                               detail::type_name(*node)));
    }
  }
  detail::read_daemon(reader, *daemon, config.daemon);

  const toml::table no_dedup_table;
  const toml::table* dedup = &no_dedup_table;
  if (const toml::node* node = root.get("dedup")) {
    if (node->is_table()) {
      dedup = node->as_table();
    } else {
      reader.error(node->source(),
                   fmt::format("key \"dedup\" at the top level: expected a table ([dedup]), got {}",
                               detail::type_name(*node)));
    }
  }
  detail::read_dedup(reader, *dedup, config.dedup);

  const auto source_tables = array_tables(reader, root, "source");
  for (std::size_t i = 0; i < source_tables.size(); ++i)
    config.sources.push_back(detail::read_source(reader, *source_tables[i], i + 1, config.daemon));
  check_unique_names(reader, "source", source_tables);

  const auto channel_tables = array_tables(reader, root, "channel");
  for (std::size_t i = 0; i < channel_tables.size(); ++i)
    config.channels.push_back(detail::read_channel(reader, *channel_tables[i], i + 1));
  check_unique_names(reader, "channel", channel_tables);
  check_health_notify(reader, *daemon, channel_tables);

  const auto topic_tables = array_tables(reader, root, "topic");
  std::vector<detail::TopicDraft> topics;
  for (std::size_t i = 0; i < topic_tables.size(); ++i)
    topics.push_back(detail::read_topic(reader, *topic_tables[i], i + 1));
  check_unique_names(reader, "topic", topic_tables);
  check_notify(reader, topics, channel_tables);
  check_topic_sources(reader, topics, config.sources);
  for (auto& topic : topics) config.topics.push_back(std::move(topic.spec));

  return config;
}

}  // namespace

LoadResult load_config(const std::filesystem::path& file) {
  const std::string shown = file.string();
  LoadResult result;

  const auto text = read_text(file);
  if (!text) {
    result.diagnostics.push_back(
        Diagnostic{Diagnostic::Severity::error, shown, 0, 0,
                   fmt::format("cannot read {}: {}", shown, text.error())});
    return result;
  }

  std::error_code ec;
  auto base_dir = std::filesystem::absolute(file, ec).parent_path().lexically_normal();
  Reader reader(shown, std::move(base_dir));
  try {
    const toml::table root = toml::parse(*text, std::string_view(shown));
    auto config = read_config(reader, root, file);
    if (!reader.has_errors()) result.config = std::move(config);
  } catch (const toml::parse_error& e) {
    // toml++ stops at the first syntax error: one diagnostic, at its position.
    reader.error(e.source(), fmt::format("invalid TOML: {}", e.description()));
  }
  result.diagnostics = reader.take_diagnostics();
  return result;
}

}  // namespace vigil::config
