#include "dedup/compact.hpp"
#include "dedup/mix.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::dedup {
namespace {

using detail::mix;

std::uint32_t low_half(std::uint64_t x) { return static_cast<std::uint32_t>(x); }

}  // namespace

CompactMinhash compact_minhash(std::span<const std::uint32_t> minhash) {
  CompactMinhash out{};
  // The minimum of many hashes has few high bits set: keep 16 bits of a multiplicative
  // mix, which depend on all of them.
  for (std::size_t i = 0; i < out.size() && i < minhash.size(); ++i)
    out[i] = static_cast<std::uint16_t>((minhash[i] * 0x9E3779B1u) >> 16);
  return out;
}

double minhash_similarity(const std::uint16_t* a, const std::uint16_t* b) {
  unsigned equal = 0;
  for (std::size_t i = 0; i < minhash_size; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(minhash_size);
}

TitleSketch title_sketch(std::span<const std::uint64_t> title_words, std::span<const std::uint64_t> title_names) {
  const auto sketched = [](std::uint64_t word) { return low_half(mix(word)); };
  std::vector<std::uint32_t> hashes;
  hashes.reserve(title_words.size());
  for (const auto word : title_words) hashes.push_back(sketched(word));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  TitleSketch out;
  out.total = static_cast<std::uint8_t>(std::min<std::size_t>(hashes.size(), 255));
  out.kept = static_cast<std::uint8_t>(std::min(hashes.size(), title_sketch_size));
  std::copy_n(hashes.begin(), out.kept, out.words.begin());
  for (const auto name : title_names) {
    const auto end = out.words.begin() + out.kept;
    const auto found = std::lower_bound(out.words.begin(), end, sketched(name));
    if (found != end && *found == sketched(name)) out.names |= static_cast<std::uint16_t>(1u << (found - out.words.begin()));
  }
  return out;
}

bool title_names_conflict(TitleView a, TitleView b) {
  const auto names_missing_from = [](TitleView from, TitleView other) {
    for (std::size_t k = 0; k < from.kept; ++k) {
      if ((from.names & (1u << k)) == 0) continue;
      if (!std::binary_search(other.words, other.words + other.kept, from.words[k])) return true;
    }
    return false;
  };
  return names_missing_from(a, b) && names_missing_from(b, a);
}

double title_similarity(TitleView a, TitleView b) {
  if (a.kept == 0 || b.kept == 0) return 0;
  const bool exact = a.kept == a.total && b.kept == b.total;
  // Walk both sorted sketches; exact: count the whole union, else only its `k` smallest.
  const std::size_t limit = exact ? std::size_t(a.kept) + b.kept : std::min(a.kept, b.kept);
  std::size_t i = 0, j = 0, seen = 0, shared = 0;
  while (seen < limit && (i < a.kept || j < b.kept)) {
    if (j == b.kept || (i < a.kept && a.words[i] < b.words[j])) {
      ++i;
    } else if (i == a.kept || b.words[j] < a.words[i]) {
      ++j;
    } else {
      ++i;
      ++j;
      ++shared;
    }
    ++seen;
  }
  return seen == 0 ? 0 : static_cast<double>(shared) / static_cast<double>(seen);
}

std::uint32_t text_band_tag(const std::uint16_t* minhash, std::size_t band, std::size_t rows) {
  std::uint64_t h = mix(0x7465787462616e64ULL + band);  // "textband"
  for (std::size_t r = 0; r < rows; ++r) h = mix(h ^ (std::uint64_t{minhash[band * rows + r]} << (16 * (r % 4))));
  return low_half(h);
}

std::uint32_t title_word_tag(std::uint32_t word) { return low_half(mix(word ^ 0x7469746c65000000ULL)); }  // "title"

std::size_t title_words_to_probe(TitleView title, double threshold) {
  const double total = title.total;
  const auto must_share = static_cast<std::size_t>(std::ceil(threshold * total - 1e-9));
  const std::size_t may_lack = title.total - std::min<std::size_t>(title.total, must_share);
  return std::min<std::size_t>(title.kept, may_lack + 1);
}

std::uint64_t url_key(std::string_view canonical_url) {
  if (canonical_url.empty()) return 0;
  // The site's front page is no story: feeds that link every item there must not merge.
  const auto scheme_end = canonical_url.find("://");
  if (scheme_end != std::string_view::npos) {
    const auto path = canonical_url.find('/', scheme_end + 3);
    if (path == std::string_view::npos || canonical_url.substr(path) == "/") return 0;
  }
  return std::max<std::uint64_t>(1, XXH3_64bits(canonical_url.data(), canonical_url.size()));
}

std::uint64_t lede_key(std::span<const std::uint32_t> lede) {
  if (lede.size() < lede_key_blocks) return 0;
  return std::max<std::uint64_t>(1, mix((std::uint64_t{lede[0]} << 32 | lede[1]) ^ 0x6c6564656b6579ULL));  // "ledekey"
}

std::uint64_t fingerprint_key(std::string_view fingerprint) {
  if (fingerprint.empty()) return 0;
  return std::max<std::uint64_t>(1, XXH3_64bits(fingerprint.data(), fingerprint.size()));
}

}  // namespace vigil::dedup
