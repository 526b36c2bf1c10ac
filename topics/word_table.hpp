#pragma once
// What each word means to one compiled matcher: its key in every stemming language and the
// patterns it anchors. News repeats its words from item to item (their frequencies follow
// Zipf's law), so each thread remembers this per matcher across items: a token then costs one
// hash lookup instead of a stem and an index lookup per language and prefix length.
// Private to topics/.
#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "topics/compiled.hpp"

namespace vigil::topics::detail {

struct WordEntry {
  // keys[lang]: the word's stem in language `lang` (Compiled::languages), the word itself for
  // "", empty when the item is not read in that language (its declared language holds that
  // stemmer back).
  std::vector<std::string> keys;
  std::vector<std::span<const Anchor>> anchored;  // by stem, then as a prefix
};

// A word as the table knows it: its entry, and whether it anchors any pattern (known without
// reading the entry, which for most words the matcher never needs).
struct WordRef {
  const WordEntry* entry = nullptr;
  bool anchors = false;
};

class WordTable {
 public:
  // This thread's table for `compiled` and the language `item` declares. Entries found stay
  // valid until the next call of for_item on this thread.
  static WordTable& for_item(const Compiled& compiled, const Item& item);

  // What `word` means to the matcher; `hash` is hash(word).
  WordRef find(std::string_view word, std::uint64_t hash);

  // For reading many words: the table is larger than the L1 cache, so a caller that knows which
  // words come next asks for their slot a few words ahead.
  static std::uint64_t hash(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }
  void prefetch_slot(std::uint64_t hash) const {
    if (!probes_.empty()) __builtin_prefetch(&probes_[hash & (probes_.size() - 1)]);
  }

 private:
  enum class Key : std::uint8_t { word, stem, none };
  struct Slot {
    Key kind = Key::none;
    std::size_t stemmer = 0;  // for Key::stem
  };

  WordTable(const Compiled& compiled, const std::string& own_language);

  const Compiled* compiled_;
  std::vector<Slot> slots_;
  // Remembered words in an open-addressing table of probes: a probe holds the word's hash, a
  // short word itself and whether it anchors anything, so most tokens cost one read of one
  // probe (two fit in a cache line). Entries live in a deque, which keeps them in place as it
  // grows.
  struct Remembered {
    std::string word;
    WordEntry entry;
  };
  static constexpr std::size_t kInlineBytes = 14;
  struct Probe {
    std::uint64_t hash = 0;
    Remembered* remembered = nullptr;  // null: an empty slot
    std::uint8_t size = 0;  // the word's size when it is held in `word`, else kLongWord
    bool anchors = false;
    std::array<char, kInlineBytes> word{};
  };
  static_assert(sizeof(Probe) == 32, "two probes to a cache line");
  static constexpr std::uint8_t kLongWord = 0xFF;
  static bool holds(const Probe& probe, std::string_view word, std::uint64_t hash);
  WordEntry make_entry(std::string_view word);
  void forget_all();
  void grow();
  std::deque<Remembered> remembered_;
  std::vector<Probe> probes_;  // a power of two in size, at most half full
  std::deque<WordEntry> transient_;  // long words, for the current item only
  std::string anchor_key_;
};

}  // namespace vigil::topics::detail
