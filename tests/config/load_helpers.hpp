#pragma once
// Helpers for the config tests: load TOML text from a temporary file, print diagnostics
// without the temporary directory, set environment variables for one test.
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "tests/support/child_process.hpp"

namespace vigil::config::testing {

inline const std::string kFixtures = std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/config";

// Writes `toml` as DIR/NAME and loads it.
inline LoadResult load_text(const vigil::test::TempDir& dir, const std::string& toml,
                            const std::string& name = "vigil.toml") {
  vigil::test::write_file(dir.file(name), toml);
  return load_config(dir.file(name));
}

// An email channel with its required keys, plus `extra` lines (starting at line 7).
inline std::string email_channel(const std::string& extra) {
  return "[[channel]]\n"
         "name = \"desk\"\n"
         "type = \"email\"\n"
         "smtp = \"smtp://mail.example.org:587\"\n"
         "from = \"vigil <alerts@example.org>\"\n"
         "to = [\"desk@example.org\"]\n" +
         extra;
}

// Diagnostics as check-config prints them, "vigil.toml:3:1: error: ...", without the
// temporary directory in front.
inline std::vector<std::string> printed(const LoadResult& result,
                                        const vigil::test::TempDir& dir) {
  std::vector<std::string> lines;
  const std::string prefix = dir.path() + "/";
  for (const auto& diagnostic : result.diagnostics) {
    std::string line = diagnostic.to_string();
    for (auto at = line.find(prefix); at != std::string::npos; at = line.find(prefix))
      line.erase(at, prefix.size());
    lines.push_back(line);
  }
  return lines;
}

inline std::size_t count(const LoadResult& result, Diagnostic::Severity severity) {
  std::size_t n = 0;
  for (const auto& diagnostic : result.diagnostics) n += diagnostic.severity == severity;
  return n;
}

// Sets (or unsets, with nullopt) an environment variable until the end of the scope.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    if (value)
      ::setenv(name_.c_str(), value->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_.c_str(), old_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace vigil::config::testing
