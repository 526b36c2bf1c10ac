#pragma once
// The matcher keeps per-thread buffers from item to item, so that their capacity is reused
// rather than allocated again. Private to topics/.
#include <cstddef>

namespace vigil::topics::detail {

// Releases a reused buffer that an unusually large item grew past a megabyte, so that such an
// item does not stay allocated for the life of the thread; smaller ones are left as they are.
template <typename Buffer>
void release_if_large(Buffer& buffer) {
  constexpr std::size_t kKeptBytes = std::size_t{1} << 20;
  if (buffer.capacity() * sizeof(typename Buffer::value_type) > kKeptBytes) Buffer().swap(buffer);
}

// Empties a reused buffer (releasing it if large).
template <typename Buffer>
void reuse(Buffer& buffer) {
  release_if_large(buffer);
  buffer.clear();
}

}  // namespace vigil::topics::detail
