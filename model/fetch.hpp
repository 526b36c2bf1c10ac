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
  connect,        // DNS, refused, TLS handshake
  too_large,      // body over the size limit
  too_many_redirects,
  http_status,    // a status other than 200/304
  protocol,       // malformed response, unsupported scheme
  cancelled,      // the daemon is stopping: not the source's fault
  other,
};

const char* to_string(FetchErrorKind kind);

// Conditional-GET validators and failure bookkeeping, persisted by the store per source.
struct FetchState {
  std::string etag;
  std::string last_modified;
  bool baselined = false;                 // the first poll has been recorded
  int consecutive_failures = 0;
  std::string last_error;
  std::optional<Timestamp> last_success;
  std::optional<Timestamp> next_poll;     // when the scheduler should poll next (after backoff)
};

struct FetchResult {
  std::string source;         // SourceSpec::name
  std::string url;            // the URL requested
  std::string final_url;      // after redirects; base for relative links
  long status = 0;            // HTTP status; 200 for a file:// read
  bool not_modified = false;  // 304: nothing to parse
  std::string content_type;
  std::string etag;           // validators from this response (empty if absent)
  std::string last_modified;
  std::string body;
  FetchErrorKind error = FetchErrorKind::none;
  std::string error_message;  // "timeout after 30s", "HTTP 503"
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return error == FetchErrorKind::none; }
};

}  // namespace vigil
