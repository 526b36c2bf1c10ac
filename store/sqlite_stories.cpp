// Stories (clusters of near-duplicate items): which channels had one, which sources carry it,
// and the signatures that warm the deduper up at startup.
#include "store/codec.hpp"
#include "store/sqlite_store.hpp"

namespace vigil::store::sqlite {

Result<std::unordered_map<std::string, StoryState>> SqliteStore::stories(const std::vector<std::string>& clusters) {
  return guarded("stories", [&] {
    std::unordered_map<std::string, StoryState> out;
    for (const auto& cluster : clusters) {
      if (cluster.empty() || out.contains(cluster)) continue;
      StoryState state;
      // Prepared statements are cached by the connection and reset when a Statement ends.
      auto channels = db_.prepare(
          "SELECT DISTINCT a.channel FROM alerts a JOIN items i ON i.source = a.item_source AND i.key = a.item_key"
          " WHERE i.cluster = ? AND a.state <> 'dead' ORDER BY a.channel");
      channels.bind_text(1, cluster);
      while (channels.step()) state.alerted_channels.push_back(channels.text(0));
      auto sources = db_.prepare(
          "SELECT source FROM items WHERE cluster = ? GROUP BY source ORDER BY MIN(first_seen), MIN(rowid)");
      sources.bind_text(1, cluster);
      while (sources.step()) state.sources.push_back(sources.text(0));
      out.emplace(cluster, std::move(state));
    }
    return out;
  });
}

Result<std::vector<StoredSignature>> SqliteStore::signatures_since(Timestamp since) {
  return guarded("signatures_since", [&] {
    std::vector<StoredSignature> out;
    auto query = db_.prepare(
        "SELECT cluster, signature, story_at FROM items"
        " WHERE story_at >= ? AND cluster <> '' AND signature IS NOT NULL ORDER BY story_at, rowid");
    query.bind_time(1, since);
    while (query.step()) out.push_back(StoredSignature{query.text(0), query.blob(1), query.time(2)});
    return out;
  });
}

}  // namespace vigil::store::sqlite
