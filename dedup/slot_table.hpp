#pragma once
// A compact multimap from 32-bit tags to 32-bit values (item numbers): open addressing with
// linear probing, 8 bytes a slot, no allocation per entry. Every index of the Deduper (URLs,
// fingerprints, LSH bands, title words, ledes) lives in one of these. A tag is a hash, so a hit
// is a candidate to verify, never a proof.
//
// The table grows by half when 80% full and shrinks when under 20%, so it stays 50-80% full
// (about 12 bytes an entry) as the window slides: linear probing reads neighbouring slots, so
// even a long probe costs few cache lines.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::dedup {

class SlotTable {
 public:
  // Entries under one tag beyond this are not added: a band shared by that many items is
  // text every one of them has (a template), and they are found through their other bands.
  static constexpr std::size_t max_per_tag = 64;

  // Adds (tag, value); false when the tag is full (see max_per_tag).
  bool insert(std::uint32_t tag, std::uint32_t value);
  // Removes one (tag, value) entry if present.
  void erase(std::uint32_t tag, std::uint32_t value);

  template <class Visit>
  void for_each(std::uint32_t tag, Visit&& visit) const {
    if (slots_.empty()) return;
    for (std::size_t i = home(tag);; i = next(i)) {
      const Slot& slot = slots_[i];
      if (slot.value == empty) return;
      if (slot.tag == tag) visit(slot.value);
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t value = empty;
  };
  static constexpr std::uint32_t empty = 0xFFFFFFFFu;

  // Any capacity works: the scrambled tag is scaled to it (multiply-shift), not masked.
  std::size_t home(std::uint32_t tag) const {
    const std::uint32_t scrambled = tag * 0x9E3779B1u;
    return static_cast<std::size_t>((std::uint64_t{scrambled} * slots_.size()) >> 32);
  }
  std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
  void rehash(std::size_t capacity);

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace vigil::dedup
