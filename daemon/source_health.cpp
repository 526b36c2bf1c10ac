#include "daemon/source_health.hpp"

#include <fmt/format.h>

namespace vigil::daemon {

std::string readable_duration(std::chrono::seconds d) {
  using namespace std::chrono;
  const auto days_ = duration_cast<days>(d);
  const auto hours_ = duration_cast<hours>(d - days_);
  const auto minutes_ = duration_cast<minutes>(d - days_ - hours_);
  if (days_.count() > 0) return hours_.count() ? fmt::format("{}d {}h", days_.count(), hours_.count()) : fmt::format("{}d", days_.count());
  if (hours_.count() > 0) return minutes_.count() ? fmt::format("{}h {}m", hours_.count(), minutes_.count()) : fmt::format("{}h", hours_.count());
  if (minutes_.count() > 0) return fmt::format("{}m", minutes_.count());
  return fmt::format("{}s", d.count());
}

namespace {

std::chrono::seconds since(Timestamp then, Timestamp now) {
  return std::max(std::chrono::seconds(0), std::chrono::duration_cast<std::chrono::seconds>(now - then));
}

store::HealthNotice notice(const SourceSpec& source, HealthEvent event, std::string title, std::string summary,
                           Timestamp now) {
  return store::HealthNotice{.recipients = {}, .event = event, .source = source.name, .title = std::move(title),
                             .summary = std::move(summary), .link = source.url, .at = now};
}

}  // namespace

HealthVerdict judge_source_health(const SourceSpec& source, const FetchState& state,
                                  const std::optional<store::SourceHealth>& stored, Timestamp now,
                                  std::chrono::seconds alert_after_failing) {
  HealthVerdict verdict;
  verdict.changed = !stored;
  auto& record = verdict.record;
  record = stored.value_or(store::SourceHealth{.watched_since = now});

  if (state.consecutive_failures > 0) {
    if (!record.failing_since) {
      // The first failure of the streak when we see it at once; after several, the streak began
      // after the last success (or when watching began).
      record.failing_since = state.consecutive_failures == 1 || !state.last_success
                                 ? state.last_error_at.value_or(now)
                                 : std::max(*state.last_success, record.watched_since);
      verdict.changed = true;
    }
    const auto failing_for = since(*record.failing_since, now);
    if (failing_for >= alert_after_failing && record.notified != "failing") {
      verdict.notice = notice(source, HealthEvent::failing,
                              fmt::format("Source {} has failed for {}", source.name, readable_duration(failing_for)),
                              fmt::format("{} failed poll(s) since {}. Last error: {}", state.consecutive_failures,
                                          format_rfc3339(*record.failing_since), state.last_error),
                              now);
      record.notified = "failing";
      record.notified_at = now;
      verdict.changed = true;
    }
    return verdict;
  }

  if (record.failing_since) {
    if (record.notified == "failing") {
      verdict.notice = notice(source, HealthEvent::recovered, fmt::format("Source {} has recovered", source.name),
                              fmt::format("Polled successfully again after failing for {} (since {}).",
                                          readable_duration(since(*record.failing_since, now)),
                                          format_rfc3339(*record.failing_since)),
                              now);
      record.notified = "";
      record.notified_at = now;
    }
    record.failing_since.reset();
    verdict.changed = true;
    if (verdict.notice) return verdict;
  }

  if (!source.silent_after || !state.last_success) return verdict;
  const Timestamp last_news = state.last_new_item.value_or(record.watched_since);
  if (record.notified == "silent") {
    // New items since the notice end the silence (told by the items' own alerts).
    if (state.last_new_item && record.notified_at && *state.last_new_item > *record.notified_at) {
      record.notified = "";
      record.notified_at = now;
      verdict.changed = true;
    }
    return verdict;
  }
  const auto silent_for = since(last_news, now);
  if (silent_for >= *source.silent_after) {
    verdict.notice = notice(
        source, HealthEvent::silent, fmt::format("Source {} has published nothing for {}", source.name, readable_duration(silent_for)),
        state.last_new_item
            ? fmt::format("Its last new item was seen at {}; it is still polled successfully.",
                          format_rfc3339(*state.last_new_item))
            : fmt::format("No new item since vigil began watching it at {}; it is still polled successfully.",
                          format_rfc3339(record.watched_since)),
        now);
    record.notified = "silent";
    record.notified_at = now;
    verdict.changed = true;
  }
  return verdict;
}

}  // namespace vigil::daemon
