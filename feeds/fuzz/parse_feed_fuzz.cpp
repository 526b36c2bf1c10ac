// libFuzzer target for parse_feed (built with -DVIGIL_FUZZ=ON and clang-19; see scripts/fuzz).
// Seeds: tests/fixtures/fuzz/parse_feed/.
#include <cstddef>
#include <cstdint>

#include "feeds/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vigil::FetchResult result;
  result.source = "fuzz";
  result.url = "https://ngo.example/feed.xml";
  result.final_url = result.url;
  result.status = 200;
  result.body.assign(reinterpret_cast<const char*>(data), size);
  (void)vigil::feeds::parse_feed(result);
  return 0;
}
