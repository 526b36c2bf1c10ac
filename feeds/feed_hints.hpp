#pragma once
// What a feed document says about how often to read it: its declared refresh hints (for the
// parsers to fill ParsedFeed::ttl) and its measured publishing rate (for interval = "auto").
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "model/time.hpp"

namespace vigil::feeds {

// RSS <ttl>: minutes, a positive integer (surrounding spaces allowed); nullopt otherwise.
std::optional<std::chrono::seconds> rss_ttl(std::string_view minutes);

// The RSS 1.0 syndication module: sy:updatePeriod (hourly, daily, weekly, monthly, yearly;
// "" means daily, as the module specifies) divided by sy:updateFrequency ("" means 1). nullopt
// for an unknown period or a frequency that is not a positive integer.
std::optional<std::chrono::seconds> syndication_period(std::string_view period, std::string_view frequency);

// How often the source publishes, from the dates of its items: the span from the oldest of
// the (at most 20) newest dated items to `now`, divided by their count, so a source that has
// gone quiet stretches its own interval. Dates in the future count as `now`. nullopt with
// fewer than two dated items.
std::optional<std::chrono::seconds> publishing_interval(const std::vector<Item>& items, Timestamp now);

}  // namespace vigil::feeds
