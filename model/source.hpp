#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil {

// Whom a server's Retry-After (on 429/503) holds back: the source that got it, or every
// source on the same host (scheme, host and port).
enum class RetryAfterScope { source, host };

// What a source's URL serves.
enum class SourceType {
  feed,     // RSS, RDF, Atom or JSON Feed, detected from the content; an HTML page that
            // advertises a feed (<link rel="alternate">) is read through that feed
  html,     // a page without a feed: items picked by `select`
  sitemap,  // sitemap.xml, a sitemap index or a Google News sitemap
};

// [source.select]: how items and their fields are picked from an HTML list page. Each is a CSS
// selector, "xpath:" + an XPath 1.0 expression, and may end in "@attr" to read an attribute.
// Fields are relative to the item element; empty ones are not read.
struct SelectSpec {
  std::string item{};      // required for type = "html"
  std::string title{};
  std::string link{};      // default: the first <a href> in the item
  std::string date{};
  std::string summary{};
  std::string id{};        // default: the link
};

// One configured [[source]]. The config loader folds the [daemon] defaults in (interval,
// timeout, max_body, proxy, per_host_delay, backoff_max), so a SourceSpec is complete.
struct SourceSpec {
  std::string name;
  std::string url;                      // http(s):// or file:// (only configured sources may use file://)
  std::chrono::seconds interval{600};   // poll period; with auto_interval, the start until measured
  bool auto_interval = false;           // interval = "auto": follow the source's publishing rate
  std::chrono::seconds min_interval{300};   // bounds of the auto interval
  std::chrono::seconds max_interval{3600};  // also caps how far <ttl>/max-age may stretch the interval
  bool respect_ttl = true;              // <ttl>, sy:updatePeriod, Cache-Control max-age as lower bounds
  bool baseline = true;                 // first poll records items without alerting
  std::chrono::seconds max_age{7 * 24 * 3600};  // older items never alert; 0 = no limit
  // A health notice ([daemon] health_notify) when no new item came for this long; none if unset.
  std::optional<std::chrono::seconds> silent_after{};

  // How to fetch it.
  std::vector<std::pair<std::string, std::string>> headers{};  // extra request headers
  std::string username{};               // HTTP basic auth (from auth_file); never logged
  std::string password{};
  std::optional<std::string> proxy{};   // nullopt: libcurl's default (environment); "": direct
  bool insecure_tls = false;            // skip certificate verification (warned about)
  std::chrono::seconds timeout{30};     // whole transfer
  std::size_t max_body = 16 * 1024 * 1024;  // decompressed bytes
  std::chrono::seconds host_delay{1};   // least time between two request starts to one host
  std::chrono::seconds backoff_max{6 * 3600};  // cap of the failure backoff
  RetryAfterScope retry_after_scope = RetryAfterScope::source;

  // HTML list pages, sitemaps and full text.
  SourceType type = SourceType::feed;
  SelectSpec select{};
  std::string date_format{};            // strptime-like hint for written dates ("%d/%m/%Y")
  bool follow = false;                  // fetch each new item's page and match its article text
  bool robots = true;                   // respect robots.txt for list pages and followed pages
  bool follow_private = false;          // followed links may reach loopback and private addresses
};

}  // namespace vigil
