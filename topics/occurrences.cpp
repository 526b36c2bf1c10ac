// Finding where leaves occur: index lookups for words and prefixes, one RE2::Set pass per field
// for regexes.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "topics/occurrences.hpp"
#include "topics/scratch.hpp"

namespace vigil::topics::detail {
namespace {

bool word_at(const FieldText& field, const Pattern& pattern, std::size_t i, std::size_t token) {
  const auto& word = pattern.words[i];
  if (word.prefix) return field.tokens.word(token).starts_with(word.key);
  return field.key(pattern.lang, token) == word.key;
}

// Words i.. of the pattern, the first starting at `position`; `last` gets the last token.
bool match_forward(const FieldText& field, const Pattern& pattern, std::size_t i, std::size_t position,
                   std::size_t& last) {
  if (position >= field.positions()) return false;
  for (std::size_t t = field.first_at[position]; t < field.first_at[position + 1]; ++t) {
    if (!word_at(field, pattern, i, t)) continue;
    if (i + 1 == pattern.words.size()) {
      last = t;
      return true;
    }
    if (match_forward(field, pattern, i + 1, position + field.token(t).span, last)) return true;
  }
  return false;
}

// Words ..i of the pattern, the last one ending just before `end_position` (a plain word at
// end_position - 1, or a compound that ends there); `first` gets the first token.
bool match_backward(const FieldText& field, const Pattern& pattern, std::size_t i,
                    std::size_t end_position, std::size_t& first) {
  for (std::size_t q = end_position; q-- > 0 && end_position - q <= field.max_span;) {
    for (std::size_t t = field.first_at[q]; t < field.first_at[q + 1]; ++t) {
      const auto& token = field.token(t);
      if (token.position + token.span != end_position || !word_at(field, pattern, i, t)) continue;
      if (i == 0) {
        first = t;
        return true;
      }
      if (match_backward(field, pattern, i - 1, q, first)) return true;
    }
  }
  return false;
}

void try_pattern(const Compiled& compiled, const FieldText& field, FieldIndex index, PatternId id,
                 std::size_t token, std::vector<Occurrence>& out) {
  const auto& pattern = compiled.patterns[id];
  std::size_t first = token;
  std::size_t last = token;
  const auto& anchor = field.token(token);
  if (pattern.anchor > 0 && !match_backward(field, pattern, pattern.anchor - 1, anchor.position, first))
    return;
  if (pattern.anchor + 1 < pattern.words.size() &&
      !match_forward(field, pattern, pattern.anchor + 1, anchor.position + anchor.span, last))
    return;
  const auto& a = field.token(first);
  const auto& b = field.token(last);
  out.push_back(Occurrence{pattern.leaf, index, false, static_cast<std::uint32_t>(a.position),
                           static_cast<std::uint32_t>(b.position + b.span), a.begin, b.end});
}

// The patterns each word anchors were looked up once per distinct word (word_table.hpp), and
// reading the item noted which tokens anchor any. A pattern of one word occurs where its
// anchor does.
void find_words(const Compiled& compiled, const FieldText& field, FieldIndex index,
                std::vector<Occurrence>& out) {
  const auto in_field = static_cast<std::uint8_t>(1u << index);
  // Each token's anchors lie two pointers away from its entry (which read_document fetched),
  // in places no cache holds: fetch its list of them six tokens ahead and the anchors three
  // ahead, so the misses overlap.
  const auto& anchoring = field.anchoring;
  constexpr std::size_t kListAhead = 6;
  constexpr std::size_t kAnchorsAhead = 3;
  for (std::size_t i = 0; i < std::min(anchoring.size(), kListAhead); ++i)
    __builtin_prefetch(field.words[anchoring[i]]->anchored.data());
  for (std::size_t i = 0; i < anchoring.size(); ++i) {
    if (i + kListAhead < anchoring.size()) __builtin_prefetch(field.words[anchoring[i + kListAhead]]->anchored.data());
    if (i + kAnchorsAhead < anchoring.size())
      for (const auto anchors : field.words[anchoring[i + kAnchorsAhead]]->anchored) __builtin_prefetch(anchors.data());
    const std::size_t t = anchoring[i];
    const auto& token = field.token(t);
    for (const auto anchors : field.words[t]->anchored)
      for (const Anchor& anchor : anchors) {
        if (!(anchor.fields & in_field)) continue;
        if (anchor.alone)
          out.push_back(Occurrence{anchor.leaf, index, false, static_cast<std::uint32_t>(token.position),
                                   static_cast<std::uint32_t>(token.position + token.span), token.begin, token.end});
        else
          try_pattern(compiled, field, index, anchor.pattern, t, out);
      }
  }
}

// A regex counts each of its first few matches in a field (enough for scoring).
constexpr int kMaxRegexHits = 16;

void find_regexes(const Compiled& compiled, const FieldText& field, FieldIndex index,
                  std::vector<Occurrence>& out) {
  const auto& set = compiled.regex_sets[index];
  if (!set || field.text.empty()) return;
  std::vector<int> matched;
  if (!set->Match(field.text, &matched)) return;
  const re2::StringPiece text(field.text);
  for (const int member : matched) {
    const std::size_t regex = compiled.regex_set_members[index][static_cast<std::size_t>(member)];
    std::size_t from = 0;
    for (int hit = 0; hit < kMaxRegexHits && from <= text.size(); ++hit) {
      re2::StringPiece found;
      if (!compiled.regexes[regex]->Match(text, from, text.size(), re2::RE2::UNANCHORED, &found, 1)) break;
      const auto begin = static_cast<std::size_t>(found.data() - text.data());
      const auto end = begin + found.size();
      out.push_back(Occurrence{compiled.regex_leaves[regex], index, true, 0, 0, begin, end});
      from = end > begin ? end : end + 1;  // an empty match must still move on
    }
  }
}

bool before(const Occurrence& a, const Occurrence& b) {
  if (a.leaf != b.leaf) return a.leaf < b.leaf;
  if (a.field != b.field) return a.field < b.field;
  if (a.start != b.start) return a.start < b.start;
  if (a.begin_byte != b.begin_byte) return a.begin_byte < b.begin_byte;
  return a.end_byte < b.end_byte;  // equal occurrences must lie side by side for unique()
}

// A sort key: leaf, field and start packed into one integer, and the occurrence's index.
struct Keyed {
  std::uint64_t key;
  std::uint32_t index;
};

// Sorts by key, keeping the order of equal keys, one byte at a time from the lowest (only the
// bytes where keys differ): no comparisons, so no mispredicted branches, which cost std::sort
// most of its time on keys in random order.
void radix_sort(std::vector<Keyed>& keys, std::vector<Keyed>& scratch) {
  std::uint64_t differ = 0;
  for (const auto& keyed : keys) differ |= keyed.key ^ keys.front().key;
  scratch.resize(keys.size());
  for (unsigned shift = 0; shift < 64; shift += 8) {
    if (((differ >> shift) & 0xFF) == 0) continue;
    std::array<std::uint32_t, 256> next{};
    for (const auto& keyed : keys) ++next[(keyed.key >> shift) & 0xFF];
    std::uint32_t total = 0;
    for (auto& count : next) total += std::exchange(count, total);
    for (const auto& keyed : keys) scratch[next[(keyed.key >> shift) & 0xFF]++] = keyed;
    keys.swap(scratch);
  }
}

// Sorts by before(). Leaf, field and start decide nearly every comparison: they are packed
// into one integer and sorted with the index of their occurrence, whose bytes are compared
// only among equal keys.
void sort_occurrences(std::vector<Occurrence>& out) {
  constexpr std::uint32_t kMaxStart = (1u << 30) - 1;  // 30 bits: a field of a billion words
  constexpr std::size_t kRadixFrom = 64;               // fewer keys sort faster by comparison
  thread_local std::vector<Keyed> keys;
  thread_local std::vector<Keyed> scratch;
  thread_local std::vector<Occurrence> sorted;
  bool packed = out.size() <= UINT32_MAX;
  reuse(keys);
  reuse(scratch);
  for (std::size_t i = 0; packed && i < out.size(); ++i) {
    const auto& occurrence = out[i];
    packed = occurrence.start <= kMaxStart;
    keys.push_back({(std::uint64_t{occurrence.leaf} << 32) | (std::uint64_t{occurrence.field} << 30) | occurrence.start,
                    static_cast<std::uint32_t>(i)});
  }
  if (!packed) {
    std::sort(out.begin(), out.end(), before);
    return;
  }
  auto bytes_before = [&out](const Keyed& a, const Keyed& b) {
    const auto& x = out[a.index];
    const auto& y = out[b.index];
    return x.begin_byte != y.begin_byte ? x.begin_byte < y.begin_byte : x.end_byte < y.end_byte;
  };
  if (keys.size() < kRadixFrom) {
    std::sort(keys.begin(), keys.end(),
              [&](const Keyed& a, const Keyed& b) { return a.key != b.key ? a.key < b.key : bytes_before(a, b); });
  } else {
    radix_sort(keys, scratch);
    for (std::size_t i = 0; i < keys.size();) {  // runs of equal keys: few, and short
      std::size_t j = i + 1;
      while (j < keys.size() && keys[j].key == keys[i].key) ++j;
      if (j - i > 1) std::sort(keys.begin() + static_cast<std::ptrdiff_t>(i), keys.begin() + static_cast<std::ptrdiff_t>(j), bytes_before);
      i = j;
    }
  }
  reuse(sorted);
  for (const auto& keyed : keys) sorted.push_back(out[keyed.index]);
  out.swap(sorted);
}

}  // namespace

void find_occurrences(const Document& document, const Compiled& compiled, std::vector<Occurrence>& out) {
  reuse(out);
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    const auto index = static_cast<FieldIndex>(f);
    find_words(compiled, document.fields[f], index, out);
    find_regexes(compiled, document.fields[f], index, out);
  }
  sort_occurrences(out);
  // A leaf found twice at one place (two languages, or written and joined) counts once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Occurrence& a, const Occurrence& b) {
                          return a.leaf == b.leaf && a.field == b.field && a.begin_byte == b.begin_byte &&
                                 a.end_byte == b.end_byte;
                        }),
            out.end());
}

}  // namespace vigil::topics::detail
