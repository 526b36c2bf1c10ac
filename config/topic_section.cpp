// [[topic]]: a query and the channels its matches go to.
#include <algorithm>

#include "config/schema.hpp"
#include "config/sections.hpp"
#include "topics/matcher.hpp"

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

constexpr Rule kTopicKeys[] = {
    {.key = "name", .type = "string", .required = true,
     .doc = "unique name, shown in alerts", .apply = apply_name},
    {.key = "query", .type = "query", .required = true,
     .doc = "what to look for: words and \"phrases\" joined by OR (see Topics)",
     .apply = apply_query},
    {.key = "notify", .type = "array of channel names", .required = true,
     .doc = "the [[channel]] names that receive this topic's alerts", .apply = apply_notify},
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
