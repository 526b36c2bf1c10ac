#pragma once
// Source health notices ([daemon] health_notify): a source failing for longer than
// alert_after_failing, its recovery, and a source with no new item for its silent_after.
// Each is told once: the store keeps what was last notified, so a restart repeats nothing.
#include <chrono>
#include <optional>

#include "model/fetch.hpp"
#include "model/source.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

struct HealthVerdict {
  store::SourceHealth record;                // to save (when `changed`)
  std::optional<store::HealthNotice> notice; // to queue (recipients still to fill in)
  bool changed = false;
};

// The verdict for one source at `now`, from its fetch state and its health record (nullopt
// when it has none yet). Pure.
HealthVerdict judge_source_health(const SourceSpec& source, const FetchState& state,
                                  const std::optional<store::SourceHealth>& record, Timestamp now,
                                  std::chrono::seconds alert_after_failing);

// "6h 10m", "3d 2h", "45s": a readable length for notices.
std::string readable_duration(std::chrono::seconds d);

}  // namespace vigil::daemon
