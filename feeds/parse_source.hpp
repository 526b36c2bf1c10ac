#pragma once
// One entry point for every source type: what a fetched document holds for its source, and
// which documents must be read next to complete it. Public: the poller and `vigil parse`.
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "feeds/parse.hpp"
#include "model/fetch.hpp"
#include "model/source.hpp"

namespace vigil::feeds {

struct SourceDocument {
  ParsedFeed feed;  // the items found (none when the document only points elsewhere)
  // type = "feed" whose URL served an HTML page advertising a feed: the feed to read instead.
  std::optional<std::string> discovered_feed{};
  // type = "sitemap" whose URL served a sitemap index: the child sitemaps, newest first.
  std::vector<std::string> child_sitemaps{};
};

// feed: parse_feed, with discovery when the document is an HTML page (an error names the page
// when it advertises no feed); html: parse_html_list; sitemap: parse_sitemap.
std::expected<SourceDocument, ParseError> parse_source(const FetchResult& result, const SourceSpec& source);

}  // namespace vigil::feeds
