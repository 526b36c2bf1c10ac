#include "feeds/parse_source.hpp"

#include <fmt/format.h>

#include "feeds/discover.hpp"
#include "feeds/html_dom.hpp"
#include "feeds/html_list.hpp"
#include "feeds/sitemap.hpp"

namespace vigil::feeds {
namespace {

std::expected<SourceDocument, ParseError> read_feed(const FetchResult& result) {
  auto parsed = parse_feed(result);
  if (parsed) return SourceDocument{.feed = std::move(*parsed)};
  if (parsed.error().kind != ParseError::Kind::not_a_feed || !detail::looks_like_html_page(result.body))
    return std::unexpected(parsed.error());
  const std::string_view url = result.final_url.empty() ? result.url : result.final_url;
  auto feeds = discover_feeds(result.body, result.content_type, url);
  if (feeds.empty())
    return std::unexpected(ParseError{
        ParseError::Kind::not_a_feed, 0,
        "feeds: an HTML page that advertises no feed; for a page without one, set type = \"html\" and "
        "[source.select]"});
  SourceDocument document;
  document.discovered_feed = std::move(feeds.front().url);
  return document;
}

std::expected<SourceDocument, ParseError> read_sitemap(const FetchResult& result) {
  auto sitemap = parse_sitemap(result);
  if (!sitemap) return std::unexpected(sitemap.error());
  SourceDocument document;
  document.feed.items = std::move(sitemap->items);
  document.feed.warnings = std::move(sitemap->warnings);
  document.feed.link = result.final_url.empty() ? result.url : result.final_url;
  document.child_sitemaps = std::move(sitemap->sitemaps);
  return document;
}

}  // namespace

std::expected<SourceDocument, ParseError> parse_source(const FetchResult& result, const SourceSpec& source) {
  switch (source.type) {
    case SourceType::feed: return read_feed(result);
    case SourceType::sitemap: return read_sitemap(result);
    case SourceType::html: {
      auto list = parse_html_list(result, source);
      if (!list) return std::unexpected(list.error());
      return SourceDocument{.feed = std::move(*list)};
    }
  }
  return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "feeds: unknown source type"});
}

}  // namespace vigil::feeds
