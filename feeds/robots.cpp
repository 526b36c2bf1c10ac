// robots.txt as RFC 9309 reads it: groups of user-agent lines and rules, the group for our
// product token (else "*"), the longest matching rule decides, Allow winning a tie.
#include "feeds/robots.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "feeds/links.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds {
namespace {

// RFC 9309 2.5: crawlers must read at least 500 KiB; we read no more.
constexpr std::size_t max_body = 500 * 1024;
constexpr std::chrono::seconds max_crawl_delay{24 * 3600};  // a larger value is a typo or a refusal

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// One spelling per URL for comparison (RFC 9309 2.2.2): escapes of unreserved characters
// decoded ("%7E" is "~"), other escapes in upper case ("%2f" is "%2F"), bytes a URL cannot
// hold as they are (non-ASCII, spaces, controls, a '%' that starts no escape) escaped.
std::string normalize(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  auto escape = [&](unsigned char c) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 0xf];
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      const auto decoded = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded)) out += static_cast<char>(decoded);
      else escape(decoded);
      i += 2;
    } else if (c == '%' || c <= 0x20 || c >= 0x7f) {
      escape(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The product token a user-agent names, lower-cased: "Vigil/1.0 (+https://...)" is "vigil".
std::string product_token(std::string_view agent) {
  agent = text::trim(agent);
  std::size_t n = 0;
  while (n < agent.size() && ((agent[n] >= 'a' && agent[n] <= 'z') || (agent[n] >= 'A' && agent[n] <= 'Z') ||
                              agent[n] == '-' || agent[n] == '_'))
    ++n;
  return lowered(agent.substr(0, n));
}

// How closely a group's agent names our crawler: its length when it is our token or the
// family our token belongs to ("vigil" for "vigil-follow"), else 0. The longest one wins.
std::size_t specificity(std::string_view group_token, std::string_view ours) {
  if (group_token.empty() || ours.empty()) return 0;
  if (group_token == ours) return group_token.size();
  if (ours.size() > group_token.size() && ours.starts_with(group_token) && ours[group_token.size()] == '-')
    return group_token.size();
  return 0;
}

enum class Key { user_agent, allow, disallow, crawl_delay, sitemap, other };

// Keys are case-insensitive; common misspellings are accepted as major crawlers do.
Key key_of(std::string_view raw) {
  const std::string k = lowered(text::trim(raw));
  if (k == "user-agent" || k == "useragent" || k == "user agent") return Key::user_agent;
  if (k == "allow") return Key::allow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" || k == "diasllow") return Key::disallow;
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl delay") return Key::crawl_delay;
  if (k == "sitemap" || k == "site-map") return Key::sitemap;
  return Key::other;
}

// A rule's path as compared: starting with '/', escapes normalized, runs of '*' as one; a
// '$' anchors only at the very end (elsewhere it is a plain character).
std::string rule_pattern(std::string_view value) {
  std::string pattern = normalize(value);
  if (!pattern.starts_with('/') && !pattern.starts_with('*')) pattern.insert(pattern.begin(), '/');
  pattern.erase(std::unique(pattern.begin(), pattern.end(), [](char a, char b) { return a == '*' && b == '*'; }),
                pattern.end());
  return pattern;
}

// Seconds, rounded up ("0.5" waits a second); nullopt for what is not a non-negative number.
std::optional<std::chrono::seconds> delay_of(std::string_view value) {
  value = text::trim(value);
  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end == value.data() || !std::isfinite(seconds) || seconds < 0) return std::nullopt;
  if (seconds >= static_cast<double>(max_crawl_delay.count())) return max_crawl_delay;
  return std::chrono::seconds(static_cast<long long>(std::ceil(seconds)));
}

// Whether `pattern` (as rule_pattern makes it) matches `path` from its start. Without a final
// '$' the pattern need only match a prefix. Segments between '*' are placed leftmost, which
// is optimal for patterns whose only wildcard is '*', so this never backtracks.
bool matches(std::string_view pattern, std::string_view path) {
  const bool anchored = pattern.ends_with('$');
  if (anchored) pattern.remove_suffix(1);
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return anchored ? path == pattern : path.starts_with(pattern);
  if (!path.starts_with(pattern.substr(0, star))) return false;
  std::size_t pos = star;
  std::string_view rest = pattern.substr(star + 1);
  while (true) {
    star = rest.find('*');
    if (star == std::string_view::npos) {
      if (!anchored) return rest.empty() || path.find(rest, pos) != std::string_view::npos;
      return path.size() - pos >= rest.size() && path.ends_with(rest);
    }
    const std::string_view segment = rest.substr(0, star);
    rest.remove_prefix(star + 1);
    const std::size_t at = path.find(segment, pos);
    if (at == std::string_view::npos) return false;
    pos = at + segment.size();
  }
}

// Characters a pattern needs in the path: all but its wildcards.
std::size_t literal_length(std::string_view pattern) {
  std::size_t n = pattern.size() - static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '*'));
  if (pattern.ends_with('$')) --n;
  return n;
}

std::optional<boost::urls::url_view> http_url(std::string_view url, std::string& storage) {
  storage = detail::resolve_url({}, url);  // trimmed, scheme lower-cased, unsafe bytes escaped
  const auto parsed = boost::urls::parse_uri(storage);
  if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) return std::nullopt;
  if (parsed->scheme_id() != boost::urls::scheme::http && parsed->scheme_id() != boost::urls::scheme::https)
    return std::nullopt;
  return *parsed;
}

}  // namespace

Robots Robots::allow_all() { return Robots{}; }

Robots Robots::disallow_all() {
  Robots robots;
  robots.disallow_all_ = true;
  return robots;
}

Robots Robots::parse(std::string_view body, std::string_view user_agent) {
  struct Group {
    std::size_t specificity = 0;  // of the best of its agents for us
    bool star = false;            // one of its agents is "*"
    std::vector<Rule> rules;
    std::optional<std::chrono::seconds> crawl_delay;
  };
  std::vector<Group> groups;
  Robots robots;
  const std::string ours = product_token(user_agent);

  if (body.size() > max_body) {
    body = body.substr(0, max_body);
    body = body.substr(0, body.find_last_of("\r\n") + 1);  // no half line at the cut (npos + 1 is 0)
  }
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);

  bool reading_agents = false;  // the last record was a user-agent line: another one joins its group
  for (std::size_t pos = 0; pos < body.size();) {
    const std::size_t end = std::min(body.find_first_of("\r\n", pos), body.size());
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // blank, comment or garbage: ignored
    const std::string_view value = text::trim(line.substr(colon + 1));
    switch (key_of(line.substr(0, colon))) {
      case Key::user_agent: {
        if (!reading_agents) groups.emplace_back();
        reading_agents = true;
        Group& group = groups.back();
        if (value == "*") group.star = true;
        else group.specificity = std::max(group.specificity, specificity(product_token(value), ours));
        break;
      }
      case Key::allow:
      case Key::disallow: {
        reading_agents = false;
        if (groups.empty() || value.empty()) break;  // outside any group; an empty rule allows all
        groups.back().rules.push_back({rule_pattern(value), key_of(line.substr(0, colon)) == Key::allow});
        break;
      }
      case Key::crawl_delay:
        reading_agents = false;
        if (!groups.empty() && !groups.back().crawl_delay) groups.back().crawl_delay = delay_of(value);
        break;
      case Key::sitemap:  // not part of any group
        if (detail::looks_like_http_url(value) &&
            std::find(robots.sitemaps_.begin(), robots.sitemaps_.end(), value) == robots.sitemaps_.end())
          robots.sitemaps_.emplace_back(value);
        break;
      case Key::other:  // unknown records neither start nor end a group
        break;
    }
  }

  // Our most specific groups, merged; else the "*" groups, merged; else no rules at all.
  std::size_t best = 0;
  for (const Group& g : groups) best = std::max(best, g.specificity);
  for (const Group& g : groups) {
    if (best > 0 ? g.specificity != best : !g.star) continue;
    robots.rules_.insert(robots.rules_.end(), g.rules.begin(), g.rules.end());
    if (g.crawl_delay && (!robots.crawl_delay_ || *g.crawl_delay > *robots.crawl_delay_))
      robots.crawl_delay_ = g.crawl_delay;
  }
  return robots;
}

bool Robots::allowed(std::string_view path_and_query) const {
  std::string path = normalize(path_and_query);
  if (!path.starts_with('/')) path.insert(path.begin(), '/');
  if (path == "/robots.txt") return true;
  if (disallow_all_) return false;
  std::size_t best_length = 0;
  bool matched = false, allow = true;
  for (const Rule& rule : rules_) {
    if (literal_length(rule.pattern) > path.size() || !matches(rule.pattern, path)) continue;
    const std::size_t length = rule.pattern.size();
    if (!matched || length > best_length || (length == best_length && rule.allow)) {
      matched = true;
      best_length = length;
      allow = rule.allow;
    }
  }
  return allow;
}

std::optional<std::chrono::seconds> Robots::crawl_delay() const { return crawl_delay_; }

const std::vector<std::string>& Robots::sitemaps() const { return sitemaps_; }

std::optional<std::string> robots_url_for(std::string_view url) {
  std::string storage;
  const auto u = http_url(url, storage);
  if (!u) return std::nullopt;
  std::string out = lowered(u->scheme()) + "://" + lowered(u->encoded_host_and_port());
  out += "/robots.txt";
  return out;
}

std::optional<std::string> path_and_query_of(std::string_view url) {
  std::string storage;
  const auto u = http_url(url, storage);
  if (!u) return std::nullopt;
  std::string out = u->encoded_path().empty() ? std::string("/") : std::string(u->encoded_path());
  if (u->has_query()) {
    out += '?';
    out += u->encoded_query();
  }
  return out;
}

}  // namespace vigil::feeds
