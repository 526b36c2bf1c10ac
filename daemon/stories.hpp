#pragma once
// The daemon's memory of stories: one Deduper for every source, warmed up from the store at
// startup, and the lock under which a poll's verdicts are decided, planned, committed and then
// remembered, so two sources carrying one story at the same moment cannot both alert it.
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/poll_plan.hpp"
#include "dedup/deduper.hpp"
#include "store/store.hpp"

namespace vigil::daemon {

class Stories {
 public:
  Stories(dedup::DedupOptions options, store::Store& store);

  // Loads the signatures of the window from the store; returns how many, or the store's error.
  store::Result<std::size_t> warm_up(Timestamp now);

  // Held while a poll decides, plans and commits.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // Verdicts for the candidates that are new (not in `seen`), by key; items of this poll see
  // each other. Asks the store what it knows of the stories they join. Call under lock().
  store::Result<std::unordered_map<std::string, StoryVerdict>> decide(
      const std::string& source, const std::vector<Candidate>& candidates,
      const std::unordered_map<std::string, store::SeenItem>& seen, Timestamp now);

  // After a successful commit: the recorded new items join the deduper. Call under lock().
  void remember(const std::vector<store::ItemRecord>& records,
                const std::unordered_map<std::string, store::SeenItem>& seen);

  std::size_t size() const { return deduper_.size(); }

 private:
  dedup::DedupOptions options_;
  store::Store& store_;
  dedup::Deduper deduper_;
  // The signatures of the poll being decided, by key: remembered once it is committed, without
  // decoding them back from the records' stored form.
  std::unordered_map<std::string, dedup::Signature> pending_;
  std::mutex mutex_;
};

}  // namespace vigil::daemon
