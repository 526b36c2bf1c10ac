#pragma once
// Sitemaps (sitemaps.org 0.9), sitemap indexes and Google News sitemaps, as items. Public.
#include <expected>
#include <string>
#include <vector>

#include "feeds/parse.hpp"
#include "model/fetch.hpp"
#include "model/item.hpp"

namespace vigil::feeds {

struct Sitemap {
  // <urlset>: one item per <url>: id and link = <loc> (resolved against the sitemap's URL,
  // http(s) only; a URL listed twice is kept once, at its first entry), published =
  // news:publication_date, else lastmod; title = news:title (plain text, else empty); lang =
  // news:language; updated stays empty. Newest first; entries without a date last, in
  // document order. A plain-text sitemap (one URL per line, as sitemaps.org allows) gives
  // undated items in the same way.
  std::vector<Item> items;
  // <sitemapindex>: the child sitemaps' URLs (http(s) only, once each), newest lastmod first,
  // undated ones last.
  std::vector<std::string> sitemaps;
  // Dropped locations, entries past the limit, an unparseable date, recovery from bad XML.
  std::vector<std::string> warnings;
};

// Gzip-compressed bodies (a .xml.gz file, recognized by its magic bytes whatever the
// Content-Type) are decompressed here, up to the protocol's 50 MB; gzip data cut short keeps
// what it holds. At most 50,000 entries are read (the protocol's limit), with a warning
// beyond. Charsets and recovery from ill-formed XML as parse_feed's. Errors as parse_feed's:
// `malformed` (broken XML or gzip data, an empty body), `not_a_feed` (XML that is not a
// sitemap, an HTML page, JSON, text whose first line is not a URL).
std::expected<Sitemap, ParseError> parse_sitemap(const FetchResult& result);

}  // namespace vigil::feeds
