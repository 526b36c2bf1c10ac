#pragma once
// robots.txt (RFC 9309) for HTML list pages and followed article pages. Public: the daemon
// keeps one Robots per host, refreshed daily.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds {

class Robots {
 public:
  // Everything allowed (no robots.txt, or it answered 4xx).
  static Robots allow_all();
  // Nothing allowed (robots.txt answered 5xx or could not be reached: RFC 9309 says assume
  // complete disallow until it can be read).
  static Robots disallow_all();
  // The rules of the group for `user_agent` (product token, e.g. "vigil"; a full User-Agent
  // string gives its token; matched case-insensitively), else the "*" group. The most
  // specific group wins: "vigil-follow" over "vigil" (the family a "vigil-follow" crawler
  // belongs to) over "*"; groups naming the same agent are merged; with neither, everything
  // is allowed. Longest match wins, Allow wins a tie; "*" and a final "$" in patterns;
  // percent-encoding normalized; empty Disallow ignored. A BOM, CRLF/CR, comments, unknown
  // records and garbage lines are fine. At most 500 KiB read.
  static Robots parse(std::string_view body, std::string_view user_agent);

  // Whether the path-and-query of `url` ("/press/2026?page=2") may be fetched. "/robots.txt"
  // is always allowed.
  bool allowed(std::string_view path_and_query) const;
  // Of the chosen group(s) (the largest when merged), rounded up to whole seconds, at most a day.
  std::optional<std::chrono::seconds> crawl_delay() const;
  // Sitemap: lines anywhere in the file, absolute http(s) URLs only, once each.
  const std::vector<std::string>& sitemaps() const;

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules_;
  bool disallow_all_ = false;
  std::optional<std::chrono::seconds> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

// The robots.txt URL for a page's URL ("https://ngo.example:8443/a?b" ->
// "https://ngo.example:8443/robots.txt"; scheme and host lower-cased, user info dropped), and
// the path-and-query to check ("/a?b"; "/" for an empty path; no fragment); nullopt for URLs
// that are not absolute http(s).
std::optional<std::string> robots_url_for(std::string_view url);
std::optional<std::string> path_and_query_of(std::string_view url);

}  // namespace vigil::feeds
