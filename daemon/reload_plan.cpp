#include "daemon/reload_plan.hpp"

#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace vigil::daemon {

namespace {

// added, removed and changed by name; `same` compares two specs of one name.
template <typename Spec, typename Same>
NamedChanges diff_named(const std::vector<Spec>& running, const std::vector<Spec>& next, Same same) {
  NamedChanges changes;
  std::unordered_map<std::string, const Spec*> before;
  for (const auto& spec : running) before.emplace(spec.name, &spec);
  std::unordered_map<std::string, const Spec*> after;
  for (const auto& spec : next) after.emplace(spec.name, &spec);
  for (const auto& spec : next) {
    const auto old = before.find(spec.name);
    if (old == before.end()) changes.added.push_back(spec.name);
    else if (!same(*old->second, spec)) changes.changed.push_back(spec.name);
  }
  for (const auto& spec : running)
    if (!after.contains(spec.name)) changes.removed.push_back(spec.name);
  return changes;
}

bool same_select(const SelectSpec& a, const SelectSpec& b) {
  return std::tie(a.item, a.title, a.link, a.date, a.summary, a.id) ==
         std::tie(b.item, b.title, b.link, b.date, b.summary, b.id);
}

bool same_email(const alerts::EmailOptions& a, const alerts::EmailOptions& b) {
  return std::tie(a.smtp, a.starttls, a.username, a.password, a.from, a.to, a.subject_template, a.body_template) ==
         std::tie(b.smtp, b.starttls, b.username, b.password, b.from, b.to, b.subject_template, b.body_template);
}

bool same_webhook(const alerts::WebhookOptions& a, const alerts::WebhookOptions& b) {
  return std::tie(a.url, a.preset, a.signing_key, a.body_template) ==
             std::tie(b.url, b.preset, b.signing_key, b.body_template) &&
         std::tie(a.ntfy.topic, a.ntfy.priority, a.ntfy.tags) == std::tie(b.ntfy.topic, b.ntfy.priority, b.ntfy.tags) &&
         std::tie(a.telegram.chat_id, a.telegram.token, a.telegram.disable_preview) ==
             std::tie(b.telegram.chat_id, b.telegram.token, b.telegram.disable_preview) &&
         std::tie(a.matrix.room, a.matrix.token) == std::tie(b.matrix.room, b.matrix.token);
}

bool same_pacing(const alerts::PacingOptions& a, const alerts::PacingOptions& b) {
  const auto rate = [](const std::optional<alerts::RateLimit>& r) {
    return r ? std::tuple(true, r->count, r->per) : std::tuple(false, 0, std::chrono::seconds(0));
  };
  const auto quiet = [](const std::optional<alerts::QuietHours>& q) {
    return q ? std::tuple(true, q->start, q->end) : std::tuple(false, std::chrono::minutes(0), std::chrono::minutes(0));
  };
  return std::tie(a.digest_every, a.digest_at, a.timezone) == std::tie(b.digest_every, b.digest_at, b.timezone) &&
         rate(a.rate_limit) == rate(b.rate_limit) && quiet(a.quiet_hours) == quiet(b.quiet_hours);
}

bool same_dedup(const dedup::DedupOptions& a, const dedup::DedupOptions& b) {
  return std::tie(a.window, a.threshold, a.short_words, a.title_threshold, a.short_window) ==
         std::tie(b.window, b.threshold, b.short_words, b.title_threshold, b.short_window);
}

// Words for describe(): "1 source", "2 sources".
std::string counted(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace

bool same_source(const SourceSpec& a, const SourceSpec& b) {
  return std::tie(a.name, a.url, a.interval, a.auto_interval, a.min_interval, a.max_interval, a.respect_ttl,
                  a.baseline, a.max_age, a.silent_after) ==
             std::tie(b.name, b.url, b.interval, b.auto_interval, b.min_interval, b.max_interval, b.respect_ttl,
                      b.baseline, b.max_age, b.silent_after) &&
         std::tie(a.headers, a.username, a.password, a.proxy, a.insecure_tls, a.timeout, a.max_body, a.host_delay,
                  a.backoff_max, a.retry_after_scope) ==
             std::tie(b.headers, b.username, b.password, b.proxy, b.insecure_tls, b.timeout, b.max_body, b.host_delay,
                      b.backoff_max, b.retry_after_scope) &&
         std::tie(a.type, a.date_format, a.follow, a.robots, a.follow_private) ==
             std::tie(b.type, b.date_format, b.follow, b.robots, b.follow_private) &&
         same_select(a.select, b.select);
}

bool same_topic(const topics::TopicSpec& a, const topics::TopicSpec& b) {
  return std::tie(a.name, a.query, a.notify, a.languages, a.min_score, a.sources) ==
         std::tie(b.name, b.query, b.notify, b.languages, b.min_score, b.sources);
}

bool same_channel(const alerts::ChannelSpec& a, const alerts::ChannelSpec& b) {
  return std::tie(a.name, a.type, a.retry_max, a.max_attempts, a.give_up_after, a.duplicate_updates) ==
             std::tie(b.name, b.type, b.retry_max, b.max_attempts, b.give_up_after, b.duplicate_updates) &&
         same_email(a.email, b.email) && same_webhook(a.webhook, b.webhook) && same_pacing(a.pacing, b.pacing);
}

ReloadPlan plan_reload(const config::Config& running, const config::Config& next) {
  ReloadPlan plan;
  plan.sources = diff_named(running.sources, next.sources, same_source);
  plan.topics = diff_named(running.topics, next.topics, same_topic);
  plan.channels = diff_named(running.channels, next.channels, same_channel);

  std::unordered_map<std::string, const SourceSpec*> before;
  for (const auto& source : running.sources) before.emplace(source.name, &source);
  for (const auto& name : plan.sources.changed) {
    const SourceSpec* old = before.at(name);
    for (const auto& source : next.sources)
      if (source.name == name && (source.url != old->url || source.type != old->type)) plan.poll_now.push_back(name);
  }

  // The store, the HTTP listener, the fetch client's limits and the dedup index are set up
  // once at start.
  const auto& a = running.daemon;
  const auto& b = next.daemon;
  if (a.state != b.state) plan.need_restart.push_back("[daemon] state");
  if (a.concurrency != b.concurrency) plan.need_restart.push_back("[daemon] concurrency");
  if (a.per_host != b.per_host) plan.need_restart.push_back("[daemon] per_host");
  if (a.user_agent != b.user_agent) plan.need_restart.push_back("[daemon] user_agent");
  if (a.listen != b.listen) plan.need_restart.push_back("[daemon] listen");
  if (a.metrics_token != b.metrics_token) plan.need_restart.push_back("[daemon] metrics_token");
  if (!same_dedup(running.dedup, next.dedup)) plan.need_restart.push_back("[dedup]");
  return plan;
}

std::string describe(const ReloadPlan& plan) {
  std::vector<std::string> parts;
  const auto add = [&](const NamedChanges& changes, std::string_view noun) {
    bool named = false;  // the noun once per kind: "1 source added, 1 removed"
    const auto part = [&](std::size_t n, std::string_view what) {
      if (n == 0) return;
      parts.push_back(named ? fmt::format("{} {}", n, what) : fmt::format("{} {}", counted(n, noun), what));
      named = true;
    };
    part(changes.added.size(), "added");
    part(changes.removed.size(), "removed");
    part(changes.changed.size(), "changed");
  };
  add(plan.sources, "source");
  add(plan.topics, "topic");
  add(plan.channels, "channel");
  if (parts.empty()) return "no changes";
  std::string line;
  for (const auto& part : parts) line += (line.empty() ? "" : ", ") + part;
  return line;
}

}  // namespace vigil::daemon
