#pragma once
// What the fetch stage hands to the parser, and the per-source state it keeps between polls.
#include <chrono>
#include <optional>
#include <string>

#include "model/time.hpp"

namespace vigil {

// A handful of kinds that drive backoff and show up in logs and `vigil sources`.
enum class FetchErrorKind {
  none,
  timeout,        // connect or total timeout
  connect,        // DNS, refused, reset, TLS handshake or verification
  too_large,      // body over the size limit (after decompression)
  too_many_redirects,
  http_status,    // a status other than 200/304
  protocol,       // malformed response, unsupported scheme
  cancelled,      // the daemon is stopping: not the source's fault
  other,
};

const char* to_string(FetchErrorKind kind);

// Conditional-GET validators, schedule and health, persisted by the store per source.
struct FetchState {
  std::string etag;
  std::string last_modified;
  bool baselined = false;                 // the first poll has been recorded
  int consecutive_failures = 0;
  std::string last_error;                 // the current problem; cleared by a success
  std::optional<Timestamp> last_error_at;
  std::optional<Timestamp> last_success;
  std::optional<Timestamp> last_new_item; // the last poll that recorded an item never seen before
  std::optional<Timestamp> next_poll;     // when the scheduler should poll next (after backoff)
  std::optional<Timestamp> retry_after_until;  // a server's Retry-After holds the source until then
  bool gone = false;                      // answered 410: not polled again until restart or config change
  std::string permanent_url;              // where permanent redirects (301/308) lead; "" if none
  std::optional<std::chrono::seconds> interval;      // the interval in force after the last success
  std::optional<std::chrono::seconds> feed_ttl;      // the document's own hint (<ttl>, sy:updatePeriod)
  std::optional<std::chrono::seconds> publishing_interval;  // measured from item dates
  // A feed source whose URL serves an HTML page: the feed that page advertises, fetched in its
  // place while the source's URL is still `discovered_from` (a changed URL is discovered anew).
  std::string discovered_feed;
  std::string discovered_from;
};

struct FetchResult {
  std::string source;         // SourceSpec::name
  std::string url;            // the URL requested
  std::string final_url;      // after redirects; base for relative links
  std::string permanent_url;  // where a chain of permanent redirects from `url` led; "" if none
  long status = 0;            // HTTP status; 200 for a file:// read
  bool not_modified = false;  // 304: nothing to parse
  std::string content_type;
  std::string etag;           // validators from this response (empty if absent)
  std::string last_modified;
  std::string retry_after;    // headers that steer the schedule, as sent
  std::string cache_control;
  std::string body;
  FetchErrorKind error = FetchErrorKind::none;
  std::string error_message;  // "timeout after 30s", "HTTP 503 Service Unavailable"
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return error == FetchErrorKind::none; }
};

}  // namespace vigil
