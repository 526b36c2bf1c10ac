#include "feeds/feed_hints.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <functional>
#include <utility>

namespace vigil::feeds {
namespace {

// Newest dated items considered by publishing_interval: enough to smooth a burst, few enough
// to follow a change of pace within days.
constexpr std::size_t kRecentItems = 20;

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::optional<std::int64_t> positive(std::string_view text) {
  text = trim(text);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::chrono::seconds> rss_ttl(std::string_view minutes) {
  const auto value = positive(minutes);
  // A year of minutes is far beyond any cap the policy applies; more is a typo or an attack.
  if (!value || *value > 366 * 24 * 60) return std::nullopt;
  return std::chrono::minutes(*value);
}

std::optional<std::chrono::seconds> syndication_period(std::string_view period, std::string_view frequency) {
  using namespace std::chrono_literals;
  static constexpr std::array<std::pair<std::string_view, std::chrono::seconds>, 5> periods{{
      {"hourly", 3600s}, {"daily", 86400s}, {"weekly", 7 * 86400s}, {"monthly", 30 * 86400s}, {"yearly", 365 * 86400s}}};
  period = trim(period);
  if (period.empty()) period = "daily";
  std::optional<std::chrono::seconds> length;
  for (const auto& [name, seconds] : periods)
    if (iequals(period, name)) length = seconds;
  if (!length) return std::nullopt;
  std::int64_t times = 1;
  if (!trim(frequency).empty()) {
    const auto value = positive(frequency);
    if (!value) return std::nullopt;
    times = *value;
  }
  return std::max<std::chrono::seconds>(1s, *length / times);
}

std::optional<std::chrono::seconds> publishing_interval(const std::vector<Item>& items, Timestamp now) {
  std::vector<Timestamp> dates;
  for (const auto& item : items) {
    const auto& date = item.published ? item.published : item.updated;
    if (date) dates.push_back(std::min(*date, now));
  }
  if (dates.size() < 2) return std::nullopt;
  const auto count = std::min(dates.size(), kRecentItems);
  std::partial_sort(dates.begin(), dates.begin() + static_cast<std::ptrdiff_t>(count), dates.end(),
                    std::greater<>());
  const auto span = now - dates[count - 1];
  return std::max<std::chrono::seconds>(std::chrono::seconds(1), span / static_cast<std::int64_t>(count));
}

}  // namespace vigil::feeds
