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
#include <unordered_map>
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

  const WordEntry& entry(std::string_view word);

 private:
  enum class Key : std::uint8_t { word, stem, none };
  struct Slot {
    Key kind = Key::none;
    std::size_t stemmer = 0;  // for Key::stem
  };

  WordTable(const Compiled& compiled, const std::string& own_language);

  const Compiled* compiled_;
  std::vector<Slot> slots_;
  std::unordered_map<std::string, WordEntry, TransparentHash, std::equal_to<>> entries_;
  std::deque<WordEntry> transient_;  // long words, for the current item only
  std::string anchor_key_;
};

}  // namespace vigil::topics::detail
