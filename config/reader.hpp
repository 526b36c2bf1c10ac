#pragma once
// Internal to config/: reads TOML values for the key tables and collects the diagnostics,
// so every message has the same shape: `key "K" in SECTION: expected X, got Y`.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"

namespace vigil::config::detail {

using Where = toml::source_region;

class Reader {
 public:
  Reader(std::string file, std::filesystem::path base_dir);

  const std::string& file() const { return file_; }
  // The config file's directory (absolute): relative file: URLs and *_file keys start there.
  const std::filesystem::path& base_dir() const { return base_dir_; }

  // The table being read, as messages name it: `[daemon]`, `[[source]] "x"`, `[[source]] #2`.
  void enter(std::string section) { section_ = std::move(section); }
  const std::string& section() const { return section_; }
  // The key whose value is being read.
  void at_key(std::string_view key) { key_ = key; }
  const std::string& key() const { return key_; }

  void error(const Where& where, std::string message);
  void warning(const Where& where, std::string message);
  void error_without_position(std::string message);
  // `key "K" in SECTION: <what>` at the value.
  void value_error(const toml::node& value, std::string_view what);
  void value_warning(const toml::node& value, std::string_view what);
  // `key "K" in SECTION: expected <expected>, got <the value's type>`.
  void type_error(const toml::node& value, std::string_view expected);

  // Typed reads of the current key's value: a wrong type is reported and gives nullopt.
  std::optional<std::string> string(const toml::node& value);
  // A non-empty string without control characters (names, addresses, headers).
  std::optional<std::string> plain_string(const toml::node& value, std::string_view expected);
  std::optional<std::int64_t> integer_at_least(const toml::node& value, std::int64_t minimum);
  std::optional<bool> boolean(const toml::node& value);
  // An integer or a float, as a double (a wrong type is reported with `expected`).
  std::optional<double> number(const toml::node& value, std::string_view expected);
  std::optional<std::chrono::seconds> duration(const toml::node& value, bool zero_allowed);
  // The content of the file a path value names (relative to the config's directory), trailing
  // line breaks dropped; an unreadable file is reported (without any of its content).
  std::optional<std::string> secret_file(const toml::node& value);
  // A size in bytes: an integer >= 1, or a string like "16MiB" (see parse_size).
  std::optional<std::size_t> size(const toml::node& value);
  // A non-empty array; each element is still to be checked by the caller.
  const toml::array* non_empty_array(const toml::node& value, std::string_view expected);

  bool has_errors() const { return errors_ > 0; }
  std::vector<Diagnostic> take_diagnostics();

 private:
  void add(Diagnostic::Severity severity, const Where& where, std::string message);

  std::string file_;
  std::filesystem::path base_dir_;
  std::string section_;
  std::string key_;
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
};

// "a string", "an integer", "an array", ...
std::string_view type_name(const toml::node& value);
// A value quoted for a message: control characters escaped, long values shortened.
std::string quote_value(std::string_view value);
bool has_control_characters(std::string_view text);
// The candidate closest to `word` when it is at most 2 edits away (a typo), else nullopt.
std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates);
// `; did you mean "x"?` or "".
std::string suggestion(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace vigil::config::detail
