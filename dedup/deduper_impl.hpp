#pragma once
// The Deduper's state, shared by its lookups (deduper.cpp) and its bookkeeping
// (deduper_memory.cpp): one record per item in the window, the LSH, title-word and exact-key
// tables that find candidates, clusters by name, and minute buckets that let the window slide.
//
// Memory per item (bench/bench_dedup.cpp): a 56-byte record, 128 bytes of MinHash (long items),
// title words and numbers (and lede blocks while recent) in a run pool, 16 LSH entries and one
// entry per exact key in open-addressing tables (8 bytes a slot, 50-80% full), the cluster's
// name. Title words and ledes stay in their indexes only for short_window behind the newest
// expire() time: their rules look no further back.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "dedup/compact.hpp"
#include "dedup/deduper.hpp"
#include "dedup/numbers.hpp"
#include "dedup/pools.hpp"
#include "dedup/slot_table.hpp"

namespace vigil::dedup {

inline constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::size_t min_title_words = 3;
inline constexpr double contradicting_titles = 0.2;
inline constexpr double teaser_containment = 0.5;
inline constexpr std::int64_t bucket_seconds = 60;

// What the window keeps of one item.
struct ItemRecord {
  std::int64_t at = 0;
  std::uint64_t url = 0;   // url_key: the table tag is its low half, the rest verifies a hit
  std::uint64_t text = 0;  // fingerprint_key, 0 when too little text for the exact rule
  std::uint64_t lede = 0;  // lede_key
  std::uint32_t cluster = none;
  std::uint32_t minhash = none;  // slot in the MinHash pool; none: a short item
  std::uint32_t extras = none;   // title words, numbers, lede blocks: a run in the run pool
  std::uint16_t words = 0;       // saturates
  std::uint8_t recent = 0;       // title words and lede are in their tables
  std::uint8_t title_kept = 0;
  std::uint8_t title_total = 0;
  std::uint8_t number_count = 0;
  std::uint8_t lede_blocks = 0;
  std::uint16_t title_names = 0;  // TitleView::names

  std::size_t extras_length() const { return std::size_t{title_kept} + number_count + lede_blocks; }
};

// A signature reduced to the record's forms, for lookups.
struct Probe {
  std::int64_t at = 0;
  std::uint64_t url = 0;
  std::uint64_t text = 0;
  std::uint64_t lede = 0;
  std::span<const std::uint32_t> lede_blocks;
  bool long_text = false;
  CompactMinhash minhash{};
  std::uint32_t words = 0;
  TitleSketch title;
  std::span<const std::uint32_t> numbers;
};

// A cluster's name (its first item's id), kept while any member is in the window.
struct ClusterRecord {
  std::unique_ptr<char[]> name;
  std::uint32_t name_size = 0;
  std::uint32_t members = 0;
  std::string_view view() const { return {name.get(), name_size}; }
};

// Which rule wins when several qualify: the exact ones, then text, then titles.
inline int rank(DuplicateReason reason) {
  switch (reason) {
    case DuplicateReason::same_url:
      return 5;
    case DuplicateReason::same_text:
      return 4;
    case DuplicateReason::near_text:
      return 3;
    case DuplicateReason::same_lede:
      return 2;
    case DuplicateReason::similar_title:
      return 1;
    case DuplicateReason::none:
      return 0;
  }
  return 0;
}

inline std::int64_t seconds_of(Timestamp t) { return t.time_since_epoch().count(); }
inline std::uint32_t tag_of(std::uint64_t key) { return static_cast<std::uint32_t>(key); }
inline std::int64_t bucket_of(std::int64_t at) { return at / bucket_seconds - (at % bucket_seconds < 0); }

inline bool within(std::int64_t a, std::int64_t b, std::chrono::seconds limit) {
  return (a > b ? a - b : b - a) <= limit.count();
}

// Estimated share of the shorter text's shingles that the longer one has too, from the
// Jaccard estimate and the sizes: |A n B| = J (|A| + |B|) / (1 + J).
inline double containment(double jaccard, std::uint32_t words_a, std::uint32_t words_b) {
  const double a = std::max(1.0, double(words_a) - double(shingle_words - 1));
  const double b = std::max(1.0, double(words_b) - double(shingle_words - 1));
  return jaccard * (a + b) / (1 + jaccard) / std::min(a, b);
}

struct Deduper::Impl {
  using Runs = RunPool<title_sketch_size + max_number_contexts + max_lede_blocks>;
  static_assert(Runs::none == none);

  DedupOptions options;
  BandLayout layout;

  SlotPool<ItemRecord> records;
  SlotPool<CompactMinhash, 1024> minhashes;
  Runs runs;
  std::size_t live = 0;
  SlotPool<ClusterRecord> clusters;
  std::size_t cluster_name_bytes = 0;

  SlotTable by_url, by_text, by_band, by_title, by_lede, cluster_by_name;
  std::map<std::int64_t, std::vector<std::uint32_t>> buckets;  // minute -> records dated in it
  // Items dated before the horizon are not "recent": their title and lede are not indexed.
  std::int64_t recent_horizon = std::numeric_limits<std::int64_t>::min();
  std::int64_t recent_bucket = std::numeric_limits<std::int64_t>::min();  // first bucket to unindex

  explicit Impl(DedupOptions o) : options(o), layout(band_layout(o.threshold)) {}

  TitleView title_of(const ItemRecord& r) const {
    return {r.extras == Runs::none ? nullptr : runs.at(r.extras), r.title_kept, r.title_total, r.title_names};
  }
  std::span<const std::uint32_t> numbers_of(const ItemRecord& r) const {
    if (r.number_count == 0) return {};
    return {runs.at(r.extras) + r.title_kept, r.number_count};
  }
  std::span<const std::uint32_t> lede_of(const ItemRecord& r) const {
    if (r.lede_blocks == 0) return {};
    return {runs.at(r.extras) + r.title_kept + r.number_count, r.lede_blocks};
  }
  const std::uint16_t* minhash_of(const ItemRecord& r) const { return minhashes[r.minhash].data(); }

  Probe probe_of(const Signature& s, Timestamp at) const;

  // The rules, in the order classify tries them (deduper.cpp).
  struct Best;
  void same_url(const Probe& p, Best& best) const;
  void same_text(const Probe& p, Best& best) const;
  void near_text(const Probe& p, Best& best) const;
  void same_lede(const Probe& p, Best& best) const;
  void similar_title(const Probe& p, Best& best) const;
  Verdict classify(const Signature& s, Timestamp at) const;

  // Bookkeeping (deduper_memory.cpp).
  std::uint32_t cluster_named(std::string_view name);
  void release_cluster(std::uint32_t c);
  void drop_lede_blocks(ItemRecord& r);
  void index_recent(std::uint32_t i, bool add);
  void remember(const std::string& cluster, const Signature& s, Timestamp at);
  void forget(std::uint32_t i);
  void expire(Timestamp now);
  std::size_t memory_bytes() const;
};

}  // namespace vigil::dedup
