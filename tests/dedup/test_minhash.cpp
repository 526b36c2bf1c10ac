#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "dedup/compact.hpp"
#include "dedup/minhash.hpp"

using namespace vigil::dedup;

namespace {
std::vector<std::string> numbered_words(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) out.push_back("w" + std::to_string(i));
  return out;
}
double estimate(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto x = compact_minhash(minhash_of(a));
  const auto y = compact_minhash(minhash_of(b));
  return minhash_similarity(x.data(), y.data());
}
}  // namespace

TEST_CASE("texts shorter than a shingle have no MinHash", "[dedup][minhash]") {
  CHECK(minhash_of({"a", "b"}).empty());
  CHECK(minhash_of({"a", "b", "c"}).size() == minhash_size);
}

TEST_CASE("the MinHash estimate follows the shingle Jaccard similarity", "[dedup][minhash]") {
  // 400 words against a window of them shifted: known shingle overlaps.
  const auto base = numbered_words(0, 402);  // 400 shingles
  CHECK(estimate(base, base) == 1.0);
  for (const int shift : {50, 100, 200, 300}) {
    const auto other = numbered_words(shift, 402 + shift);
    const double shared = 400.0 - shift;
    const double jaccard = shared / (800.0 - shared);
    INFO("shift " << shift << " jaccard " << jaccard);
    CHECK(std::abs(estimate(base, other) - jaccard) < 0.2);  // more than 3 standard errors
  }
  CHECK(estimate(numbered_words(0, 300), numbered_words(1000, 1300)) < 0.05);
}

TEST_CASE("the band layout finds pairs at the threshold and rarely far below it", "[dedup][minhash][lsh]") {
  const auto layout = band_layout(0.6);
  CHECK(layout.bands == 16);
  CHECK(layout.rows == 3);
  CHECK(candidate_probability(layout, 0.6) > 0.97);
  CHECK(candidate_probability(layout, 0.7) > 0.998);
  CHECK(candidate_probability(layout, 0.1) < 0.02);
  for (const double threshold : {0.3, 0.5, 0.6, 0.75, 0.9}) {
    const auto l = band_layout(threshold);
    INFO("threshold " << threshold);
    CHECK(l.bands * l.rows <= minhash_size);
    CHECK(candidate_probability(l, threshold) >= 0.97);
  }
}

TEST_CASE("title sketches compare word sets", "[dedup][minhash][title]") {
  const auto sketch = [](std::vector<std::uint64_t> words) { return title_sketch(words); };
  CHECK(title_similarity(sketch({1, 2, 3, 4}), sketch({1, 2, 3, 4})) == 1.0);
  CHECK(title_similarity(sketch({1, 2, 3, 4}), sketch({1, 2, 3, 5})) == Approx(3.0 / 5));
  CHECK(title_similarity(sketch({1, 2}), sketch({3, 4})) == 0.0);
  CHECK(title_similarity(sketch({}), sketch({1})) == 0.0);
  // Long titles are cut to a bottom-k sketch: identical ones stay identical.
  std::vector<std::uint64_t> many;
  for (std::uint64_t i = 0; i < 30; ++i) many.push_back(i * 7919);
  CHECK(title_similarity(sketch(many), sketch(many)) == 1.0);
}

TEST_CASE("a title lookup tries enough of its rarest words to find every similar title", "[dedup][minhash][title]") {
  std::vector<std::uint64_t> eight{1, 2, 3, 4, 5, 6, 7, 8};
  // J >= 0.75 with 8 words: at least 6 shared, so at most 2 missing: 3 words to try.
  CHECK(title_words_to_probe(title_sketch(eight).view(), 0.75) == 3);
  CHECK(title_words_to_probe(title_sketch(std::vector<std::uint64_t>{1, 2, 3}).view(), 0.75) == 1);
  CHECK(title_words_to_probe(title_sketch(std::vector<std::uint64_t>{1, 2, 3, 4}).view(), 0.75) == 2);
  CHECK(title_words_to_probe(title_sketch(eight).view(), 1.0) == 1);
  CHECK(title_words_to_probe(title_sketch(eight).view(), 0.1) == 8);
  std::vector<std::uint64_t> many;
  for (std::uint64_t i = 1; i <= 40; ++i) many.push_back(i);
  CHECK(title_words_to_probe(title_sketch(many).view(), 0.75) == 11);  // must share 30 of 40
}
