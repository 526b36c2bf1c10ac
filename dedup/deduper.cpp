// How the Deduper decides: the rules, tried in order; the first one with a qualifying earlier
// item wins, and within a rule the most similar item (then the earliest).
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
//                 short_window, no conflicting numbers, no name in each title that the other
//                 lacks, and one of: either item is short (a
//                 title-only item and the full article), or the shorter text is mostly (>= 50%)
//                 contained in the longer one (a teaser and the article).
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "dedup/deduper_impl.hpp"

namespace vigil::dedup {
namespace {

// Items found under several tags, once each.
template <class Collect>
std::vector<std::uint32_t> unique_candidates(Collect&& collect) {
  std::vector<std::uint32_t> candidates;
  collect([&](std::uint32_t i) { candidates.push_back(i); });
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return candidates;
}

}  // namespace

Probe Deduper::Impl::probe_of(const Signature& s, Timestamp at) const {
  Probe p;
  p.at = seconds_of(at);
  p.url = url_key(s.canonical_url);
  p.lede_blocks = {s.lede.data(), std::min(s.lede.size(), max_lede_blocks)};
  p.lede = lede_key(p.lede_blocks);
  p.words = s.words;
  if (s.title_words.size() + s.words >= min_title_words) p.text = fingerprint_key(s.fingerprint);
  p.long_text = s.minhash.size() == minhash_size && s.words >= options.short_words;
  if (p.long_text) p.minhash = compact_minhash(s.minhash);
  p.title = title_sketch(s.title_words, s.title_names);
  p.numbers = {s.numbers.data(), std::min(s.numbers.size(), max_number_contexts)};
  return p;
}

struct Deduper::Impl::Best {
  std::uint32_t record = none;
  std::int64_t at = 0;
  DuplicateReason reason = DuplicateReason::none;
  double similarity = 0;

  void consider(std::uint32_t candidate, std::int64_t candidate_at, DuplicateReason why, double sim) {
    const bool better = record == none || rank(why) > rank(reason) ||
                        (rank(why) == rank(reason) &&
                         (sim > similarity ||
                          (sim == similarity && (candidate_at < at || (candidate_at == at && candidate < record)))));
    if (better) *this = {candidate, candidate_at, why, sim};
  }
};

void Deduper::Impl::same_url(const Probe& p, Best& best) const {
  if (p.url == 0) return;
  by_url.for_each(tag_of(p.url), [&](std::uint32_t i) {
    const ItemRecord& r = records[i];
    if (r.url != p.url || !within(r.at, p.at, options.window)) return;
    const bool titled = p.title.total >= min_title_words && r.title_total >= min_title_words;
    if (titled && title_similarity(p.title.view(), title_of(r)) < contradicting_titles) return;
    best.consider(i, r.at, DuplicateReason::same_url, 1.0);
  });
}

void Deduper::Impl::same_text(const Probe& p, Best& best) const {
  if (p.text == 0) return;
  by_text.for_each(tag_of(p.text), [&](std::uint32_t i) {
    const ItemRecord& r = records[i];
    if (r.text != p.text || !within(r.at, p.at, options.window)) return;
    const bool short_item = !p.long_text || r.minhash == none;
    if (short_item && !within(r.at, p.at, options.short_window)) return;
    best.consider(i, r.at, DuplicateReason::same_text, 1.0);
  });
}

void Deduper::Impl::near_text(const Probe& p, Best& best) const {
  if (!p.long_text) return;
  const auto candidates = unique_candidates([&](auto&& add) {
    for (std::size_t band = 0; band < layout.bands; ++band)
      by_band.for_each(text_band_tag(p.minhash.data(), band, layout.rows), add);
  });
  for (const auto i : candidates) {
    const ItemRecord& r = records[i];
    if (r.minhash == none || !within(r.at, p.at, options.window)) continue;
    const double similarity = minhash_similarity(p.minhash.data(), minhash_of(r));
    if (similarity < options.threshold || numbers_conflict(p.numbers, numbers_of(r))) continue;
    best.consider(i, r.at, DuplicateReason::near_text, similarity);
  }
}

void Deduper::Impl::same_lede(const Probe& p, Best& best) const {
  if (p.lede == 0) return;
  by_lede.for_each(tag_of(p.lede), [&](std::uint32_t i) {
    const ItemRecord& r = records[i];
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

void Deduper::Impl::similar_title(const Probe& p, Best& best) const {
  if (p.title.total < min_title_words) return;
  // Prefix filtering: try the title's rarest words (fewest titles in the index have them),
  // as many as it takes to meet every title similar enough.
  std::array<std::pair<std::size_t, std::uint32_t>, title_sketch_size> rarity{};  // (titles, tag)
  for (std::size_t w = 0; w < p.title.kept; ++w) {
    const auto tag = title_word_tag(p.title.words[w]);
    std::size_t titles = 0;
    by_title.for_each(tag, [&](std::uint32_t) { ++titles; });
    rarity[w] = {titles, tag};
  }
  std::sort(rarity.begin(), rarity.begin() + p.title.kept);
  const std::size_t probes = title_words_to_probe(p.title.view(), options.title_threshold);
  const auto candidates = unique_candidates([&](auto&& add) {
    for (std::size_t w = 0; w < probes; ++w) by_title.for_each(rarity[w].second, add);
  });
  for (const auto i : candidates) {
    const ItemRecord& r = records[i];
    if (r.title_total < min_title_words || !within(r.at, p.at, options.short_window)) continue;
    // Jaccard is at most the ratio of the set sizes: skip reading titles that cannot qualify.
    const double fewer = std::min(r.title_total, p.title.total);
    const double more = std::max(r.title_total, p.title.total);
    if (fewer < options.title_threshold * more) continue;
    const double similarity = title_similarity(p.title.view(), title_of(r));
    if (similarity < options.title_threshold || numbers_conflict(p.numbers, numbers_of(r)) ||
        title_names_conflict(p.title.view(), title_of(r)))
      continue;
    const bool both_long = p.long_text && r.minhash != none;
    if (both_long &&
        containment(minhash_similarity(p.minhash.data(), minhash_of(r)), p.words, r.words) < teaser_containment)
      continue;
    best.consider(i, r.at, DuplicateReason::similar_title, similarity);
  }
}

Verdict Deduper::Impl::classify(const Signature& s, Timestamp at) const {
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
