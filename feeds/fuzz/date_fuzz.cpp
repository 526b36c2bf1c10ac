// libFuzzer target for parse_date (built with -DVIGIL_FUZZ=ON and clang-19; see scripts/fuzz).
// Seeds: tests/fixtures/fuzz/dates/. Parsed dates are formatted too, as `vigil parse` does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/dates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = vigil::feeds::parse_date(text);
  if (parsed) (void)vigil::format_rfc3339(*parsed);
  return 0;
}
