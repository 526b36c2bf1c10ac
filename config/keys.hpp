#pragma once
// The documented reference of every config key, taken from the same tables the loader runs
// on, so the README and the loader cannot disagree.
#include <string>
#include <vector>

namespace vigil::config {

struct KeyDoc {
  std::string section;        // "[daemon]", "[[source]]", "[[topic]]", "[[channel]]"
  std::string key;            // "interval"
  std::string type;           // "duration", "integer >= 1", "array of strings", ...
  std::string default_value;  // a TOML literal ("\"10m\"", "64") or a phrase; "" when none
  std::string doc;            // one line
  bool required = false;
  std::string channel_type;   // [[channel]] keys valid for one type only: "email", "webhook"
};

// Every key, section by section, in the order of the tables.
std::vector<KeyDoc> describe_keys();

// The same as Markdown: one table per section, for the README's config reference.
std::string describe_keys_markdown();

}  // namespace vigil::config
