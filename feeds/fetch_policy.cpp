#include "feeds/fetch_policy.hpp"

#include <algorithm>
#include <random>

#include "feeds/feed_hints.hpp"
#include "feeds/http_hints.hpp"

namespace vigil::feeds {
namespace {

using std::chrono::seconds;

// "4s", "2m30s", "1h": for messages.
std::string short_duration(seconds d) {
  const auto total = d.count();
  std::string out;
  if (total >= 3600) out += std::to_string(total / 3600) + "h";
  if (total % 3600 >= 60) out += std::to_string(total % 3600 / 60) + "m";
  if (total % 60 != 0 || out.empty()) out += std::to_string(total % 60) + "s";
  return out;
}

}  // namespace

seconds poll_interval(const SourceSpec& source, const IntervalHints& hints) {
  seconds interval = source.interval;
  if (source.auto_interval) {
    const auto low = source.min_interval;
    const auto high = std::max(source.min_interval, source.max_interval);
    interval = std::clamp(hints.publishing.value_or(source.interval), low, high);
  }
  if (!source.respect_ttl) return interval;
  std::optional<seconds> floor;
  for (const auto& hint : {hints.feed_ttl, hints.max_age})
    if (hint && hint->count() > 0) floor = std::max(floor.value_or(seconds(0)), *hint);
  if (floor) interval = std::max(interval, std::min(*floor, source.max_interval));
  return interval;
}

seconds failure_backoff(int consecutive_failures, seconds interval, seconds cap) {
  const int doublings = std::clamp(consecutive_failures - 1, 0, 3);
  const auto grown = std::min<seconds>(interval * (1 << doublings), cap);
  const auto base = std::max(grown, interval);
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return seconds(std::max<long long>(1, static_cast<long long>(static_cast<double>(base.count()) * jitter(rng))));
}

void note_success(FetchState& state, const SourceSpec& source, const FetchResult& result, const ParsedFeed* parsed,
                  Timestamp now) {
  state.consecutive_failures = 0;
  state.last_error.clear();
  state.last_error_at.reset();
  state.last_success = now;
  state.retry_after_until.reset();
  state.gone = false;
  state.permanent_url = result.permanent_url;
  if (parsed) {  // a 304 keeps what the last document said
    state.feed_ttl = parsed->ttl;
    state.publishing_interval = publishing_interval(parsed->items, now);
  }
  const auto interval =
      poll_interval(source, {.feed_ttl = state.feed_ttl,
                             .max_age = parse_max_age(result.cache_control),
                             .publishing = state.publishing_interval});
  state.interval = interval;
  state.next_poll = now + interval;
}

FailureVerdict note_failure(FetchState& state, const SourceSpec& source, const FetchResult& result, std::string error,
                            Timestamp now) {
  FailureVerdict verdict;
  state.consecutive_failures += 1;
  state.last_error_at = now;
  state.retry_after_until.reset();

  if (result.status == 410) {
    verdict.gone = true;
    state.gone = true;
    state.next_poll.reset();
    state.last_error = error + ": the source is gone; not polled again until vigil restarts or its config changes";
    return verdict;
  }

  verdict.delay = failure_backoff(state.consecutive_failures, state.interval.value_or(source.interval),
                                  source.backoff_max);
  if (result.status == 429 || result.status == 503) {
    if (const auto wait = parse_retry_after(result.retry_after, now)) {
      const auto honoured = std::min(*wait, kRetryAfterCap);
      state.retry_after_until = now + honoured;
      verdict.delay = std::max(verdict.delay, honoured);
      if (source.retry_after_scope == RetryAfterScope::host) verdict.hold_host_until = state.retry_after_until;
      error += " (Retry-After " + short_duration(honoured) +
               (source.retry_after_scope == RetryAfterScope::host ? ", whole host)" : ")");
    }
  }
  state.last_error = std::move(error);
  state.next_poll = now + verdict.delay;
  return verdict;
}

}  // namespace vigil::feeds
