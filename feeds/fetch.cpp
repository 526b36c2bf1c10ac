#include "feeds/fetch.hpp"

#include <string>
#include <utility>

namespace vigil::feeds {
namespace {

FetchErrorKind to_fetch_error(net::ErrorKind kind) {
  switch (kind) {
    case net::ErrorKind::none: return FetchErrorKind::none;
    case net::ErrorKind::timeout: return FetchErrorKind::timeout;
    case net::ErrorKind::connect: return FetchErrorKind::connect;
    case net::ErrorKind::too_large: return FetchErrorKind::too_large;
    case net::ErrorKind::too_many_redirects: return FetchErrorKind::too_many_redirects;
    case net::ErrorKind::protocol: return FetchErrorKind::protocol;
    case net::ErrorKind::cancelled: return FetchErrorKind::cancelled;
    case net::ErrorKind::other: return FetchErrorKind::other;
  }
  return FetchErrorKind::other;
}

bool is_file_url(const std::string& url) { return url.rfind("file:", 0) == 0; }

// The reason phrases of the statuses feeds answer with, so a log line reads on its own.
const char* reason_phrase(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

}  // namespace

net::HttpRequest build_request(const SourceSpec& source, const FetchState& state) {
  net::HttpRequest request;
  request.url = source.url;
  request.allow_file = is_file_url(source.url);  // only configured sources ever reach here
  request.headers = source.headers;
  if (!state.etag.empty()) request.headers.emplace_back("If-None-Match", state.etag);
  if (!state.last_modified.empty()) request.headers.emplace_back("If-Modified-Since", state.last_modified);
  request.timeout = source.timeout;
  request.max_body = source.max_body;
  request.host_spacing = request.allow_file ? std::chrono::seconds(0) : source.host_delay;  // no server to spare
  request.username = source.username;
  request.password = source.password;
  request.proxy = source.proxy;
  request.verify_tls = !source.insecure_tls;
  return request;
}

net::HttpRequest build_page_request(const SourceSpec& source, std::string url, bool untrusted) {
  net::HttpRequest request;
  request.url = std::move(url);
  request.allow_file = false;
  request.allow_private_addresses = !untrusted || source.follow_private;
  request.timeout = source.timeout;
  request.max_body = source.max_body;
  request.host_spacing = source.host_delay;
  request.proxy = source.proxy;
  request.verify_tls = !source.insecure_tls;
  return request;
}

SourceSpec source_for_discovered_feed(const SourceSpec& source, std::string feed_url) {
  SourceSpec target = source;
  target.url = std::move(feed_url);
  if (net::host_of(target.url) != net::host_of(source.url)) {
    target.headers.clear();
    target.username.clear();
    target.password.clear();
  }
  return target;
}

FetchResult to_fetch_result(const SourceSpec& source, net::HttpResponse response) {
  FetchResult result;
  result.source = source.name;
  result.url = source.url;
  result.final_url = response.effective_url.empty() ? source.url : response.effective_url;
  result.permanent_url = std::move(response.permanent_url);
  result.elapsed = response.elapsed;
  result.status = response.status;
  if (!response.ok()) {
    result.error = to_fetch_error(response.error);
    result.error_message = std::move(response.error_message);
    return result;
  }
  if (is_file_url(source.url) && result.status == 0) result.status = 200;  // curl reports no status for file://
  result.content_type = response.header("content-type");
  result.etag = response.header("etag");
  result.last_modified = response.header("last-modified");
  result.retry_after = response.header("retry-after");
  result.cache_control = response.header("cache-control");
  if (result.status == 304) {
    result.not_modified = true;
  } else if (result.status != 200) {
    result.error = FetchErrorKind::http_status;
    const std::string reason = reason_phrase(result.status);
    result.error_message = "HTTP " + std::to_string(result.status) + (reason.empty() ? "" : " " + reason);
  } else {
    result.body = std::move(response.body);
  }
  return result;
}

void fetch_source(net::Client& client, const SourceSpec& source, const FetchState& state,
                  std::function<void(FetchResult)> done) {
  client.request(build_request(source, state),
                 [source, done = std::move(done)](net::HttpResponse response) {
                   done(to_fetch_result(source, std::move(response)));
                 });
}

}  // namespace vigil::feeds
