#include "feeds/fetch.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

#include "net/client.hpp"

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

}  // namespace

void fetch_source(net::Client& client, const SourceSpec& source, const FetchState& state,
                  std::function<void(FetchResult)> done) {
  net::HttpRequest request;
  request.url = source.url;
  request.allow_file = is_file_url(source.url);  // only configured sources ever reach here
  if (!state.etag.empty()) request.headers.emplace_back("If-None-Match", state.etag);
  if (!state.last_modified.empty()) request.headers.emplace_back("If-Modified-Since", state.last_modified);

  client.request(std::move(request), [name = source.name, url = source.url,
                                      done = std::move(done)](net::HttpResponse response) {
    FetchResult result;
    result.source = name;
    result.url = url;
    result.final_url = response.effective_url.empty() ? url : response.effective_url;
    result.elapsed = response.elapsed;
    result.status = response.status;
    if (!response.ok()) {
      result.error = to_fetch_error(response.error);
      result.error_message = response.error_message;
      done(std::move(result));
      return;
    }
    if (is_file_url(url) && result.status == 0) result.status = 200;  // curl reports no status for file://
    result.content_type = response.header("content-type");
    result.etag = response.header("etag");
    result.last_modified = response.header("last-modified");
    if (result.status == 304) {
      result.not_modified = true;
    } else if (result.status != 200) {
      result.error = FetchErrorKind::http_status;
      result.error_message = "HTTP " + std::to_string(result.status);
    } else {
      result.body = std::move(response.body);
    }
    done(std::move(result));
  });
}

std::chrono::seconds failure_backoff(int consecutive_failures, std::chrono::seconds interval) {
  const int doublings = std::clamp(consecutive_failures - 1, 0, 3);
  const auto base = std::min<std::chrono::seconds>(interval * (1 << doublings), std::chrono::hours(6));
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(base.count() * jitter(rng))));
}

}  // namespace vigil::feeds
