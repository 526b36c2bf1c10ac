#include "dedup/minhash.hpp"
#include "dedup/mix.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace vigil::dedup {
namespace {

using detail::mix;

constexpr std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Multiply-shift hashing, (a x + b) >> 32 with odd a: one independent "permutation" of the
// shingle hashes per position. Fixed constants: signatures are stored and must stay comparable.
struct Permutations {
  std::array<std::uint64_t, minhash_size> multiplier{};
  std::array<std::uint64_t, minhash_size> offset{};
};

constexpr Permutations make_permutations() {
  Permutations p;
  std::uint64_t state = 0x76696769'6c646475ULL;  // "vigildedu"
  for (std::size_t i = 0; i < minhash_size; ++i) {
    p.multiplier[i] = splitmix(state) | 1;
    p.offset[i] = splitmix(state);
  }
  return p;
}

constexpr Permutations permutations = make_permutations();

}  // namespace

std::vector<std::uint32_t> minhash_of(const std::vector<std::string>& words) {
  if (words.size() < shingle_words) return {};
  std::vector<std::uint64_t> hashes(words.size());
  std::transform(words.begin(), words.end(), hashes.begin(),
                 [](const std::string& w) { return XXH3_64bits(w.data(), w.size()); });
  std::array<std::uint32_t, minhash_size> mins;
  mins.fill(std::numeric_limits<std::uint32_t>::max());
  for (std::size_t i = 0; i + shingle_words <= hashes.size(); ++i) {
    std::uint64_t shingle = 0x9e3779b97f4a7c15ULL;
    for (std::size_t k = 0; k < shingle_words; ++k) shingle = mix(shingle ^ hashes[i + k]);
    for (std::size_t p = 0; p < minhash_size; ++p) {
      const auto value =
          static_cast<std::uint32_t>((permutations.multiplier[p] * shingle + permutations.offset[p]) >> 32);
      mins[p] = std::min(mins[p], value);
    }
  }
  return {mins.begin(), mins.end()};
}

BandLayout band_layout(double threshold) {
  constexpr std::size_t max_bands = 16;
  for (std::size_t rows = 8; rows > 1; --rows) {
    const BandLayout layout{std::min(max_bands, minhash_size / rows), rows};
    if (candidate_probability(layout, threshold) >= 0.97) return layout;
  }
  return {max_bands, 1};
}

double candidate_probability(BandLayout layout, double similarity) {
  return 1.0 -
         std::pow(1.0 - std::pow(similarity, static_cast<double>(layout.rows)), static_cast<double>(layout.bands));
}

}  // namespace vigil::dedup
