#include "config/keys.hpp"

#include <fmt/core.h>

#include "config/sections.hpp"

namespace vigil::config {

std::vector<KeyDoc> describe_keys() {
  std::vector<KeyDoc> docs;
  detail::append_daemon_docs(docs);
  detail::append_dedup_docs(docs);
  detail::append_source_docs(docs);
  detail::append_topic_docs(docs);
  detail::append_channel_docs(docs);
  return docs;
}

namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// A TOML literal ("\"10m\"", 64, true) as code; a phrase ("[daemon] interval") as text.
std::string default_cell(const std::string& value) {
  if (value.empty()) return "";
  const bool literal = value.front() == '"' || (value.front() >= '0' && value.front() <= '9') ||
                       value == "true" || value == "false";
  return literal ? "`" + value + "`" : value;
}

}  // namespace

std::string describe_keys_markdown() {
  std::string out;
  std::string section;
  for (const auto& doc : describe_keys()) {
    if (doc.section != section) {
      section = doc.section;
      out += fmt::format("{}#### `{}`\n\n| key | type | default | description |\n"
                         "|---|---|---|---|\n",
                         out.empty() ? "" : "\n", section);
    }
    const std::string key = doc.channel_type.empty()
                                ? fmt::format("`{}`", doc.key)
                                : fmt::format("`{}` ({})", doc.key, doc.channel_type);
    const std::string fallback = doc.required ? "required" : default_cell(doc.default_value);
    out += fmt::format("| {} | {} | {} | {} |\n", key, cell(doc.type), cell(fallback),
                       cell(doc.doc));
  }
  return out;
}

}  // namespace vigil::config
