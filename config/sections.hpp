#pragma once
// Internal to config/: one reader per section, each driven by its key table.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "alerts/channel_spec.hpp"
#include "config/config.hpp"
#include "config/keys.hpp"
#include "config/reader.hpp"
#include "model/source.hpp"
#include "topics/topic_spec.hpp"

namespace vigil::config::detail {

// [dedup]; an absent section is read as an empty table (all defaults).
void read_dedup(Reader& reader, const toml::table& table, dedup::DedupOptions& out);
void append_dedup_docs(std::vector<KeyDoc>& docs);

// [daemon]; an absent section is read as an empty table (all defaults).
void read_daemon(Reader& reader, const toml::table& table, DaemonOptions& out);

// One [[source]]; `index` is 1-based, for messages about a table without a usable name.
SourceSpec read_source(Reader& reader, const toml::table& table, std::size_t index,
                       const DaemonOptions& daemon);

struct TopicDraft {
  topics::TopicSpec spec;
  std::string label;               // `topic "x"`, as topic messages start
  std::vector<Where> notify_at;    // position of each spec.notify entry
  std::vector<Where> sources_at;   // position of each spec.sources entry
};
// One [[topic]], its query checked; the channel names are checked once all channels are read.
TopicDraft read_topic(Reader& reader, const toml::table& table, std::size_t index);

alerts::ChannelSpec read_channel(Reader& reader, const toml::table& table, std::size_t index);

// A proxy URL (checked, never echoed) or "" for a direct connection.
std::optional<std::string> read_proxy(Reader& reader, const toml::node& value);

// A poll interval: above zero; under a minute only warns.
std::optional<std::chrono::seconds> read_interval(Reader& reader, const toml::node& value);

void append_daemon_docs(std::vector<KeyDoc>& docs);
void append_source_docs(std::vector<KeyDoc>& docs);
void append_topic_docs(std::vector<KeyDoc>& docs);
void append_channel_docs(std::vector<KeyDoc>& docs);

}  // namespace vigil::config::detail
