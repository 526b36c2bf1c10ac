#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/time.hpp"

namespace vigil {

// One entry of a feed, normalized. Text fields are UTF-8; `title` is plain text,
// `summary` and `content` keep the feed's HTML.
struct Item {
  std::string id;        // guid / atom:id; falls back to the link
  std::string source;    // SourceSpec::name
  std::string title;
  std::string link;      // absolute
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  std::string summary;
  std::string content;
  std::vector<std::string> authors;
  std::string lang;
};

// What parse_feed produces from one document.
struct ParsedFeed {
  std::string title;
  std::string link;
  std::vector<Item> items;
  std::vector<std::string> warnings;
  // The feed's own refresh hint: RSS <ttl> (minutes), else sy:updatePeriod/updateFrequency.
  // The fetch policy treats it as a lower bound on the poll interval.
  std::optional<std::chrono::seconds> ttl;
};

}  // namespace vigil
