#pragma once
// What each word means to one compiled matcher: its key in every stemming language and the
// patterns it anchors. News repeats its words from item to item (their frequencies follow
// Zipf's law), so each thread remembers this per matcher across items: a token then costs one
// hash lookup instead of a stem and an index lookup per language and prefix length.
// Private to topics/.
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
  std::vector<std::span<const PatternId>> anchored;  // by stem, then as a prefix
};

class WordTable {
 public:
  // This thread's table for `compiled` and the language `item` declares. References returned by
  // entry() stay valid until the next call of for_item on this thread.
  static WordTable& for_item(const Compiled& compiled, const Item& item);

  const WordEntry& entry(std::string_view word) { return entry(word, hash(word)); }
  const WordEntry& entry(std::string_view word, std::uint64_t hash);

  // For reading many words: the table is larger than the caches, so a caller that knows which
  // words come next asks for their slot, then for their entry, a few words ahead.
  static std::uint64_t hash(std::string_view word);
  void prefetch_slot(std::uint64_t hash) const;
  void prefetch_entry(std::uint64_t hash) const;

 private:
  enum class Key : std::uint8_t { word, stem, none };
  struct Slot {
    Key kind = Key::none;
    std::size_t stemmer = 0;  // for Key::stem
  };

  WordTable(const Compiled& compiled, const std::string& own_language);

  const Compiled* compiled_;
  std::vector<Slot> slots_;
  // Remembered words in an open-addressing table of (hash, entry) slots: a lookup reads one
  // slot and, when the hashes agree, one word, where a node-based map chases two pointers and
  // compares words along its chains. The deque keeps entries in place as it grows.
  struct Remembered {
    std::string word;
    WordEntry entry;
  };
  struct Probe {
    std::uint64_t hash = 0;
    Remembered* remembered = nullptr;  // null: empty slot
  };
  void forget_all();
  void grow();
  std::deque<Remembered> remembered_;
  std::vector<Probe> probes_;  // a power of two in size, at most half full
  std::deque<WordEntry> transient_;  // long words, for the current item only
  std::string anchor_key_;
};

}  // namespace vigil::topics::detail
