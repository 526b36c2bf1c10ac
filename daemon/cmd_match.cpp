// `vigil match [--topic NAME]... [--explain] [--stored --since 30d] [FILE|-]`: which topics
// match given items. Reads Item JSON lines (or one feed document: RSS, Atom, JSON Feed...),
// or with --stored the items the store has kept; prints one JSON line per item:
//   {"id": "...", "topics": ["landmines"], "explain": {"landmines": {"terms", "score", "snippet", "highlights"}}}
// "explain" only with --explain; "topics": [] when nothing matched. How users tune a topic,
// try it on history before switching it on, and how a labelled evaluation is run.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "daemon/commands.hpp"
#include "daemon/item_json.hpp"
#include "feeds/parse.hpp"
#include "topics/matcher.hpp"

namespace vigil::daemon {
namespace {

std::string match_line(const Item& item, const std::vector<Match>& matches, bool explain) {
  nlohmann::ordered_json line;
  line["id"] = item.id;
  line["topics"] = nlohmann::ordered_json::array();
  for (const auto& match : matches) line["topics"].push_back(match.topic);
  if (explain) {
    nlohmann::ordered_json why = nlohmann::ordered_json::object();
    for (const auto& match : matches) {
      nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
      for (const auto& h : match.highlights) highlights.push_back({h.begin, h.end});
      why[match.topic] = {{"terms", match.terms},
                          {"score", std::round(match.score * 1000) / 1000},
                          {"snippet", match.snippet},
                          {"highlights", std::move(highlights)}};
    }
    line["explain"] = std::move(why);
  }
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// JSON lines when the first non-blank line is a JSON object that is not a JSON Feed.
bool is_item_lines(const std::string& input) {
  std::istringstream lines(input);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return false;
    const auto version = doc.find("version");
    return version == doc.end() || !version->is_string() ||
           version->get<std::string>().find("jsonfeed.org") == std::string::npos;
  }
  return true;  // empty input: no items
}

// The topics asked for (all when none), in configuration order; an unknown name is an error.
std::expected<std::vector<topics::TopicSpec>, std::string> chosen_topics(const config::Config& config,
                                                                         const std::vector<std::string>& names) {
  if (names.empty()) return config.topics;
  std::vector<topics::TopicSpec> chosen;
  for (const auto& name : names) {
    const auto found = std::find_if(config.topics.begin(), config.topics.end(),
                                    [&](const topics::TopicSpec& t) { return t.name == name; });
    if (found == config.topics.end()) return std::unexpected(fmt::format("no topic named \"{}\" in the config", name));
  }
  for (const auto& topic : config.topics)
    if (std::find(names.begin(), names.end(), topic.name) != names.end()) chosen.push_back(topic);
  return chosen;
}

}  // namespace

std::expected<std::string, std::string> read_input(const std::string& file) {
  if (file == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) return std::unexpected(fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  std::string text;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
  std::fclose(f);
  return text;
}

int cmd_match(const config::Config& config, const MatchOptions& options) {
  auto specs = chosen_topics(config, options.topics);
  if (!specs) {
    fmt::print(stderr, "match: {}\n", specs.error());
    return 1;
  }
  auto matcher = topics::Matcher::compile(*specs);
  if (!matcher) {  // the config was checked; only a bug gets here
    fmt::print(stderr, "match: topic \"{}\": {}\n", matcher.error().topic, matcher.error().error.message);
    return 1;
  }
  auto print = [&](const Item& item) {
    fmt::print("{}\n", match_line(item, matcher->match(item), options.explain));
    return true;
  };

  if (options.stored) {
    auto store = store::open_sqlite_store(config.daemon.state / "vigil.db");
    if (!store) {
      fmt::print(stderr, "match: {}\n", store.error().message);
      return 1;
    }
    const auto since = now_utc() - options.since;
    if (auto done = (*store)->for_each_item_since(since, print); !done) {
      fmt::print(stderr, "match: {}\n", done.error().message);
      return 1;
    }
    return 0;
  }

  const auto input = read_input(options.input);
  if (!input) {
    fmt::print(stderr, "match: {}\n", input.error());
    return 1;
  }
  if (!is_item_lines(*input)) {
    FetchResult fetched;
    fetched.status = 200;
    fetched.body = *input;
    const auto feed = feeds::parse_feed(fetched);
    if (!feed) {
      fmt::print(stderr, "match: {}: not Item JSON lines, and not a feed: {}\n", options.input, feed.error().message);
      return 1;
    }
    for (const auto& item : feed->items) print(item);
    return 0;
  }
  return for_each_item_line(*input, "match", options.input, [&](const Item& item, int) { print(item); });
}

}  // namespace vigil::daemon
