#pragma once
// Fetch policy as pure decisions: after a poll, what a source's health and schedule become.
// No I/O and no clock of its own (`now` comes in), so every rule is unit-tested directly.
//
//  - Interval: the source's interval, or with interval = "auto" its measured publishing
//    interval within [min_interval, max_interval]. The feed's <ttl>/sy:updatePeriod and the
//    response's Cache-Control max-age lengthen it (lower bounds), never beyond max_interval,
//    unless respect_ttl = false.
//  - Failure: the interval doubled per failure in a row (at most 8x), capped at backoff_max
//    but never shorter than the interval itself, with +-10% jitter.
//  - 429/503 with Retry-After: the next poll waits at least that long (capped at 24 hours);
//    with retry_after_scope = "host" every source on that host waits too.
//  - 410 Gone: the source is dead until the daemon restarts (or its config changes).
#include <chrono>
#include <optional>
#include <string>

#include "model/fetch.hpp"
#include "model/item.hpp"
#include "model/source.hpp"
#include "model/time.hpp"

namespace vigil::feeds {

// The longest Retry-After honoured; a server asking for more is asked again after a day.
inline constexpr std::chrono::seconds kRetryAfterCap = std::chrono::hours(24);

struct IntervalHints {
  std::optional<std::chrono::seconds> feed_ttl{};    // <ttl>, sy:updatePeriod
  std::optional<std::chrono::seconds> max_age{};     // Cache-Control
  std::optional<std::chrono::seconds> publishing{};  // measured, for interval = "auto"
};

// The interval until the next poll after a success.
std::chrono::seconds poll_interval(const SourceSpec& source, const IntervalHints& hints);

// The wait before polling again after `consecutive_failures` (>= 1) failures in a row.
std::chrono::seconds failure_backoff(int consecutive_failures, std::chrono::seconds interval,
                                     std::chrono::seconds cap = std::chrono::hours(6));

// A successful fetch (200 parsed into `parsed`, or a 304 with `parsed` null): failures reset,
// hints taken from the document and the response, next_poll set. last_new_item is the
// caller's business (it knows which items were new).
void note_success(FetchState& state, const SourceSpec& source, const FetchResult& result, const ParsedFeed* parsed,
                  Timestamp now);

struct FailureVerdict {
  std::chrono::seconds delay{0};              // until next_poll; 0 when gone
  bool gone = false;                          // 410: do not poll again
  std::optional<Timestamp> hold_host_until;   // Retry-After with retry_after_scope = "host"
};

// A failed poll: the fetch failed, or `result` arrived but could not be used (`error` says
// why: a parse error, a store error). Counts the failure, records `error` (plus the
// Retry-After it honours), sets next_poll, or marks the source gone.
FailureVerdict note_failure(FetchState& state, const SourceSpec& source, const FetchResult& result, std::string error,
                            Timestamp now);

}  // namespace vigil::feeds
