#include "daemon/pacing_plan.hpp"

#include <algorithm>
#include <map>

#include "alerts/pacing.hpp"

namespace vigil::daemon {

namespace {

void hold_all(PacingPlan& plan, std::vector<Alert>& alerts) {
  for (auto& alert : alerts) plan.hold.push_back(alert.id);
  alerts.clear();
}

// Held alerts become digests: a named digest is sent again as it was; the rest in new ones.
void form_digests(PacingPlan& plan, std::vector<Alert> held, Timestamp now) {
  std::map<std::string, Digest> named;
  std::vector<Alert> unnamed;
  for (auto& alert : held) {
    if (alert.digest.empty()) {
      unnamed.push_back(std::move(alert));
      continue;
    }
    auto& digest = named[alert.digest];
    digest.id = alert.digest;
    digest.channel = alert.channel;
    digest.created = now;
    digest.alerts.push_back(std::move(alert));
  }
  for (auto& [id, digest] : named) {
    if (digest.alerts.size() == 1) plan.send.push_back(std::move(digest.alerts.front()));
    else plan.digests.push_back(std::move(digest));
  }
  for (std::size_t begin = 0; begin < unnamed.size(); begin += kMaxDigestAlerts) {
    const std::size_t end = std::min(unnamed.size(), begin + kMaxDigestAlerts);
    if (end - begin == 1) {
      plan.send.push_back(std::move(unnamed[begin]));
      continue;
    }
    Digest digest{.id = {}, .channel = unnamed[begin].channel, .alerts = {}, .created = now};
    for (std::size_t i = begin; i < end; ++i) digest.alerts.push_back(std::move(unnamed[i]));
    plan.digests.push_back(std::move(digest));
  }
}

}  // namespace

PacingPlan plan_pacing(const alerts::PacingOptions& options, PacingInput input) {
  PacingPlan plan;
  if (const auto until = alerts::quiet_until(options, input.now)) {
    plan.hold_until = *until;
    hold_all(plan, input.held);
    hold_all(plan, input.fresh);
    return plan;
  }
  form_digests(plan, std::move(input.held), input.now);
  if (input.fresh.empty()) return plan;
  if (options.digests()) {
    plan.hold_until = alerts::next_digest_slot(options, input.now);
    hold_all(plan, input.fresh);
    return plan;
  }
  if (!options.rate_limit) {
    for (auto& alert : input.fresh) plan.send.push_back(std::move(alert));
    return plan;
  }
  const auto& limit = *options.rate_limit;
  const std::size_t used = input.sent.count + plan.digests.size() + plan.send.size();
  const std::size_t room = used < static_cast<std::size_t>(limit.count) ? limit.count - used : 0;
  std::size_t sent = 0;
  for (auto& alert : input.fresh) {
    if (sent < room) {
      plan.send.push_back(std::move(alert));
      ++sent;
    } else {
      plan.hold.push_back(alert.id);
    }
  }
  if (!plan.hold.empty()) {
    // The window frees a message when its oldest one leaves it; without one on record (all
    // of its room went in this check), a whole period from now.
    const auto frees = input.sent.oldest ? *input.sent.oldest + limit.per : input.now + limit.per;
    plan.hold_until = std::max(frees, input.now + std::chrono::seconds(1));
  }
  return plan;
}

}  // namespace vigil::daemon
