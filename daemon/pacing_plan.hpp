#pragma once
// What one outbox check sends on one channel, given its pacing (alerts/pacing.hpp): alerts one
// by one, digests of held alerts, and alerts to hold for later. Pure: the dispatcher supplies
// the claimed alerts, the messages sent lately and the time, then applies the plan.
#include <cstddef>
#include <string>
#include <vector>

#include "alerts/channel_spec.hpp"
#include "model/alert.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct PacingInput {
  Timestamp now{};
  std::vector<Alert> fresh;    // claimed to go one by one (not held), oldest first
  std::vector<Alert> held;     // claimed held alerts due now, oldest first: they go together
  store::SentMessages sent{};  // messages in the rate window before this check (rate_limit only)
};

struct PacingPlan {
  std::vector<Alert> send;           // one message each
  std::vector<Digest> digests;       // new ones have an empty id until the dispatcher names them
  std::vector<std::string> hold;     // alert ids put back until hold_until
  Timestamp hold_until{};
};

// A digest never carries more alerts than this; a bigger batch goes out as several.
inline constexpr std::size_t kMaxDigestAlerts = 200;

// The rules, in order:
//  - quiet hours: everything waits until they end;
//  - held alerts go out together: those already named by a digest in that digest again (a
//    repeat keeps its id), the others in new digests; a lone one goes on its own;
//  - a digest channel holds fresh alerts until its next slot;
//  - a rate limit sends fresh alerts while the window has room (digests count one each) and
//    holds the rest until the oldest message leaves the window.
PacingPlan plan_pacing(const alerts::PacingOptions& options, PacingInput input);

}  // namespace vigil::daemon
