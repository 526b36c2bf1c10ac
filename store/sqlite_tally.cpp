// Counts over the SQLite store for /metrics: cheap aggregate queries, no rows read out.
#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

Result<std::vector<AlertTally>> SqliteStore::tally_alerts() {
  return guarded("tally_alerts", [&] {
    std::vector<AlertTally> tallies;
    auto query = db_.prepare("SELECT channel, state, COUNT(*), MIN(created) FROM alerts GROUP BY channel, state"
                             " ORDER BY channel, state");
    while (query.step())
      tallies.push_back(AlertTally{.channel = query.text(0),
                                   .state = parse_alert_state(query.text(1)),
                                   .count = static_cast<std::size_t>(query.integer(2)),
                                   .oldest = query.time(3)});
    return tallies;
  });
}

}  // namespace vigil::store::sqlite
