// Whatever the file holds, load_config answers with diagnostics, never an exception.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;

namespace {

void require_consistent(const LoadResult& result) {
  const auto errors = count(result, Diagnostic::Severity::error);
  REQUIRE(result.ok() == (errors == 0));
  for (const auto& d : result.diagnostics) REQUIRE_FALSE(d.message.empty());
}

}  // namespace

TEST_CASE("a config cut off anywhere loads or explains, never throws", "[config][robustness]") {
  const std::string full = vigil::test::read_file(kFixtures + "/full.toml");
  TempDir dir;
  for (std::size_t length = 0; length <= full.size(); ++length) {
    INFO("first " << length << " bytes");
    LoadResult result;
    // A new file each time: rewriting one file in place makes ext4 flush it, slowly.
    REQUIRE_NOTHROW(result = load_text(dir, full.substr(0, length),
                                       "cut-" + std::to_string(length) + ".toml"));
    require_consistent(result);
  }
}

TEST_CASE("a config with one byte changed loads or explains, never throws",
          "[config][robustness]") {
  const std::string full = vigil::test::read_file(kFixtures + "/full.toml");
  TempDir dir;
  for (const char replacement : {'"', '[', '=', '\n', '\0', '\xff', 'x'}) {
    for (std::size_t at = 0; at < full.size(); at += 7) {
      std::string changed = full;
      changed[at] = replacement;
      INFO("byte " << at << " set to " << static_cast<int>(replacement));
      LoadResult result;
      REQUIRE_NOTHROW(result = load_text(dir, changed,
                                         "changed-" + std::to_string(at) + "-" +
                                             std::to_string(static_cast<int>(replacement)) +
                                             ".toml"));
      require_consistent(result);
    }
  }
}
