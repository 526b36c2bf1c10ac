#pragma once
// Cross-source duplicate detection: one story, however many outlets carry it.
//
// An item joins the cluster of an earlier item when, within the window:
//   1. its canonical URL is the same (canonical_url.hpp; not a site's front page, and not
//      when the two titles share almost no word: a listing page linked by every item), or
//   2. its normalized title+text fingerprint is the same (content_fingerprint; for short
//      items only within short_window), or
//   3. its text is a near-duplicate: the estimated Jaccard similarity of word shingles is at
//      least `threshold` (MinHash signatures, found through an LSH index without scanning), or
//   4. the shorter text's opening (up to 64 words) is the longer one's, published within
//      short_window (a summary-only feed that carries an article's first paragraph under its
//      own title), or
//   5. one is short (title-only feeds, a one-line summary): titles similar enough and
//      published close together (the short-item rule; two full texts need the shorter one
//      mostly contained in the other, as a teaser is).
// Items that state different figures in the same words ("3 killed" / "5 killed") never join by
// rules 3-5 (dedup/numbers.hpp), nor do titles that each name a place or person the other
// does not by rule 5 ("drone attack on Kharkiv" / "drone attack on Kherson"). When several earlier items qualify, the first rule in this
// order wins, then the most similar item. Rules 4 and 5 look back at most short_window from
// the latest expire() time (their indexes drop older items).
// Otherwise it starts a cluster of its own. A cluster is named by the id of its first item.
//
// The Deduper holds its state in memory; the daemon persists clusters and signatures in the
// store and feeds them back with `remember` at startup. Not thread-safe: callers serialize.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "model/time.hpp"

namespace vigil::dedup {

struct DedupOptions {
  std::chrono::seconds window{14 * 24 * 3600};  // how far apart two members may be
  double threshold = 0.6;                      // near-duplicate: estimated shingle Jaccard
  std::size_t short_words = 25;                // fewer words of text than this: a short item
  double title_threshold = 0.75;               // short items: title word Jaccard at least this
  std::chrono::seconds short_window{2 * 24 * 3600};  // short items: published this close
};

// What the index remembers of an item: small and storable (the daemon keeps it in the store).
struct Signature {
  std::string canonical_url;
  std::string fingerprint;
  std::vector<std::uint32_t> minhash;    // of the text's 3-word shingles (64 values); empty
                                         // when the text has fewer than 3 words
  std::vector<std::uint64_t> title_words;  // hashes of the title's folded words, sorted, unique
                                           // (a title-less item: its text's first 16 words)
  std::vector<std::uint64_t> title_names;  // those of them that are names ("Kharkiv"), sorted
  std::uint32_t words = 0;               // words of text (title excluded)
  std::vector<std::uint32_t> numbers;    // numbers in context, sorted (dedup/numbers.hpp)
  std::vector<std::uint32_t> lede;       // the text's opening: hashes of its first complete
                                         // 8-word blocks, at most 8 (64 words)
  // A compact binary form for the store, and back (nullopt when corrupt).
  std::string encode() const;
  static std::optional<Signature> decode(std::string_view bytes);
};

// The signature of an item: text is the item's summary and content read as HTML, folded the
// way topics read it (text/words.hpp), without a teaser summary read twice or a trailing
// press-release section (dedup/story_words.hpp); the title separately.
Signature signature_of(const Item& item);

enum class DuplicateReason { none, same_url, same_text, near_text, same_lede, similar_title };
const char* to_string(DuplicateReason reason);

struct Verdict {
  std::optional<std::string> cluster;  // the cluster it joins; nullopt: a new story
  DuplicateReason reason = DuplicateReason::none;
  double similarity = 0;               // estimated Jaccard (near_text), share of the shorter text
                                       // in the common opening (same_lede), title Jaccard
                                       // (similar_title); 1 for the exact rules
};

class Deduper {
 public:
  explicit Deduper(DedupOptions options = {});
  Deduper(Deduper&&) noexcept;
  Deduper& operator=(Deduper&&) noexcept;
  ~Deduper();

  // The cluster an item with this signature, dated `at` (published, else first seen), belongs
  // to. Does not remember it: call `remember` with the verdict's cluster (or a new one).
  Verdict classify(const Signature& signature, Timestamp at) const;

  // Adds an item to a cluster (a new cluster is named by the item's own id).
  void remember(const std::string& cluster, const Signature& signature, Timestamp at);

  // Forgets items older than `now - window` (the window slides).
  void expire(Timestamp now);

  std::size_t size() const;           // items remembered
  std::size_t memory_bytes() const;   // approximate heap bytes of the index

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::dedup
