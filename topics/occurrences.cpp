// Finding where leaves occur: index lookups for words and prefixes, one RE2::Set pass per field
// for regexes.
#include <algorithm>
#include <string>

#include "topics/occurrences.hpp"

namespace vigil::topics::detail {
namespace {

bool word_at(const FieldText& field, const Pattern& pattern, std::size_t i, std::size_t token) {
  const auto& word = pattern.words[i];
  if (word.prefix) return std::string_view(field.tokens[token].word).starts_with(word.key);
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
    if (match_forward(field, pattern, i + 1, position + field.tokens[t].span, last)) return true;
  }
  return false;
}

// Words ..i of the pattern, the last one ending just before `end_position` (a plain word at
// end_position - 1, or a compound that ends there); `first` gets the first token.
bool match_backward(const FieldText& field, const Pattern& pattern, std::size_t i,
                    std::size_t end_position, std::size_t& first) {
  for (std::size_t q = end_position; q-- > 0 && end_position - q <= field.max_span;) {
    for (std::size_t t = field.first_at[q]; t < field.first_at[q + 1]; ++t) {
      const auto& token = field.tokens[t];
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
  if (!(pattern.fields & (1u << index))) return;
  std::size_t first = token;
  std::size_t last = token;
  const auto& anchor = field.tokens[token];
  if (pattern.anchor > 0 && !match_backward(field, pattern, pattern.anchor - 1, anchor.position, first))
    return;
  if (pattern.anchor + 1 < pattern.words.size() &&
      !match_forward(field, pattern, pattern.anchor + 1, anchor.position + anchor.span, last))
    return;
  const auto& a = field.tokens[first];
  const auto& b = field.tokens[last];
  out.push_back(Occurrence{pattern.leaf, index, false, static_cast<std::uint32_t>(a.position),
                           static_cast<std::uint32_t>(b.position + b.span), a.begin, b.end});
}

// The patterns each word anchors were looked up once per distinct word (word_table.hpp), and
// reading the item noted which tokens anchor any.
void find_words(const Compiled& compiled, const FieldText& field, FieldIndex index,
                std::vector<Occurrence>& out) {
  for (const std::size_t t : field.anchoring)
    for (const auto ids : field.words[t]->anchored)
      for (const PatternId id : ids) try_pattern(compiled, field, index, id, t, out);
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

}  // namespace

void find_occurrences(const Document& document, const Compiled& compiled, std::vector<Occurrence>& out) {
  out.clear();
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    const auto index = static_cast<FieldIndex>(f);
    find_words(compiled, document.fields[f], index, out);
    find_regexes(compiled, document.fields[f], index, out);
  }
  std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    if (a.leaf != b.leaf) return a.leaf < b.leaf;
    if (a.field != b.field) return a.field < b.field;
    if (a.start != b.start) return a.start < b.start;
    if (a.begin_byte != b.begin_byte) return a.begin_byte < b.begin_byte;
    return a.end_byte < b.end_byte;  // equal occurrences must lie side by side for unique()
  });
  // A leaf found twice at one place (two languages, or written and joined) counts once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Occurrence& a, const Occurrence& b) {
                          return a.leaf == b.leaf && a.field == b.field && a.begin_byte == b.begin_byte &&
                                 a.end_byte == b.end_byte;
                        }),
            out.end());
}

}  // namespace vigil::topics::detail
