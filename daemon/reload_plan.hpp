#pragma once
// What a reload (SIGHUP) changes: the difference between the running config and the one just
// read, as pure functions so the rules are unit-tested without a daemon. The runtime applies
// the plan: sources go to the scheduler (unchanged ones keep their schedule, new ones are due
// now, removed ones are dropped), topics to the poller's rules, channels to the dispatcher.
#include <string>
#include <vector>

#include "alerts/channel_spec.hpp"
#include "config/config.hpp"
#include "model/source.hpp"
#include "topics/topic_spec.hpp"

namespace vigil::daemon {

// Names added, removed and changed in one kind of config table, each in file order.
struct NamedChanges {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<std::string> changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct ReloadPlan {
  NamedChanges sources;
  NamedChanges topics;
  NamedChanges channels;
  // Changed sources polled at once instead of on their schedule: what they fetch changed
  // (url or type), so their old schedule says nothing about the new address.
  std::vector<std::string> poll_now;
  // Settings a running daemon cannot take over ("[daemon] state", "[dedup]"): logged as
  // waiting for a restart; everything else in the new config applies.
  std::vector<std::string> need_restart;

  bool empty() const { return sources.empty() && topics.empty() && channels.empty() && need_restart.empty(); }
};

ReloadPlan plan_reload(const config::Config& running, const config::Config& next);

// One line for the log: "1 source added, 1 removed; 2 topics changed" or "no changes".
std::string describe(const ReloadPlan& plan);

// Whether two specs of one name configure the same thing. Every field counts: a field these
// miss would be applied (the runtime takes the new spec whole) but not reported, and a changed
// channel would keep its old channel object until it changes in another way.
bool same_source(const SourceSpec& a, const SourceSpec& b);
bool same_topic(const topics::TopicSpec& a, const topics::TopicSpec& b);
bool same_channel(const alerts::ChannelSpec& a, const alerts::ChannelSpec& b);

}  // namespace vigil::daemon
