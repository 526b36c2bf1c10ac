#pragma once
// MinHash signatures of word shingles and the LSH band layout that finds similar ones.
//
// A text's shingles are its runs of `shingle_words` consecutive folded words; two texts'
// Jaccard similarity (shared shingles over all their shingles) is estimated by the share of
// the `minhash_size` positions where their signatures agree (standard error about
// sqrt(J(1-J)/64): 0.06 at J = 0.6).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vigil::dedup {

inline constexpr std::size_t minhash_size = 64;
inline constexpr std::size_t shingle_words = 3;

// The signature of a text's shingles; empty when it has fewer than `shingle_words` words.
std::vector<std::uint32_t> minhash_of(const std::vector<std::string>& words);

// LSH: the signature is cut into `bands` bands of `rows` values; two items are candidates when
// one band is equal, which happens with probability 1 - (1 - J^rows)^bands.
struct BandLayout {
  std::size_t bands = 0;
  std::size_t rows = 0;
};

// The layout for a threshold: the most rows per band (fewest chance candidates) that still
// finds pairs at the threshold with probability >= 0.97, with at most 16 bands (each band
// costs an index entry per item). threshold 0.6 gives 16 bands of 3 rows.
BandLayout band_layout(double threshold);

// 1 - (1 - s^rows)^bands: the chance that a pair with similarity s becomes a candidate.
double candidate_probability(BandLayout layout, double similarity);

}  // namespace vigil::dedup
