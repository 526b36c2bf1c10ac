#pragma once
// Fetching a source: the conditional GET with the source's own headers, credentials, proxy,
// TLS and size limits, and the FetchResult it yields. When to fetch is fetch_policy.hpp's.
#include <functional>

#include "feeds/fetch_policy.hpp"
#include "model/fetch.hpp"
#include "model/source.hpp"
#include "net/client.hpp"

namespace vigil::feeds {

// The request for `source`: If-None-Match / If-Modified-Since from `state`, the source's
// headers, basic auth, proxy, TLS verification, timeout, body limit and host spacing.
net::HttpRequest build_request(const SourceSpec& source, const FetchState& state);

// A response as the pipeline sees it. A status other than 200/304 is an error of kind
// http_status ("HTTP 503 Service Unavailable"); the headers that steer the schedule
// (Retry-After, Cache-Control) and the permanent redirect are kept either way.
FetchResult to_fetch_result(const SourceSpec& source, net::HttpResponse response);

// The request for a page a source points to (a followed item link, robots.txt, a discovered
// feed, a child sitemap), with the source's proxy, TLS, timeout, body limit and host spacing,
// but never its custom headers or credentials (the page may be on another host). http(s) only.
// `untrusted`: a link taken from a document (a followed item link), which may reach loopback
// or private addresses only when the source sets follow_private.
net::HttpRequest build_page_request(const SourceSpec& source, std::string url, bool untrusted);

// The source as it fetches the feed its page advertised (discovery): the page chose the URL,
// so the source's own headers and credentials go only to the source's own host.
SourceSpec source_for_discovered_feed(const SourceSpec& source, std::string feed_url);

// Sends build_request(source, state); `done` runs on the client's io_context thread.
void fetch_source(net::Client& client, const SourceSpec& source, const FetchState& state,
                  std::function<void(FetchResult)> done);

}  // namespace vigil::feeds
