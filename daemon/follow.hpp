#pragma once
// Pages a source points to beyond its own URL: the article page of each new item (`follow`),
// the feed an HTML page advertises, the child sitemaps of an index. Fetched on the io thread
// with the source's limits and robots.txt; what they add to the poll is decided on the CPU pool.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/poll_plan.hpp"
#include "daemon/robots_cache.hpp"
#include "model/fetch.hpp"
#include "model/source.hpp"
#include "net/client.hpp"

namespace vigil::daemon {

struct FetchedPage {
  std::string url;
  FetchResult result;   // error set when the fetch failed or robots.txt refused it
  bool refused = false; // by robots.txt or the address rules: a lasting answer, not worth retrying
};

// Fetches `urls` for `source`, each after its host's robots.txt allows it; done(pages, in the
// order of `urls`) runs on the io thread once all have answered. A URL on another host than the
// source's may reach loopback or private addresses only with follow_private.
void fetch_pages(net::Client& client, RobotsCache& robots, const SourceSpec& source, std::vector<std::string> urls,
                 std::function<void(std::vector<FetchedPage>)> done);

// What a followed page did for its item.
enum class FollowOutcome {
  enriched,  // the article's text replaced the item's content
  kept,      // the page gave nothing usable (4xx, refused, not HTML): the item as listed
  deferred,  // a passing failure (timeout, 5xx, 429): leave the item for the next poll
  cancelled, // the daemon is stopping
};

// Extracts the article from `page` and completes the candidate: content = the article (when
// longer than the listed text), title, date and language where the listing had none, and the
// canonical link from <link rel="canonical"> for dedup.
FollowOutcome apply_followed_page(Candidate& candidate, const FetchedPage& page);

// At most this many pages are followed per poll; the other new items wait for the next poll.
inline constexpr std::size_t kMaxFollowsPerPoll = 30;

}  // namespace vigil::daemon
