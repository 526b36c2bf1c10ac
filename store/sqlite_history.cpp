// Items' text kept for a while, so a new or changed topic can be tried on what vigil has seen
// (`vigil match --stored`), then forgotten.
#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

Result<void> SqliteStore::for_each_item_since(Timestamp since, const std::function<bool(const Item&)>& visit) {
  return guarded("for_each_item_since", [&] {
    auto query = db_.prepare("SELECT " + std::string(item_columns) +
                             " FROM items i WHERE i.first_seen >= ? ORDER BY i.first_seen, i.rowid");
    query.bind_time(1, since);
    while (query.step())
      if (!visit(read_item(query, 0))) break;
  });
}

Result<std::size_t> SqliteStore::forget_text_before(Timestamp before) {
  return guarded("forget_text_before", [&] {
    auto update = db_.prepare(
        "UPDATE items SET summary = '', content = ''"
        " WHERE first_seen < ? AND (summary <> '' OR content <> '')"
        " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.item_source = items.source AND a.item_key = items.key"
        "                 AND a.state IN ('pending', 'sending', 'retrying'))");
    update.bind_time(1, before).run();
    return static_cast<std::size_t>(db_.changes());
  });
}

}  // namespace vigil::store::sqlite
