// libFuzzer target for parse_feed and parse_date (built with -DVIGIL_FUZZ=ON and clang-19).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/dates.hpp"
#include "feeds/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vigil::FetchResult result;
  result.source = "fuzz";
  result.url = "https://ngo.example/feed.xml";
  result.body.assign(reinterpret_cast<const char*>(data), size);
  (void)vigil::feeds::parse_feed(result);
  (void)vigil::feeds::parse_date(std::string_view(result.body).substr(0, 256));
  return 0;
}
