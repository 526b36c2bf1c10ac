#pragma once
// Private to dedup/: the 64-bit finalizer of MurmurHash3 (fmix64), which spreads every input
// bit over the whole word; used to derive independent hashes from one.
#include <cstdint>

namespace vigil::dedup::detail {

inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace vigil::dedup::detail
