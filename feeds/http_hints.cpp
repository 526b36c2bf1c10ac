#include "feeds/http_hints.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <vector>

namespace vigil::feeds {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Digits only, no sign; saturates instead of overflowing (a huge delay is just "very long").
std::optional<std::int64_t> unsigned_number(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return std::numeric_limits<std::int32_t>::max();
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < months.size(); ++i)
    if (iequals(name, months[i])) return i + 1;
  return std::nullopt;
}

// "08:49:37"
std::optional<std::chrono::seconds> time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  const auto h = unsigned_number(text.substr(0, 2));
  const auto m = unsigned_number(text.substr(3, 2));
  const auto s = unsigned_number(text.substr(6, 2));
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
  return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*s);
}

std::optional<Timestamp> make_time(std::int64_t year, unsigned month, std::int64_t day, std::chrono::seconds tod) {
  using namespace std::chrono;
  if (year < 1970 || year > 9999 || day < 1 || day > 31) return std::nullopt;
  const year_month_day date{std::chrono::year(static_cast<int>(year)), std::chrono::month(month),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return Timestamp{sys_days(date).time_since_epoch()} + tod;
}

// Splits on single spaces, dropping empty pieces (asctime pads the day: "Nov  6").
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) out.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace

std::optional<Timestamp> parse_http_date(std::string_view text) {
  text = trim(text);
  const auto w = words(text);
  // IMF-fixdate: "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
  if (w.size() == 6 && w[0].size() == 4 && w[0].back() == ',' && iequals(w[5], "GMT")) {
    const auto day = unsigned_number(w[1]);
    const auto month = month_number(w[2]);
    const auto year = unsigned_number(w[3]);
    const auto tod = time_of_day(w[4]);
    if (!day || !month || !year || !tod || w[3].size() != 4) return std::nullopt;
    return make_time(*year, *month, *day, *tod);
  }
  // RFC 850: "Sunday," "06-Nov-94" "08:49:37" "GMT"; two-digit years: 70-99 are 19xx.
  if (w.size() == 4 && w[0].back() == ',' && iequals(w[3], "GMT") && w[1].size() == 9 && w[1][2] == '-' &&
      w[1][6] == '-') {
    const auto day = unsigned_number(w[1].substr(0, 2));
    const auto month = month_number(w[1].substr(3, 3));
    const auto yy = unsigned_number(w[1].substr(7, 2));
    const auto tod = time_of_day(w[2]);
    if (!day || !month || !yy || !tod) return std::nullopt;
    return make_time(*yy < 70 ? 2000 + *yy : 1900 + *yy, *month, *day, *tod);
  }
  // asctime: "Sun" "Nov" "6" "08:49:37" "1994"
  if (w.size() == 5 && w[0].size() == 3) {
    const auto month = month_number(w[1]);
    const auto day = unsigned_number(w[2]);
    const auto tod = time_of_day(w[3]);
    const auto year = unsigned_number(w[4]);
    if (!day || !month || !year || !tod || w[4].size() != 4) return std::nullopt;
    return make_time(*year, *month, *day, *tod);
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, Timestamp now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (const auto seconds = unsigned_number(value)) return std::chrono::seconds(*seconds);
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  return std::max<std::chrono::seconds>(*date - now, std::chrono::seconds(0));
}

std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control) {
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    const auto directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    const auto equals = directive.find('=');
    if (equals == std::string_view::npos || !iequals(trim(directive.substr(0, equals)), "max-age")) continue;
    auto value = trim(directive.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    const auto seconds = unsigned_number(value);
    if (!seconds || *seconds == 0) return std::nullopt;
    return std::chrono::seconds(*seconds);
  }
  return std::nullopt;
}

}  // namespace vigil::feeds
