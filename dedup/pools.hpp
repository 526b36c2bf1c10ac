#pragma once
// Storage for a sliding window of a million items without the slack of a doubling vector:
// fixed-size slots in chunks, and variable-length runs of 32-bit words in size classes. Freed
// slots and runs are reused, so memory follows the number of items in the window.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace vigil::dedup {

// Slots of T, allocated chunk by chunk, addressed by a 32-bit number.
template <class T, std::size_t PerChunk = 4096>
class SlotPool {
 public:
  std::uint32_t allocate() {
    if (!free_.empty()) {
      const auto slot = free_.back();
      free_.pop_back();
      return slot;
    }
    if (used_ == chunks_.size() * PerChunk) chunks_.push_back(std::make_unique<T[]>(PerChunk));
    return static_cast<std::uint32_t>(used_++);
  }
  void release(std::uint32_t slot) {
    (*this)[slot] = T{};
    free_.push_back(slot);
    if (free_.size() == used_) clear();  // all free: give the memory back
  }
  T& operator[](std::uint32_t slot) { return chunks_[slot / PerChunk][slot % PerChunk]; }
  const T& operator[](std::uint32_t slot) const { return chunks_[slot / PerChunk][slot % PerChunk]; }

  std::size_t memory_bytes() const {
    return chunks_.size() * PerChunk * sizeof(T) + chunks_.capacity() * sizeof(void*) +
           free_.capacity() * sizeof(std::uint32_t);
  }

 private:
  void clear() {
    decltype(chunks_)().swap(chunks_);
    decltype(free_)().swap(free_);
    used_ = 0;
  }
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::vector<std::uint32_t> free_;
  std::size_t used_ = 0;
};

// Runs of up to MaxRun 32-bit words, addressed by the offset of their first word. A freed run
// is reused by the next run of the same length.
template <std::size_t MaxRun>
class RunPool {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;

  std::uint32_t allocate(std::size_t length) {
    if (length == 0) return none;
    auto& reusable = free_[length];
    if (!reusable.empty()) {
      const auto offset = reusable.back();
      reusable.pop_back();
      return offset;
    }
    if (chunks_.empty() || fill_ + length > per_chunk) {
      chunks_.push_back(std::make_unique<std::uint32_t[]>(per_chunk));
      fill_ = 0;
    }
    const auto offset = static_cast<std::uint32_t>((chunks_.size() - 1) * per_chunk + fill_);
    fill_ += length;
    return offset;
  }
  void release(std::uint32_t offset, std::size_t length) {
    if (length == 0) return;
    free_[length].push_back(offset);
  }
  // Forgets every run (when none is in use any more).
  void clear() {
    decltype(chunks_)().swap(chunks_);
    for (auto& list : free_) std::vector<std::uint32_t>().swap(list);
    fill_ = 0;
  }
  std::uint32_t* at(std::uint32_t offset) { return &chunks_[offset / per_chunk][offset % per_chunk]; }
  const std::uint32_t* at(std::uint32_t offset) const { return &chunks_[offset / per_chunk][offset % per_chunk]; }

  std::size_t memory_bytes() const {
    std::size_t bytes = chunks_.size() * per_chunk * sizeof(std::uint32_t) + chunks_.capacity() * sizeof(void*);
    for (const auto& list : free_) bytes += list.capacity() * sizeof(std::uint32_t);
    return bytes;
  }

 private:
  static constexpr std::size_t per_chunk = 1 << 16;
  static_assert(MaxRun <= per_chunk);
  std::vector<std::unique_ptr<std::uint32_t[]>> chunks_;
  std::vector<std::uint32_t> free_[MaxRun + 1];
  std::size_t fill_ = 0;
};

}  // namespace vigil::dedup
