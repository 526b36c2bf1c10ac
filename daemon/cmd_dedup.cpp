// `vigil dedup [FILE|-]`: duplicate decisions for a stream of Item JSON lines, in order, from an
// empty state (neither reading nor writing the daemon's store), with the daemon's semantics:
//   {"id": "...", "duplicate_of": "<id of the first item of its story>" | null}
// How users tune the thresholds ([dedup] in the config, optional) and how a held-out
// evaluation is run.
#include <cstdio>
#include <unordered_map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "daemon/commands.hpp"
#include "daemon/item_json.hpp"
#include "dedup/deduper.hpp"

namespace vigil::daemon {

int cmd_dedup(const dedup::DedupOptions& options, const std::string& input) {
  const auto text = read_input(input);
  if (!text) {
    fmt::print(stderr, "dedup: {}\n", text.error());
    return 1;
  }

  dedup::Deduper deduper(options);
  // A story is named by its first item's id; the first item of each story is remembered by
  // position, so two items with the same id stay apart.
  std::unordered_map<std::string, std::string> first_id;  // story -> id of its first item
  std::optional<Timestamp> clock;  // the latest date seen: when an undated item is "first seen"
  const int status = for_each_item_line(*text, "dedup", input, [&](const Item& item, int number) {
    const auto dated = item.published ? item.published : item.updated;
    if (dated && (!clock || *dated > *clock)) clock = dated;
    const Timestamp at = dated.value_or(clock.value_or(now_utc()));
    deduper.expire(clock.value_or(at));  // the window slides with the stream, as in the daemon
    const auto signature = dedup::signature_of(item);
    const auto verdict = deduper.classify(signature, at);
    const std::string story = verdict.cluster.value_or("#" + std::to_string(number));
    deduper.remember(story, signature, at);
    first_id.try_emplace(story, item.id);

    nlohmann::ordered_json out;
    out["id"] = item.id;
    out["duplicate_of"] = verdict.cluster ? nlohmann::ordered_json(first_id.at(story)) : nlohmann::ordered_json();
    fmt::print("{}\n", out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  });
  return status;
}

}  // namespace vigil::daemon
