// When a source is polled next: intervals bounded by hints, backoff, Retry-After, 410 Gone.
#include <catch2/catch.hpp>

#include <set>

#include "feeds/fetch.hpp"
#include "feeds/fetch_policy.hpp"

using namespace std::chrono_literals;
using namespace vigil;
using namespace vigil::feeds;

namespace {

const Timestamp kNow = Timestamp{std::chrono::seconds(1'800'000'000)};

SourceSpec source_every(std::chrono::seconds interval) {
  SourceSpec source;
  source.name = "ngo";
  source.url = "https://ngo.example.org/feed";
  source.interval = interval;
  return source;
}

FetchResult status(long code, std::string retry_after = {}) {
  FetchResult result;
  result.status = code;
  result.error = FetchErrorKind::http_status;
  result.error_message = "HTTP " + std::to_string(code);
  result.retry_after = std::move(retry_after);
  return result;
}

FetchResult ok_response() {
  FetchResult result;
  result.status = 200;
  return result;
}

// failure_backoff's jitter is +-10%: the bounds of what it may return for `base`.
void check_jittered(std::chrono::seconds value, std::chrono::seconds base) {
  INFO("value " << value.count() << "s, base " << base.count() << "s");
  CHECK(value.count() >= static_cast<long long>(base.count() * 0.9) - 1);
  CHECK(value.count() <= static_cast<long long>(base.count() * 1.1) + 1);
}

}  // namespace

TEST_CASE("a ttl or max-age lengthens the interval, never beyond max_interval", "[feeds][fetch][ttl]") {
  auto source = source_every(10min);
  CHECK(poll_interval(source, {}) == 10min);
  CHECK(poll_interval(source, {.feed_ttl = 30min}) == 30min);
  CHECK(poll_interval(source, {.max_age = 20min}) == 20min);
  CHECK(poll_interval(source, {.feed_ttl = 30min, .max_age = 45min}) == 45min);
  SECTION("hints shorter than the interval do not shorten it") { CHECK(poll_interval(source, {.feed_ttl = 1min}) == 10min); }
  SECTION("a day-long ttl stops at max_interval") { CHECK(poll_interval(source, {.feed_ttl = 24h}) == 1h); }
  SECTION("an interval configured above max_interval stays as configured") {
    source.interval = 2h;
    CHECK(poll_interval(source, {.feed_ttl = 24h}) == 2h);
  }
  SECTION("respect_ttl = false ignores the hints") {
    source.respect_ttl = false;
    CHECK(poll_interval(source, {.feed_ttl = 30min, .max_age = 50min}) == 10min);
  }
}

TEST_CASE("interval = auto follows the publishing rate within min and max_interval", "[feeds][fetch][auto]") {
  auto source = source_every(10min);
  source.auto_interval = true;
  source.min_interval = 5min;
  source.max_interval = 2h;
  CHECK(poll_interval(source, {.publishing = 20min}) == 20min);
  CHECK(poll_interval(source, {.publishing = 30s}) == 5min);
  CHECK(poll_interval(source, {.publishing = 48h}) == 2h);
  SECTION("without a measure, the configured interval within the bounds") {
    CHECK(poll_interval(source, {}) == 10min);
    source.interval = 1min;
    CHECK(poll_interval(source, {}) == 5min);
  }
  SECTION("a ttl still lengthens it") { CHECK(poll_interval(source, {.feed_ttl = 1h, .publishing = 20min}) == 1h); }
}

TEST_CASE("the failure backoff doubles to 8x the interval, capped, with jitter", "[feeds][fetch][backoff]") {
  check_jittered(failure_backoff(1, 60s), 60s);
  check_jittered(failure_backoff(2, 60s), 120s);
  check_jittered(failure_backoff(3, 60s), 240s);
  check_jittered(failure_backoff(4, 60s), 480s);
  check_jittered(failure_backoff(40, 60s), 480s);
  SECTION("backoff_max caps it") { check_jittered(failure_backoff(4, 1h, 2h), 2h); }
  SECTION("but never below the interval itself") { check_jittered(failure_backoff(3, 12h, 6h), 12h); }
  SECTION("and never below a second") { CHECK(failure_backoff(1, 1s) >= 1s); }
  SECTION("the jitter spreads sources that fail together") {
    std::set<long long> values;
    for (int i = 0; i < 50; ++i) values.insert(failure_backoff(1, 1000s).count());
    CHECK(values.size() > 5);
  }
}

TEST_CASE("a failure counts, records its reason and backs the source off", "[feeds][fetch][backoff]") {
  const auto source = source_every(60s);
  FetchState state;
  state.consecutive_failures = 2;
  const auto verdict = note_failure(state, source, status(500), "HTTP 500 Internal Server Error", kNow);
  CHECK(state.consecutive_failures == 3);
  CHECK(state.last_error == "HTTP 500 Internal Server Error");
  CHECK(state.last_error_at == kNow);
  check_jittered(verdict.delay, 240s);
  CHECK(state.next_poll == kNow + verdict.delay);
  CHECK_FALSE(verdict.gone);
  CHECK_FALSE(verdict.hold_host_until);
  CHECK_FALSE(state.retry_after_until);
}

TEST_CASE("429 and 503 with Retry-After hold the source at least that long", "[feeds][fetch][retry-after]") {
  const auto source = source_every(60s);
  FetchState state;
  SECTION("seconds") {
    const auto verdict = note_failure(state, source, status(429, "600"), "HTTP 429 Too Many Requests", kNow);
    CHECK(verdict.delay == 600s);
    CHECK(state.retry_after_until == kNow + 600s);
    CHECK(state.next_poll == kNow + 600s);
    CHECK(state.last_error == "HTTP 429 Too Many Requests (Retry-After 10m)");
    CHECK_FALSE(verdict.hold_host_until);
  }
  SECTION("an HTTP-date") {
    const auto verdict = note_failure(state, source, status(503, "Fri, 15 Jan 2027 08:05:00 GMT"), "HTTP 503", kNow);
    // kNow is 2027-01-15T08:00:00Z.
    CHECK(verdict.delay == 300s);
    CHECK(state.last_error == "HTTP 503 (Retry-After 5m)");
  }
  SECTION("a Retry-After shorter than the backoff does not shorten it") {
    state.consecutive_failures = 3;
    const auto verdict = note_failure(state, source, status(503, "1"), "HTTP 503", kNow);
    check_jittered(verdict.delay, 480s);
    CHECK(state.retry_after_until == kNow + 1s);
  }
  SECTION("capped at a day") {
    const auto verdict = note_failure(state, source, status(429, "9999999"), "HTTP 429", kNow);
    CHECK(verdict.delay == kRetryAfterCap);
    CHECK(state.last_error == "HTTP 429 (Retry-After 24h)");
  }
  SECTION("retry_after_scope = host holds the whole host") {
    auto host_wide = source;
    host_wide.retry_after_scope = RetryAfterScope::host;
    const auto verdict = note_failure(state, host_wide, status(429, "120"), "HTTP 429", kNow);
    CHECK(verdict.hold_host_until == kNow + 120s);
    CHECK(state.last_error == "HTTP 429 (Retry-After 2m, whole host)");
  }
  SECTION("other statuses' Retry-After is not ours to honour") {
    const auto verdict = note_failure(state, source, status(500, "3600"), "HTTP 500", kNow);
    check_jittered(verdict.delay, 60s);
    CHECK_FALSE(state.retry_after_until);
  }
}

TEST_CASE("410 Gone marks the source dead", "[feeds][fetch][gone]") {
  FetchState state;
  const auto verdict = note_failure(state, source_every(60s), status(410), "HTTP 410 Gone", kNow);
  CHECK(verdict.gone);
  CHECK(state.gone);
  CHECK_FALSE(state.next_poll);
  CHECK(state.consecutive_failures == 1);
  CHECK_THAT(state.last_error, Catch::StartsWith("HTTP 410 Gone: the source is gone"));
}

TEST_CASE("a success resets the failures and schedules by the hints", "[feeds][fetch]") {
  const auto source = source_every(10min);
  FetchState state;
  state.consecutive_failures = 4;
  state.last_error = "timeout after 30s";
  state.last_error_at = kNow - 1h;
  state.retry_after_until = kNow - 1min;
  state.gone = true;
  auto result = ok_response();
  result.cache_control = "max-age=1200";
  result.permanent_url = "https://ngo.example.org/new-feed";
  ParsedFeed feed;
  feed.ttl = 30min;
  note_success(state, source, result, &feed, kNow);
  CHECK(state.consecutive_failures == 0);
  CHECK(state.last_error.empty());
  CHECK_FALSE(state.last_error_at);
  CHECK_FALSE(state.retry_after_until);
  CHECK_FALSE(state.gone);
  CHECK(state.last_success == kNow);
  CHECK(state.permanent_url == "https://ngo.example.org/new-feed");
  CHECK(state.feed_ttl == 30min);
  CHECK(state.interval == 30min);
  CHECK(state.next_poll == kNow + 30min);

  SECTION("a 304 keeps what the last document said") {
    auto not_modified = ok_response();
    not_modified.status = 304;
    not_modified.not_modified = true;
    note_success(state, source, not_modified, nullptr, kNow + 1h);
    CHECK(state.feed_ttl == 30min);
    CHECK(state.next_poll == kNow + 1h + 30min);
    CHECK(state.permanent_url.empty());  // the redirect is gone
  }
}

TEST_CASE("the request carries the source's headers, credentials, proxy and limits", "[feeds][fetch][request]") {
  auto source = source_every(10min);
  source.headers = {{"X-Api-Key", "k-123"}};
  source.username = "reader";
  source.password = "s3cret";
  source.proxy = "socks5h://127.0.0.1:1080";
  source.insecure_tls = true;
  source.timeout = 7s;
  source.max_body = 1024;
  source.host_delay = 2s;
  FetchState state;
  state.etag = "\"v1\"";
  state.last_modified = "Wed, 20 Nov 2024 14:05:00 GMT";
  const auto request = build_request(source, state);
  CHECK(request.url == source.url);
  CHECK_FALSE(request.allow_file);
  CHECK(request.headers == net::Headers{{"X-Api-Key", "k-123"},
                                        {"If-None-Match", "\"v1\""},
                                        {"If-Modified-Since", "Wed, 20 Nov 2024 14:05:00 GMT"}});
  CHECK(request.username == "reader");
  CHECK(request.password == "s3cret");
  CHECK(request.proxy == "socks5h://127.0.0.1:1080");
  CHECK_FALSE(request.verify_tls);
  CHECK(request.timeout == 7s);
  CHECK(request.max_body == 1024u);
  CHECK(request.host_spacing == 2s);

  SECTION("a local file has no server to spare") {
    source.url = "file:///srv/feeds/ngo.xml";
    const auto local = build_request(source, state);
    CHECK(local.allow_file);
    CHECK(local.host_spacing == 0s);
  }
}

TEST_CASE("a feed found on the source's page gets its headers and credentials only on the source's host",
          "[feeds][fetch][request]") {
  auto source = source_every(10min);
  source.url = "https://ngo.example.org/press";
  source.headers = {{"X-Api-Key", "k-123"}};
  source.username = "reader";
  source.password = "s3cret";
  source.proxy = "socks5h://127.0.0.1:1080";

  const auto same_host = build_request(source_for_discovered_feed(source, "https://ngo.example.org/feed.xml"), {});
  CHECK(same_host.url == "https://ngo.example.org/feed.xml");
  CHECK(same_host.headers == net::Headers{{"X-Api-Key", "k-123"}});
  CHECK(same_host.username == "reader");

  const auto elsewhere = build_request(source_for_discovered_feed(source, "https://feeds.example.net/ngo.xml"), {});
  CHECK(elsewhere.url == "https://feeds.example.net/ngo.xml");
  CHECK(elsewhere.headers.empty());
  CHECK(elsewhere.username.empty());
  CHECK(elsewhere.password.empty());
  CHECK(elsewhere.proxy == "socks5h://127.0.0.1:1080");  // how to reach the network is not a secret
}

TEST_CASE("a response becomes a FetchResult with a readable status and its schedule headers", "[feeds][fetch]") {
  const auto source = source_every(10min);
  net::HttpResponse response;
  response.status = 429;
  response.effective_url = "https://ngo.example.org/feed";
  response.headers = {{"retry-after", "120"}, {"cache-control", "max-age=60"}};
  response.body = "slow down";
  auto result = to_fetch_result(source, response);
  CHECK(result.error == FetchErrorKind::http_status);
  CHECK(result.error_message == "HTTP 429 Too Many Requests");
  CHECK(result.retry_after == "120");
  CHECK(result.cache_control == "max-age=60");
  CHECK(result.body.empty());

  response.status = 200;
  response.permanent_url = "https://ngo.example.org/moved";
  result = to_fetch_result(source, response);
  CHECK(result.ok());
  CHECK(result.body == "slow down");
  CHECK(result.permanent_url == "https://ngo.example.org/moved");

  response.status = 418;
  CHECK(to_fetch_result(source, response).error_message == "HTTP 418");
}
