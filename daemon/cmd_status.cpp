// `vigil sources` and `vigil alerts`: what the store knows, for operators.
#include <cstdio>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "daemon/commands.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

namespace {

nlohmann::json time_or_null(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(nullptr);
}

std::string time_or_dash(const std::optional<Timestamp>& t) { return t ? format_rfc3339(*t) : "-"; }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

nlohmann::json seconds_or_null(const std::optional<std::chrono::seconds>& d) {
  return d ? nlohmann::json(d->count()) : nlohmann::json(nullptr);
}

// One word for the table and the JSON: new (never polled), ok, failing, gone (410).
const char* status_of(const FetchState& s) {
  if (s.gone) return "gone";
  if (s.consecutive_failures > 0) return "failing";
  if (!s.last_success) return "new";
  return "ok";
}

nlohmann::json source_json(const SourceSpec& source, const FetchState& s) {
  return {{"name", source.name},
          {"url", source.url},
          {"status", status_of(s)},
          {"permanent_redirect", s.permanent_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.permanent_url)},
          {"discovered_feed", s.discovered_feed.empty() || s.discovered_from != source.url
                                  ? nlohmann::json(nullptr)
                                  : nlohmann::json(s.discovered_feed)},
          {"last_success", time_or_null(s.last_success)},
          {"last_new_item", time_or_null(s.last_new_item)},
          {"consecutive_failures", s.consecutive_failures},
          {"last_error", s.last_error},
          {"last_error_at", time_or_null(s.last_error_at)},
          {"next_poll", s.gone ? nlohmann::json(nullptr) : time_or_null(s.next_poll)},
          {"retry_after_until", time_or_null(s.retry_after_until)},
          {"interval", seconds_or_null(s.interval)},
          {"feed_ttl", seconds_or_null(s.feed_ttl)},
          {"publishing_interval", seconds_or_null(s.publishing_interval)},
          {"etag", s.etag},
          {"last_modified", s.last_modified}};
}

}  // namespace

int cmd_sources(const config::Config& config, bool json) {
  auto store = store::open_sqlite_store(config.daemon.state / "vigil.db");
  if (!store) return fmt::print(stderr, "{}\n", store.error().message), 1;
  auto rows = (*store)->list_sources();
  if (!rows) return fmt::print(stderr, "{}\n", rows.error().message), 1;
  // Configured sources never polled yet are listed too, so the table matches the config.
  std::map<std::string, FetchState> states;
  for (auto& r : *rows) states[r.name] = r.state;
  nlohmann::json out = nlohmann::json::array();
  if (!json)
    fmt::print("{:<24} {:<8} {:<21} {:<21} {:>8}  {}\n", "SOURCE", "STATUS", "LAST SUCCESS", "LAST NEW ITEM",
               "FAILURES", "LAST ERROR");
  for (const auto& source : config.sources) {
    const auto& s = states[source.name];
    if (json) {
      out.push_back(source_json(source, s));
      continue;
    }
    fmt::print("{:<24} {:<8} {:<21} {:<21} {:>8}  {}\n", source.name, status_of(s), time_or_dash(s.last_success),
               time_or_dash(s.last_new_item), s.consecutive_failures, s.last_error.empty() ? "-" : s.last_error);
    if (!s.permanent_url.empty()) fmt::print("{:<24} moved permanently to {}\n", "", s.permanent_url);
  }
  if (json) fmt::print("{}\n", out.dump(2));
  return 0;
}

int cmd_alerts(const config::Config& config, std::optional<store::AlertState> state, bool json) {
  auto store = store::open_sqlite_store(config.daemon.state / "vigil.db");
  if (!store) return fmt::print(stderr, "{}\n", store.error().message), 1;
  auto rows = (*store)->list_alerts(state);
  if (!rows) return fmt::print(stderr, "{}\n", rows.error().message), 1;
  nlohmann::json out = nlohmann::json::array();
  if (!json) fmt::print("{:<36} {:<10} {:<12} {:>8}  {}\n", "ID", "STATE", "CHANNEL", "ATTEMPTS", "TITLE");
  for (const auto& r : *rows) {
    const bool waiting = r.state == store::AlertState::pending || r.state == store::AlertState::retrying;
    const char* kind = r.alert.health ? "health" : r.alert.update ? "update" : "new";
    if (json) {
      out.push_back({{"id", r.alert.id}, {"state", store::to_string(r.state)}, {"channel", r.alert.channel},
                     {"kind", kind}, {"topics", r.alert.topics}, {"attempts", r.alert.attempts},
                     {"created", format_rfc3339(r.alert.created)}, {"next_attempt", time_or_null(r.next_attempt)},
                     {"delivered_at", time_or_null(r.delivered_at)}, {"last_reply", r.last_reply},
                     // Held for the channel's digest, quiet hours or rate limit: goes out in one digest.
                     {"held", r.alert.held && waiting},
                     {"digest", r.alert.digest.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.alert.digest)},
                     {"source", r.alert.item.source}, {"title", r.alert.item.title}, {"url", r.alert.item.link}});
    } else {
      const std::string shown_state = r.alert.held && waiting ? "held" : store::to_string(r.state);
      const std::string topics = r.alert.health ? "source health" : join(r.alert.topics);
      fmt::print("{:<36} {:<10} {:<12} {:>8}  [{}] {}\n", r.alert.id, shown_state, r.alert.channel, r.alert.attempts,
                 topics, r.alert.item.title);
    }
  }
  if (json) fmt::print("{}\n", out.dump(2));
  return 0;
}

}  // namespace vigil::daemon
