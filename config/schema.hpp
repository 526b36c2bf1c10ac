#pragma once
// Internal to config/: one declarative table per section drives reading, validation,
// defaults and the documentation (keys.hpp). A rule's default is a TOML literal that the
// loader applies like a value from the file, so documented and real defaults are one thing.
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <toml++/toml.h>

#include "config/keys.hpp"
#include "config/reader.hpp"

namespace vigil::config::detail {

template <class Target>
struct KeyRule {
  std::string_view key;
  std::string_view type;               // as documented and as "expected ..." for a missing key
  bool required = false;
  std::string_view default_toml = {};  // applied when absent, e.g. "\"10m\"", "64"; "" = none
  std::string_view default_doc = {};   // documented default when it is computed elsewhere
  std::string_view only_for = {};      // [[channel]] type the key belongs to; "" = every table
  std::string_view doc = {};
  void (*apply)(Reader&, const toml::node&, Target&) = nullptr;
};

// Where each key present in a table has its value, for checks across keys.
class KeyPositions {
 public:
  void add(std::string_view key, const Where& where) { at_.emplace(std::string(key), where); }
  const Where* find(std::string_view key) const {
    const auto it = at_.find(key);
    return it == at_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, Where, std::less<>> at_;
};

// Two keys that give the same thing ("secret" and "secret_file", "digest" and "digest_at"): when
// both are present, an error at the later one: `keys "a" and "b" in SECTION exclude each other`.
void check_exclusive(Reader& reader, const KeyPositions& seen, std::string_view a, std::string_view b);

// Applies a rule's default literal as if the file had it.
void apply_default(std::string_view literal, const std::function<void(const toml::node&)>& apply);

// Reads every key of `table` with `rules` into `out`: unknown keys (with a suggestion), keys
// of another channel type, missing required keys, defaults. `channel_type` filters the rules
// that have `only_for`; empty means "unknown type": those keys are skipped without a word
// (the bad type was already reported).
template <class Target>
KeyPositions read_keys(Reader& reader, const toml::table& table,
                       std::span<const KeyRule<Target>> rules, Target& out,
                       std::string_view channel_type = {}) {
  std::vector<std::string_view> names;
  for (const auto& rule : rules) names.push_back(rule.key);

  KeyPositions seen;
  for (auto&& [key, value] : table) {
    const KeyRule<Target>* rule = nullptr;
    for (const auto& candidate : rules)
      if (candidate.key == key.str()) rule = &candidate;
    if (rule == nullptr) {
      reader.error(key.source(), fmt::format("unknown key {} in {}{}", quote_value(key.str()),
                                             reader.section(), suggestion(key.str(), names)));
      continue;
    }
    seen.add(rule->key, value.source());
    if (!rule->only_for.empty() && rule->only_for != channel_type) {
      if (!channel_type.empty())
        reader.error(key.source(),
                     fmt::format("key \"{}\" in {} is not valid for {} {} channel (only for {})",
                                 rule->key, reader.section(),
                                 channel_type == "email" ? "an" : "a", channel_type,
                                 rule->only_for));
      continue;
    }
    reader.at_key(rule->key);
    rule->apply(reader, value, out);
  }

  for (const auto& rule : rules) {
    if (seen.find(rule.key) != nullptr) continue;
    if (!rule.only_for.empty() && rule.only_for != channel_type) continue;
    if (rule.required) {
      reader.error(table.source(), fmt::format("missing required key \"{}\" in {} ({})",
                                               rule.key, reader.section(), rule.type));
    } else if (!rule.default_toml.empty()) {
      reader.at_key(rule.key);
      apply_default(rule.default_toml,
                    [&](const toml::node& value) { rule.apply(reader, value, out); });
    }
  }
  return seen;
}

template <class Target>
void append_docs(std::vector<KeyDoc>& docs, std::string_view section,
                 std::span<const KeyRule<Target>> rules) {
  for (const auto& rule : rules) {
    docs.push_back(KeyDoc{
        .section = std::string(section),
        .key = std::string(rule.key),
        .type = std::string(rule.type),
        .default_value = std::string(rule.default_doc.empty() ? rule.default_toml
                                                              : rule.default_doc),
        .doc = std::string(rule.doc),
        .required = rule.required,
        .channel_type = std::string(rule.only_for),
    });
  }
}

// How messages name an array table: `"x"` when it has a usable name, else `#2` (1-based).
std::string name_label(const toml::table& table, std::size_t index);

}  // namespace vigil::config::detail
