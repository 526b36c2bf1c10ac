// Sizes as the config writes them: "16MiB", "512KiB", "1MB", "4096".
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>

#include "config/config.hpp"

namespace vigil::config {

namespace {

struct SizeUnit {
  std::string_view name;  // lower case
  std::uint64_t bytes;
};
constexpr std::array<SizeUnit, 8> kSizeUnits{{{"", 1},
                                              {"b", 1},
                                              {"kb", 1000},
                                              {"mb", 1000 * 1000},
                                              {"gb", 1000 * 1000 * 1000},
                                              {"kib", 1024},
                                              {"mib", 1024 * 1024},
                                              {"gib", 1024 * 1024 * 1024}}};

// A terabyte: beyond any body vigil should hold in memory, and far from overflowing.
constexpr std::uint64_t kMaxBytes = 1ULL << 40;

}  // namespace

std::optional<std::size_t> parse_size(std::string_view text) {
  const auto digits_end =
      std::find_if(text.begin(), text.end(), [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
  const auto digits = text.substr(0, static_cast<std::size_t>(digits_end - text.begin()));
  if (digits.empty() || digits.size() > 13) return std::nullopt;
  std::uint64_t number = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), number);

  std::string unit(text.substr(digits.size()));
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& candidate : kSizeUnits) {
    if (candidate.name != unit) continue;
    if (number == 0 || number > kMaxBytes / candidate.bytes) return std::nullopt;
    const std::uint64_t bytes = number * candidate.bytes;
    if (bytes > std::numeric_limits<std::size_t>::max()) return std::nullopt;
    return static_cast<std::size_t>(bytes);
  }
  return std::nullopt;
}

}  // namespace vigil::config
