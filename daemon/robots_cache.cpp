#include "daemon/robots_cache.hpp"

#include <spdlog/spdlog.h>

#include "feeds/fetch.hpp"

namespace vigil::daemon {
namespace {

constexpr auto kFresh = std::chrono::hours(24);
constexpr auto kUnreadable = std::chrono::hours(1);
constexpr std::size_t kMaxRobotsBody = 512 * 1024;

}  // namespace

void RobotsCache::check(const SourceSpec& source, const std::string& url, bool untrusted,
                        std::function<void(std::optional<std::string>)> done) {
  const auto robots_url = feeds::robots_url_for(url);
  const auto host = net::host_of(url);
  if (!source.robots || !robots_url || !host) return done(std::nullopt);  // file://, or no rules to ask
  Entry& entry = hosts_[*host];
  Waiter waiter{url, std::move(done)};
  if (entry.robots && entry.expires > now_utc()) return answer(*host, *entry.robots, waiter);
  entry.waiting.push_back(std::move(waiter));
  if (entry.fetching) return;
  entry.fetching = true;
  auto request = feeds::build_page_request(source, *robots_url, untrusted);
  request.max_body = kMaxRobotsBody;
  client_.request(std::move(request), [this, host = *host](net::HttpResponse response) { fetched(host, response); });
}

void RobotsCache::fetched(const std::string& host, const net::HttpResponse& response) {
  Entry& entry = hosts_[host];
  entry.fetching = false;
  const auto now = now_utc();
  if (response.ok() && response.status / 100 == 2) {
    entry.robots = feeds::Robots::parse(response.body, kUserAgent);
    entry.expires = now + kFresh;
  } else if (response.ok() && response.status / 100 == 4) {
    entry.robots = feeds::Robots::allow_all();  // RFC 9309: "unavailable" means no rules
    entry.expires = now + kFresh;
  } else if (response.error == net::ErrorKind::cancelled) {
    entry.robots.reset();  // stopping: ask again next time
  } else {
    // RFC 9309: an unreachable robots.txt means complete disallow, until it can be read.
    spdlog::warn("robots.txt of {}: {}; its pages are not fetched for now", host,
                 response.ok() ? "HTTP " + std::to_string(response.status) : response.error_message);
    entry.robots = feeds::Robots::disallow_all();
    entry.expires = now + kUnreadable;
  }
  // Copies: a waiter's callback may call check() again, which may rehash hosts_.
  auto waiting = std::move(entry.waiting);
  entry.waiting.clear();
  const auto robots = entry.robots;
  for (const auto& waiter : waiting) {
    if (!robots) {
      waiter.done("cancelled");
      continue;
    }
    answer(host, *robots, waiter);
  }
}

void RobotsCache::answer(const std::string& host, const feeds::Robots& robots, const Waiter& waiter) {
  const auto path = feeds::path_and_query_of(waiter.url).value_or("/");
  if (robots.allowed(path)) return waiter.done(std::nullopt);
  waiter.done("robots.txt of " + host + " disallows " + path);
}

}  // namespace vigil::daemon
