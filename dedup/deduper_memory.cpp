// The Deduper's bookkeeping: remembering items, naming clusters, sliding the window.
#include <cstring>

#include "dedup/deduper_impl.hpp"

namespace vigil::dedup {

std::uint32_t Deduper::Impl::cluster_named(std::string_view name) {
  const auto tag = tag_of(fingerprint_key(name));
  std::uint32_t found = none;
  cluster_by_name.for_each(tag, [&](std::uint32_t c) {
    if (clusters[c].view() == name) found = c;
  });
  if (found != none) return found;
  found = clusters.allocate();
  ClusterRecord& cluster = clusters[found];
  cluster.name = std::make_unique<char[]>(name.size());
  std::memcpy(cluster.name.get(), name.data(), name.size());
  cluster.name_size = static_cast<std::uint32_t>(name.size());
  cluster_name_bytes += name.size();
  cluster_by_name.insert(tag, found);
  return found;
}

void Deduper::Impl::release_cluster(std::uint32_t c) {
  ClusterRecord& cluster = clusters[c];
  if (--cluster.members > 0) return;
  cluster_by_name.erase(tag_of(fingerprint_key(cluster.view())), c);
  cluster_name_bytes -= cluster.name_size;
  clusters.release(c);
}

// The lede rule looks back only short_window: older records keep their title and numbers.
void Deduper::Impl::drop_lede_blocks(ItemRecord& r) {
  if (r.lede_blocks == 0) return;
  const std::size_t kept = std::size_t{r.title_kept} + r.number_count;
  const auto moved = runs.allocate(kept);
  if (moved != Runs::none) std::copy_n(runs.at(r.extras), kept, runs.at(moved));
  runs.release(r.extras, r.extras_length());
  r.extras = moved;
  r.lede_blocks = 0;
}

// Adds or removes the entries of the rules that look back only short_window.
void Deduper::Impl::index_recent(std::uint32_t i, bool add) {
  ItemRecord& r = records[i];
  if (add == (r.recent != 0)) return;
  const bool titled = r.title_total >= min_title_words;
  if (add) {
    if (titled)
      for (const auto word : std::span(title_of(r).words, r.title_kept)) by_title.insert(title_word_tag(word), i);
    if (r.lede != 0) by_lede.insert(tag_of(r.lede), i);
  } else {
    if (titled)
      for (const auto word : std::span(title_of(r).words, r.title_kept)) by_title.erase(title_word_tag(word), i);
    if (r.lede != 0) by_lede.erase(tag_of(r.lede), i);
    drop_lede_blocks(r);
  }
  r.recent = add;
}

void Deduper::Impl::remember(const std::string& cluster, const Signature& s, Timestamp at) {
  const Probe p = probe_of(s, at);
  const std::uint32_t i = records.allocate();
  ItemRecord& r = records[i];
  r.at = p.at;
  r.url = p.url;
  r.text = p.text;
  r.lede = p.lede;
  r.words = static_cast<std::uint16_t>(std::min<std::uint32_t>(p.words, 0xFFFF));
  r.title_kept = p.title.kept;
  r.title_total = p.title.total;
  r.title_names = p.title.names;
  r.number_count = static_cast<std::uint8_t>(p.numbers.size());
  r.lede_blocks = static_cast<std::uint8_t>(p.lede_blocks.size());
  r.extras = runs.allocate(r.extras_length());
  if (r.extras != Runs::none) {
    std::uint32_t* out = std::copy_n(p.title.words.begin(), r.title_kept, runs.at(r.extras));
    out = std::copy(p.numbers.begin(), p.numbers.end(), out);
    std::copy(p.lede_blocks.begin(), p.lede_blocks.end(), out);
  }
  if (p.long_text) {
    r.minhash = minhashes.allocate();
    minhashes[r.minhash] = p.minhash;
  }
  r.cluster = cluster_named(cluster);
  ++clusters[r.cluster].members;

  if (r.url != 0) by_url.insert(tag_of(r.url), i);
  if (r.text != 0) by_text.insert(tag_of(r.text), i);
  if (r.minhash != none)
    for (std::size_t band = 0; band < layout.bands; ++band)
      by_band.insert(text_band_tag(p.minhash.data(), band, layout.rows), i);
  if (r.at >= recent_horizon) index_recent(i, true);
  buckets[bucket_of(r.at)].push_back(i);
  ++live;
}

void Deduper::Impl::forget(std::uint32_t i) {
  index_recent(i, false);
  const ItemRecord& r = records[i];
  if (r.url != 0) by_url.erase(tag_of(r.url), i);
  if (r.text != 0) by_text.erase(tag_of(r.text), i);
  if (r.minhash != none) {
    for (std::size_t band = 0; band < layout.bands; ++band)
      by_band.erase(text_band_tag(minhash_of(r), band, layout.rows), i);
    minhashes.release(r.minhash);
  }
  runs.release(r.extras, r.extras_length());
  release_cluster(r.cluster);
  records.release(i);
  --live;
}

// Forgets what is older than `now - window`, and takes titles and ledes older than
// `now - short_window` out of their indexes (their rules look no further back).
void Deduper::Impl::expire(Timestamp now) {
  const std::int64_t cutoff = seconds_of(now) - options.window.count();
  while (!buckets.empty() && buckets.begin()->first * bucket_seconds < cutoff) {
    auto first = buckets.begin();
    auto& members = first->second;
    // Only the bucket the cutoff falls in keeps some of its members.
    const auto gone =
        std::partition(members.begin(), members.end(), [&](std::uint32_t i) { return records[i].at >= cutoff; });
    for (auto it = gone; it != members.end(); ++it) forget(*it);
    members.erase(gone, members.end());
    if (!members.empty()) break;
    buckets.erase(first);
  }
  if (live == 0) runs.clear();

  const std::int64_t recent_cutoff = seconds_of(now) - options.short_window.count();
  if (recent_cutoff <= recent_horizon) return;
  recent_horizon = recent_cutoff;
  for (auto it = buckets.lower_bound(recent_bucket); it != buckets.end() && it->first * bucket_seconds < recent_cutoff;
       ++it) {
    for (const auto i : it->second)
      if (records[i].at < recent_cutoff) index_recent(i, false);
    if ((it->first + 1) * bucket_seconds > recent_cutoff) break;  // partly newer: look again next time
    recent_bucket = it->first + 1;
  }
}

std::size_t Deduper::Impl::memory_bytes() const {
  std::size_t bytes = records.memory_bytes() + minhashes.memory_bytes() + runs.memory_bytes() +
                      clusters.memory_bytes() + cluster_name_bytes;
  for (const SlotTable* table : {&by_url, &by_text, &by_band, &by_title, &by_lede, &cluster_by_name})
    bytes += table->memory_bytes();
  constexpr std::size_t map_node_bytes = 64;  // a red-black node with its key and vector
  for (const auto& bucket : buckets) bytes += map_node_bytes + bucket.second.capacity() * sizeof(std::uint32_t);
  return bytes;
}
}  // namespace vigil::dedup
