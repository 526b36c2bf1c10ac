// Durations as the config writes them: "45s", "10m", "1h30m", "30d", "0".
#include <array>
#include <cstdint>

#include <fmt/core.h>

#include "config/config.hpp"

namespace vigil::config {

namespace {

struct Unit {
  char letter;
  std::int64_t seconds;
};
// Largest first: a duration names its units in this order, each at most once.
constexpr std::array<Unit, 4> kUnits{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

// A century: far beyond any useful interval, and small enough that nothing overflows.
constexpr std::int64_t kMaxSeconds = 100LL * 365 * 86400;

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text == "0" || text == "0s") return std::chrono::seconds{0};
  if (text.empty()) return std::nullopt;

  std::int64_t total = 0;
  std::size_t next_unit = 0;  // index into kUnits of the smallest unit still allowed
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (digits == 10) return std::nullopt;
      number = number * 10 + (text[i] - '0');
    }
    if (digits == 0 || i == text.size()) return std::nullopt;  // no number, or no unit
    const char letter = text[i++];
    while (next_unit < kUnits.size() && kUnits[next_unit].letter != letter) ++next_unit;
    if (next_unit == kUnits.size()) return std::nullopt;  // unknown unit, or out of order
    total += number * kUnits[next_unit].seconds;
    if (total > kMaxSeconds) return std::nullopt;
    ++next_unit;
  }
  if (total == 0) return std::nullopt;  // "0m", "0h0s": zero is written "0"
  return std::chrono::seconds{total};
}

std::string format_duration(std::chrono::seconds d) {
  std::int64_t left = d.count();
  if (left == 0) return "0";
  std::string out;
  if (left < 0) {
    out += '-';
    left = -left;
  }
  for (const auto& unit : kUnits) {
    if (left >= unit.seconds) {
      out += fmt::format("{}{}", left / unit.seconds, unit.letter);
      left %= unit.seconds;
    }
  }
  return out;
}

}  // namespace vigil::config
