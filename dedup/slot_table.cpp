#include "dedup/slot_table.hpp"

#include <algorithm>

namespace vigil::dedup {

namespace {
constexpr std::size_t min_capacity = 64;
}  // namespace

bool SlotTable::insert(std::uint32_t tag, std::uint32_t value) {
  if (slots_.empty() || (size_ + 1) * 5 > slots_.size() * 4) rehash(std::max(min_capacity, slots_.size() * 3 / 2));
  std::size_t same = 0;
  std::size_t i = home(tag);
  for (; slots_[i].value != empty; i = next(i)) {
    if (slots_[i].tag == tag && ++same >= max_per_tag) return false;
  }
  slots_[i] = {tag, value};
  ++size_;
  return true;
}

void SlotTable::erase(std::uint32_t tag, std::uint32_t value) {
  if (slots_.empty()) return;
  std::size_t i = home(tag);
  for (;; i = next(i)) {
    if (slots_[i].value == empty) return;
    if (slots_[i].tag == tag && slots_[i].value == value) break;
  }
  // Backward-shift deletion: move later entries of the run into the hole when their home
  // allows it, so no tombstones pile up as the window slides.
  std::size_t hole = i;
  for (std::size_t j = next(hole); slots_[j].value != empty; j = next(j)) {
    const std::size_t want = home(slots_[j].tag);
    // The entry at j may fill the hole unless its home lies in (hole, j] (cyclically).
    const bool home_after_hole = hole <= j ? (want > hole && want <= j) : (want > hole || want <= j);
    if (!home_after_hole) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = Slot{};
  --size_;
  if (slots_.size() > min_capacity && size_ * 5 < slots_.size()) rehash(std::max(min_capacity, size_ * 2));
}

void SlotTable::rehash(std::size_t capacity) {
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  for (const Slot& slot : old) {
    if (slot.value == empty) continue;
    std::size_t i = home(slot.tag);
    while (slots_[i].value != empty) i = next(i);
    slots_[i] = slot;
  }
}

}  // namespace vigil::dedup
