// [[topic]]: a query and the channels its matches go to.
#include <algorithm>
#include <cmath>

#include <fmt/ranges.h>

#include "config/schema.hpp"
#include "config/sections.hpp"
#include "topics/matcher.hpp"
#include "topics/stem.hpp"

namespace vigil::config::detail {

namespace {

using Rule = KeyRule<TopicDraft>;

void apply_name(Reader& reader, const toml::node& value, TopicDraft& out) {
  if (auto name = reader.plain_string(value, "a non-empty name")) out.spec.name = *name;
}

void apply_query(Reader& reader, const toml::node& value, TopicDraft& out) {
  const auto query = reader.string(value);
  if (!query) return;
  if (std::all_of(query->begin(), query->end(), [](char c) { return c == ' ' || c == '\t'; })) {
    reader.value_error(value, "expected a non-empty query");
    return;
  }
  if (auto valid = topics::check_query(*query); !valid) {
    // The column counts in the query's own text, which the file may have escaped.
    reader.error(value.source(), fmt::format("{}: query, column {}: {}", out.label,
                                             valid.error().column, valid.error().message));
    return;
  }
  out.spec.query = *query;
}

void apply_notify(Reader& reader, const toml::node& value, TopicDraft& out) {
  const auto* names = reader.non_empty_array(value, "an array of channel names");
  if (names == nullptr) return;
  for (const auto& element : *names) {
    auto name = reader.plain_string(element, "a channel name");
    if (!name) continue;
    if (std::find(out.spec.notify.begin(), out.spec.notify.end(), *name) !=
        out.spec.notify.end()) {
      reader.warning(element.source(),
                     fmt::format("{}: notify names channel {} twice", out.label, quote_value(*name)));
      continue;
    }
    out.spec.notify.push_back(*name);
    out.notify_at.push_back(element.source());
  }
}

void apply_languages(Reader& reader, const toml::node& value, TopicDraft& out) {
  const auto* codes = reader.non_empty_array(value, "an array of language codes such as [\"en\", \"fr\"]");
  if (codes == nullptr) return;
  out.spec.languages.clear();
  for (const auto& element : *codes) {
    auto code = reader.plain_string(element, "a language code such as \"en\"");
    if (!code) continue;
    if (!topics::has_stemmer(*code))
      reader.warning(element.source(),
                     fmt::format("{}: no stemmer for language {}: its words are folded but not "
                                 "stemmed (stemmers: {})",
                                 out.label, quote_value(*code), fmt::join(topics::stemmer_languages(), " ")));
    if (std::find(out.spec.languages.begin(), out.spec.languages.end(), *code) == out.spec.languages.end())
      out.spec.languages.push_back(*code);
  }
}

void apply_min_score(Reader& reader, const toml::node& value, TopicDraft& out) {
  const auto score = reader.number(value, "a number > 0");
  if (!score) return;
  if (!(*score > 0) || !std::isfinite(*score)) {
    reader.value_error(value, fmt::format("expected a number > 0, got {}", *score));
    return;
  }
  out.spec.min_score = score;
}

void apply_sources(Reader& reader, const toml::node& value, TopicDraft& out) {
  const auto* names = reader.non_empty_array(value, "an array of source names");
  if (names == nullptr) return;
  for (const auto& element : *names) {
    auto name = reader.plain_string(element, "a source name");
    if (!name) continue;
    if (std::find(out.spec.sources.begin(), out.spec.sources.end(), *name) != out.spec.sources.end())
      continue;
    out.spec.sources.push_back(*name);
    out.sources_at.push_back(element.source());
  }
}

constexpr Rule kTopicKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, shown in alerts", .apply = apply_name},
    {.key = "query", .type = "query", .required = true,
     .doc = "what to look for: words, \"phrases\", prefix*, AND OR NOT -, ( ), NEAR/n, title:, "
            "/regex/, or * for every item (see Topics)",
     .apply = apply_query},
    {.key = "notify", .type = "array of channel names", .required = true,
     .doc = "the [[channel]] names that receive this topic's alerts", .apply = apply_notify},
    {.key = "languages", .type = "array of language codes", .default_toml = R"(["en"])",
     .doc = "languages whose inflections words match (Snowball stemmers, and uk); others are only "
            "case- and accent-folded",
     .apply = apply_languages},
    {.key = "min_score", .type = "number > 0", .default_doc = "unset: any hit matches",
     .doc = "how much an item must be about the topic: a title hit weighs 3, a body hit 1, "
            "repeats add less (1 + ln n)",
     .apply = apply_min_score},
    {.key = "sources", .type = "array of source names", .default_doc = "every source",
     .doc = "watch only these [[source]] names", .apply = apply_sources},
};

}  // namespace

TopicDraft read_topic(Reader& reader, const toml::table& table, std::size_t index) {
  const auto name = name_label(table, index);
  reader.enter("[[topic]] " + name);
  TopicDraft topic;
  topic.label = "topic " + name;  // the query and notify messages start `topic "x":`
  read_keys<TopicDraft>(reader, table, kTopicKeys, topic);
  return topic;
}

void append_topic_docs(std::vector<KeyDoc>& docs) {
  append_docs<TopicDraft>(docs, "[[topic]]", kTopicKeys);
}

}  // namespace vigil::config::detail
