// The Deduper's memory: one record per item in the window, the LSH and exact-key tables
// that find candidates, clusters by name, and minute buckets that let the window slide.
//
// Decisions, in order (the first rule with a qualifying earlier item wins; within a rule the
// most similar item, then the earliest):
//   same_url      same canonical URL (not a site's front page), and titles that do not
//                 contradict it (two titles of 3+ words sharing less than 20% of their words
//                 are two stories behind one listing URL);
//   same_text     same fingerprint with at least 3 words, within short_window for short items
//                 (a recurring title such as "Daily update" is not one story for two weeks);
//   near_text     both long (>= short_words words and a MinHash), estimated shingle Jaccard
//                 >= threshold, no conflicting numbers;
//   same_lede     the shorter text's opening (its complete 8-word blocks, at least 2, at most
//                 8: 64 words) is the longer one's, dated within short_window, no conflicting
//                 numbers: a summary-only feed carrying an article's first paragraph;
//   similar_title titles of 3+ words with Jaccard >= title_threshold, dated within
//                 short_window, no conflicting numbers, and one of: either item is short (a
//                 title-only item and the full article), or the shorter text is mostly (>= 50%)
//                 contained in the longer one (a teaser and the article).
//
// Memory per item (1M items, see bench/bench_dedup.cpp): a 40-byte record, 128 bytes of
// MinHash (long items), title words and numbers in a run pool, 16 LSH entries and one entry
// per exact key in open-addressing tables (8 bytes a slot). Titles stay in their LSH only for
// short_window behind the newest expire() time, and so do ledes: their rules look no further.
#include "dedup/deduper.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>

#include "dedup/compact.hpp"
#include "dedup/numbers.hpp"
#include "dedup/pools.hpp"
#include "dedup/slot_table.hpp"

namespace vigil::dedup {
namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t min_title_words = 3;
constexpr double contradicting_titles = 0.2;
constexpr double teaser_containment = 0.5;
constexpr std::int64_t bucket_seconds = 60;

struct Record {
  std::int64_t at = 0;
  std::uint64_t url = 0;   // url_key: the table tag is its low half, the rest verifies a hit
  std::uint64_t text = 0;  // fingerprint_key, 0 when too little text for the exact rule
  std::uint64_t lede = 0;  // lede_key
  std::uint32_t cluster = none;
  std::uint32_t minhash = none;  // slot in the MinHash pool; none: a short item
  std::uint32_t extras = RunPool<1>::none;  // title words, then numbers, in the run pool
  std::uint16_t words = 0;                  // saturates
  std::uint8_t recent = 0;  // title and lede are in their LSH / table
  std::uint8_t title_kept = 0;
  std::uint8_t title_total = 0;
  std::uint8_t number_count = 0;
  std::uint8_t lede_blocks = 0;

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

struct Cluster {
  std::unique_ptr<char[]> name;
  std::uint32_t name_size = 0;
  std::uint32_t members = 0;
  std::string_view view() const { return {name.get(), name_size}; }
};

int rank(DuplicateReason reason) {
  switch (reason) {
    case DuplicateReason::same_url: return 5;
    case DuplicateReason::same_text: return 4;
    case DuplicateReason::near_text: return 3;
    case DuplicateReason::same_lede: return 2;
    case DuplicateReason::similar_title: return 1;
    case DuplicateReason::none: return 0;
  }
  return 0;
}

std::int64_t seconds_of(Timestamp t) { return t.time_since_epoch().count(); }
std::uint32_t tag_of(std::uint64_t key) { return static_cast<std::uint32_t>(key); }
std::int64_t bucket_of(std::int64_t at) { return at / bucket_seconds - (at % bucket_seconds < 0); }

bool within(std::int64_t a, std::int64_t b, std::chrono::seconds limit) {
  return (a > b ? a - b : b - a) <= limit.count();
}

// Estimated share of the shorter text's shingles that the longer one has too, from the
// Jaccard estimate and the sizes: |A n B| = J (|A| + |B|) / (1 + J).
double containment(double jaccard, std::uint32_t words_a, std::uint32_t words_b) {
  const double a = std::max(1.0, double(words_a) - double(shingle_words - 1));
  const double b = std::max(1.0, double(words_b) - double(shingle_words - 1));
  return jaccard * (a + b) / (1 + jaccard) / std::min(a, b);
}

}  // namespace

struct Deduper::Impl {
  using Runs = RunPool<title_sketch_size + max_number_contexts + max_lede_blocks>;

  DedupOptions options;
  BandLayout layout;

  SlotPool<Record> records;
  SlotPool<CompactMinhash, 1024> minhashes;
  Runs runs;
  std::size_t live = 0;
  SlotPool<Cluster> clusters;
  std::size_t cluster_name_bytes = 0;

  SlotTable by_url, by_text, by_band, by_title, by_lede, cluster_by_name;
  std::map<std::int64_t, std::vector<std::uint32_t>> buckets;  // minute -> records dated in it
  // Items dated before the horizon are not "recent": their title and lede are not indexed.
  std::int64_t recent_horizon = std::numeric_limits<std::int64_t>::min();
  std::int64_t recent_bucket = std::numeric_limits<std::int64_t>::min();  // first bucket to unindex

  explicit Impl(DedupOptions o) : options(o), layout(band_layout(o.threshold)) {}

  TitleView title_of(const Record& r) const {
    return {r.extras == Runs::none ? nullptr : runs.at(r.extras), r.title_kept, r.title_total};
  }
  std::span<const std::uint32_t> numbers_of(const Record& r) const {
    if (r.number_count == 0) return {};
    return {runs.at(r.extras) + r.title_kept, r.number_count};
  }
  std::span<const std::uint32_t> lede_of(const Record& r) const {
    if (r.lede_blocks == 0) return {};
    return {runs.at(r.extras) + r.title_kept + r.number_count, r.lede_blocks};
  }
  const std::uint16_t* minhash_of(const Record& r) const { return minhashes[r.minhash].data(); }

  Probe probe_of(const Signature& s, Timestamp at) const {
    Probe p;
    p.at = seconds_of(at);
    p.url = url_key(s.canonical_url);
    p.lede_blocks = {s.lede.data(), std::min(s.lede.size(), max_lede_blocks)};
    p.lede = lede_key(p.lede_blocks);
    p.words = s.words;
    if (s.title_words.size() + s.words >= min_title_words) p.text = fingerprint_key(s.fingerprint);
    p.long_text = s.minhash.size() == minhash_size && s.words >= options.short_words;
    if (p.long_text) p.minhash = compact_minhash(s.minhash);
    p.title = title_sketch(s.title_words);
    p.numbers = {s.numbers.data(), std::min(s.numbers.size(), max_number_contexts)};
    return p;
  }

  struct Best {
    std::uint32_t record = none;
    std::int64_t at = 0;
    DuplicateReason reason = DuplicateReason::none;
    double similarity = 0;

    void consider(std::uint32_t candidate, std::int64_t candidate_at, DuplicateReason why, double sim) {
      const bool better =
          record == none || rank(why) > rank(reason) ||
          (rank(why) == rank(reason) &&
           (sim > similarity || (sim == similarity && (candidate_at < at || (candidate_at == at && candidate < record)))));
      if (better) *this = {candidate, candidate_at, why, sim};
    }
  };

  void same_url(const Probe& p, Best& best) const {
    if (p.url == 0) return;
    by_url.for_each(tag_of(p.url), [&](std::uint32_t i) {
      const Record& r = records[i];
      if (r.url != p.url || !within(r.at, p.at, options.window)) return;
      const bool titled = p.title.total >= min_title_words && r.title_total >= min_title_words;
      if (titled && title_similarity(p.title.view(), title_of(r)) < contradicting_titles) return;
      best.consider(i, r.at, DuplicateReason::same_url, 1.0);
    });
  }

  void same_text(const Probe& p, Best& best) const {
    if (p.text == 0) return;
    by_text.for_each(tag_of(p.text), [&](std::uint32_t i) {
      const Record& r = records[i];
      if (r.text != p.text || !within(r.at, p.at, options.window)) return;
      const bool short_item = !p.long_text || r.minhash == none;
      if (short_item && !within(r.at, p.at, options.short_window)) return;
      best.consider(i, r.at, DuplicateReason::same_text, 1.0);
    });
  }

  template <class Collect>
  static std::vector<std::uint32_t> unique_candidates(Collect&& collect) {
    std::vector<std::uint32_t> candidates;
    collect([&](std::uint32_t i) { candidates.push_back(i); });
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
  }

  void near_text(const Probe& p, Best& best) const {
    if (!p.long_text) return;
    const auto candidates = unique_candidates([&](auto&& add) {
      for (std::size_t band = 0; band < layout.bands; ++band)
        by_band.for_each(text_band_tag(p.minhash.data(), band, layout.rows), add);
    });
    for (const auto i : candidates) {
      const Record& r = records[i];
      if (r.minhash == none || !within(r.at, p.at, options.window)) continue;
      const double similarity = minhash_similarity(p.minhash.data(), minhash_of(r));
      if (similarity < options.threshold || numbers_conflict(p.numbers, numbers_of(r))) continue;
      best.consider(i, r.at, DuplicateReason::near_text, similarity);
    }
  }

  void same_lede(const Probe& p, Best& best) const {
    if (p.lede == 0) return;
    by_lede.for_each(tag_of(p.lede), [&](std::uint32_t i) {
      const Record& r = records[i];
      if (r.lede != p.lede || !within(r.at, p.at, options.short_window)) return;
      // Every complete block of the shorter opening must be the longer one's.
      const auto other = lede_of(r);
      const std::size_t blocks = std::min(other.size(), p.lede_blocks.size());
      if (!std::equal(other.begin(), other.begin() + static_cast<std::ptrdiff_t>(blocks), p.lede_blocks.begin())) return;
      if (numbers_conflict(p.numbers, numbers_of(r))) return;
      const double shorter = std::max<double>(1, std::min(p.words, std::uint32_t{r.words}));
      best.consider(i, r.at, DuplicateReason::same_lede, std::min(1.0, double(blocks * lede_block_words) / shorter));
    });
  }

  void similar_title(const Probe& p, Best& best) const {
    if (p.title.total < min_title_words) return;
    const auto candidates = unique_candidates([&](auto&& add) {
      for (const auto tag : title_band_tags(p.title.view())) by_title.for_each(tag, add);
    });
    for (const auto i : candidates) {
      const Record& r = records[i];
      if (r.title_total < min_title_words || !within(r.at, p.at, options.short_window)) continue;
      const double similarity = title_similarity(p.title.view(), title_of(r));
      if (similarity < options.title_threshold || numbers_conflict(p.numbers, numbers_of(r))) continue;
      const bool both_long = p.long_text && r.minhash != none;
      if (both_long &&
          containment(minhash_similarity(p.minhash.data(), minhash_of(r)), p.words, r.words) < teaser_containment)
        continue;
      best.consider(i, r.at, DuplicateReason::similar_title, similarity);
    }
  }

  Verdict classify(const Signature& s, Timestamp at) const {
    const Probe p = probe_of(s, at);
    Best best;
    same_url(p, best);
    if (best.record == none) same_text(p, best);
    if (best.record == none) near_text(p, best);
    if (best.record == none) same_lede(p, best);
    if (best.record == none) similar_title(p, best);
    if (best.record == none) return {};
    return {std::string(clusters[records[best.record].cluster].view()), best.reason, best.similarity};
  }

  std::uint32_t cluster_named(std::string_view name) {
    const auto tag = tag_of(fingerprint_key(name));
    std::uint32_t found = none;
    cluster_by_name.for_each(tag, [&](std::uint32_t c) {
      if (clusters[c].view() == name) found = c;
    });
    if (found != none) return found;
    found = clusters.allocate();
    Cluster& cluster = clusters[found];
    cluster.name = std::make_unique<char[]>(name.size());
    std::memcpy(cluster.name.get(), name.data(), name.size());
    cluster.name_size = static_cast<std::uint32_t>(name.size());
    cluster_name_bytes += name.size();
    cluster_by_name.insert(tag, found);
    return found;
  }

  void release_cluster(std::uint32_t c) {
    Cluster& cluster = clusters[c];
    if (--cluster.members > 0) return;
    cluster_by_name.erase(tag_of(fingerprint_key(cluster.view())), c);
    cluster_name_bytes -= cluster.name_size;
    clusters.release(c);
  }

  // Adds or removes the entries of the rules that look back only short_window.
  void index_recent(std::uint32_t i, bool add) {
    Record& r = records[i];
    if (add == (r.recent != 0)) return;
    const bool titled = r.title_total >= min_title_words;
    if (add) {
      if (titled)
        for (const auto tag : title_band_tags(title_of(r))) by_title.insert(tag, i);
      if (r.lede != 0) by_lede.insert(tag_of(r.lede), i);
    } else {
      if (titled)
        for (const auto tag : title_band_tags(title_of(r))) by_title.erase(tag, i);
      if (r.lede != 0) by_lede.erase(tag_of(r.lede), i);
    }
    r.recent = add;
  }

  void remember(const std::string& cluster, const Signature& s, Timestamp at) {
    const Probe p = probe_of(s, at);
    const std::uint32_t i = records.allocate();
    Record& r = records[i];
    r.at = p.at;
    r.url = p.url;
    r.text = p.text;
    r.lede = p.lede;
    r.words = static_cast<std::uint16_t>(std::min<std::uint32_t>(p.words, 0xFFFF));
    r.title_kept = p.title.kept;
    r.title_total = p.title.total;
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
      for (std::size_t band = 0; band < layout.bands; ++band) by_band.insert(text_band_tag(p.minhash.data(), band, layout.rows), i);
    if (r.at >= recent_horizon) index_recent(i, true);
    buckets[bucket_of(r.at)].push_back(i);
    ++live;
  }

  void forget(std::uint32_t i) {
    index_recent(i, false);
    const Record& r = records[i];
    if (r.url != 0) by_url.erase(tag_of(r.url), i);
    if (r.text != 0) by_text.erase(tag_of(r.text), i);
    if (r.minhash != none) {
      for (std::size_t band = 0; band < layout.bands; ++band) by_band.erase(text_band_tag(minhash_of(r), band, layout.rows), i);
      minhashes.release(r.minhash);
    }
    runs.release(r.extras, r.extras_length());
    release_cluster(r.cluster);
    records.release(i);
    --live;
  }

  // Forgets what is older than `now - window`, and takes titles and ledes older than
  // `now - short_window` out of their indexes (their rules look no further back).
  void expire(Timestamp now) {
    const std::int64_t cutoff = seconds_of(now) - options.window.count();
    while (!buckets.empty() && buckets.begin()->first * bucket_seconds < cutoff) {
      auto first = buckets.begin();
      auto& members = first->second;
      // Only the bucket the cutoff falls in keeps some of its members.
      const auto gone = std::partition(members.begin(), members.end(), [&](std::uint32_t i) { return records[i].at >= cutoff; });
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

  std::size_t memory_bytes() const {
    std::size_t bytes = records.memory_bytes() + minhashes.memory_bytes() + runs.memory_bytes() +
                        clusters.memory_bytes() + cluster_name_bytes;
    for (const SlotTable* table : {&by_url, &by_text, &by_band, &by_title, &by_lede, &cluster_by_name}) bytes += table->memory_bytes();
    constexpr std::size_t map_node_bytes = 64;  // a red-black node with its key and vector
    for (const auto& bucket : buckets) bytes += map_node_bytes + bucket.second.capacity() * sizeof(std::uint32_t);
    return bytes;
  }
};

Deduper::Deduper(DedupOptions options) : impl_(std::make_unique<Impl>(options)) {}
Deduper::Deduper(Deduper&&) noexcept = default;
Deduper& Deduper::operator=(Deduper&&) noexcept = default;
Deduper::~Deduper() = default;

Verdict Deduper::classify(const Signature& signature, Timestamp at) const { return impl_->classify(signature, at); }

void Deduper::remember(const std::string& cluster, const Signature& signature, Timestamp at) {
  impl_->remember(cluster, signature, at);
}

void Deduper::expire(Timestamp now) { impl_->expire(now); }
std::size_t Deduper::size() const { return impl_->live; }
std::size_t Deduper::memory_bytes() const { return impl_->memory_bytes(); }

}  // namespace vigil::dedup
