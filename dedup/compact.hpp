#pragma once
// The forms the Deduper keeps in memory, smaller than a Signature: MinHash values cut to 16
// bits (an accidental match costs 1/65536 of similarity), titles as their 12 smallest 32-bit
// word hashes (a bottom-k sketch: exact for titles of up to 12 distinct words), and the hashes
// that name an item's entries in the candidate tables.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dedup/minhash.hpp"

namespace vigil::dedup {

inline constexpr std::size_t title_sketch_size = 12;

using CompactMinhash = std::array<std::uint16_t, minhash_size>;

CompactMinhash compact_minhash(std::span<const std::uint32_t> minhash);
// Estimated Jaccard similarity: the share of positions where the values agree.
double minhash_similarity(const std::uint16_t* a, const std::uint16_t* b);

// A title sketch where it is stored.
struct TitleView {
  const std::uint32_t* words = nullptr;  // sorted, the smallest hashes
  std::uint8_t kept = 0;                 // entries at `words`
  std::uint8_t total = 0;                // distinct title words (saturates at 255)
  std::uint16_t names = 0;               // bit k: words[k] is a name (Signature::title_names)
};

struct TitleSketch {
  std::array<std::uint32_t, title_sketch_size> words{};
  std::uint8_t kept = 0;
  std::uint8_t total = 0;
  std::uint16_t names = 0;
  TitleView view() const { return {words.data(), kept, total, names}; }
};

TitleSketch title_sketch(std::span<const std::uint64_t> title_words, std::span<const std::uint64_t> title_names = {});
// Jaccard similarity of two titles' word sets: exact when neither sketch was cut, else the
// bottom-k estimate.
double title_similarity(TitleView a, TitleView b);
inline double title_similarity(const TitleSketch& a, const TitleSketch& b) {
  return title_similarity(a.view(), b.view());
}

// The tag of band `band` of a MinHash (rows values from band * rows).
std::uint32_t text_band_tag(const std::uint16_t* minhash, std::size_t band, std::size_t rows);
// Whether each title names someone or somewhere the other does not ("attack on Kharkiv" and
// "attack on Kherson"): two specific subjects, two stories, however alike the other words.
bool title_names_conflict(TitleView a, TitleView b);

// Titles are found through their words: the tag of one word in the title index.
std::uint32_t title_word_tag(std::uint32_t word);

// How many of a title's rarest words a lookup must try so that every title at least
// `threshold` similar has one of them: a title B with Jaccard >= t lacks at most
// total - ceil(t * total) of A's words (prefix filtering), so one more than that.
std::size_t title_words_to_probe(TitleView title, double threshold);

// The opening of a text, in blocks of 8 words (Signature::lede). Two blocks (16 words) make a
// lede: enough to name a first sentence, few enough that a one-line summary has them.
inline constexpr std::size_t lede_block_words = 8;
inline constexpr std::size_t max_lede_blocks = 8;
inline constexpr std::size_t lede_key_blocks = 2;

// The key of a text's first two blocks; 0 when it has fewer.
std::uint64_t lede_key(std::span<const std::uint32_t> lede);

// 64-bit keys for the exact rules; 0 means "no key".
std::uint64_t url_key(std::string_view canonical_url);  // 0 for a site's root page
std::uint64_t fingerprint_key(std::string_view fingerprint);

}  // namespace vigil::dedup
