#include "topics/snippet.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/utf8.hpp"

namespace vigil::topics::detail {
namespace {

constexpr std::string_view kEllipsis = "…";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Of eight bytes, how many start a character (are not continuation bytes 10xxxxxx).
int character_starts(const char* bytes) {
  std::uint64_t eight;
  std::memcpy(&eight, bytes, 8);
  if ((eight & 0x8080808080808080ull) == 0) return 8;  // ASCII, the common case
  const std::uint64_t continuations = (eight & ~(eight << 1) & 0x8080808080808080ull) >> 7;  // 1 per byte
  return 8 - static_cast<int>((continuations * 0x0101010101010101ull) >> 56);  // the bytes' sum, in the top one
}

// The byte offset `chars` code points after `from` (or the end). Called for every hit of every
// match, so it counts eight bytes at a time: in an ASCII text a code point is a byte, and in a
// valid one it is a byte that starts a character (from `from` on, when `from` starts one).
std::size_t advance_chars(std::string_view text, std::size_t from, std::size_t chars, TextFacts facts) {
  if (facts.ascii) return from + std::min(chars, text.size() - std::min(from, text.size()));
  if (facts.valid_utf8 && from < text.size() && !is_continuation(text[from])) {
    for (; from + 8 <= text.size(); from += 8) {
      const auto starts = static_cast<std::size_t>(character_starts(text.data() + from));
      if (starts > chars) break;
      chars -= starts;
    }
    // The first character start after `chars` more of them; `from` may be inside a character
    // whose start was counted.
    for (; from < text.size(); ++from)
      if (!is_continuation(text[from]) && chars-- == 0) break;
    return from;
  }
  while (from < text.size() && chars-- > 0)
    from += static_cast<unsigned char>(text[from]) < 0x80 ? 1 : text::decode_utf8(text, from).length;
  return from;
}

// The byte offset `chars` code points before `from` (or 0).
std::size_t retreat_chars(std::string_view text, std::size_t from, std::size_t chars, TextFacts facts) {
  if (facts.ascii) return from - std::min(from, chars);
  if (facts.valid_utf8 && chars > 0 && (from == text.size() || (from < text.size() && !is_continuation(text[from])))) {
    // Whole blocks while they start fewer characters than remain to go back over, so the
    // character to stop at is never inside a skipped block.
    for (; from >= 8; from -= 8) {
      const auto starts = static_cast<std::size_t>(character_starts(text.data() + from - 8));
      if (starts >= chars) break;
      chars -= starts;
    }
    while (from > 0) {
      --from;
      if (!is_continuation(text[from]) && --chars == 0) break;
    }
    return from;
  }
  while (from > 0 && chars-- > 0) {
    --from;
    while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
  }
  return from;
}

// Whether text[begin, end) is valid UTF-8. In a valid text, a window is valid when it neither
// starts nor ends inside a character (a regex hit may: RE2's \C matches one byte).
bool valid_window(std::string_view text, std::size_t begin, std::size_t end, TextFacts facts) {
  if (facts.ascii) return true;
  if (facts.valid_utf8)
    return begin == end || (!is_continuation(text[begin]) && (end == text.size() || !is_continuation(text[end])));
  return text::is_valid_utf8(text.substr(begin, end - begin));
}

// Sorted, overlapping or touching ranges merged, in place.
void merge(std::vector<Highlight>& hits) {
  std::sort(hits.begin(), hits.end(),
            [](const Highlight& a, const Highlight& b) { return a.begin < b.begin || (a.begin == b.begin && a.end > b.end); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (kept > 0 && hits[i].begin <= hits[kept - 1].end) hits[kept - 1].end = std::max(hits[kept - 1].end, hits[i].end);
    else hits[kept++] = hits[i];
  }
  hits.resize(kept);
}

}  // namespace

Snippet make_snippet(std::string_view text, std::vector<Highlight>& hits, std::size_t max_chars, TextFacts facts) {
  merge(hits);
  std::erase_if(hits, [&](const Highlight& h) { return h.end > text.size() || h.begin >= h.end; });

  // The hit that starts the densest stretch of two thirds of the window.
  std::size_t best = 0;
  std::size_t best_count = 0;
  // Merged hits ascend in both ends, and so do the limits: one sliding window counts them.
  std::size_t stop = 0;
  // (A stretch holds at most the hits from its first on: once they are no more than the best
  // count, no later stretch can beat it.)
  for (std::size_t i = 0; i < hits.size() && hits.size() - i > best_count; ++i) {
    const std::size_t limit = advance_chars(text, hits[i].begin, max_chars * 2 / 3, facts);
    stop = std::max(stop, i);
    while (stop < hits.size() && hits[stop].end <= limit) ++stop;
    const std::size_t count = stop - i;
    if (count > best_count) {
      best = i;
      best_count = count;
    }
  }

  // Start a little before the hit, at the beginning of a word.
  std::size_t begin = 0;
  if (!hits.empty()) {
    const std::size_t anchor = hits[best].begin;
    begin = retreat_chars(text, anchor, max_chars / 4, facts);
    if (begin > 0 && !is_space(text[begin - 1])) {
      std::size_t next = begin;
      while (next < anchor && !is_space(text[next])) ++next;
      begin = next;  // the hit itself when no space comes first
    }
  }
  while (begin < text.size() && is_space(text[begin])) ++begin;

  // End after at most max_chars, at the end of a word, and never inside the anchor hit.
  std::size_t end = advance_chars(text, begin, max_chars, facts);
  if (end < text.size() && !is_space(text[end])) {
    std::size_t space = end;
    while (space > begin && !is_space(text[space - 1])) --space;
    const std::size_t keep = hits.empty() ? begin : hits[best].end;
    if (space > begin && space >= keep) end = space;
  }
  while (end > begin && is_space(text[end - 1])) --end;

  Snippet out;
  if (begin > 0) out.text = kEllipsis;
  const std::size_t shift = out.text.size();
  const std::string_view window = text.substr(begin, end - begin);
  // Items from the parser are valid UTF-8; anything else is repaired, without highlights
  // (their offsets would no longer hold).
  const bool valid = valid_window(text, begin, end, facts);
  out.text.reserve(shift + window.size() + kEllipsis.size());
  if (valid) out.text.append(window);
  else out.text.append(text::valid_utf8(window));
  if (end < text.size()) out.text.append(kEllipsis);
  if (!valid) return out;
  auto inside = [&](const Highlight& hit) { return hit.begin >= begin && hit.end <= end; };
  out.highlights.reserve(static_cast<std::size_t>(std::count_if(hits.begin(), hits.end(), inside)));  // one allocation
  for (const auto& hit : hits)
    if (inside(hit)) out.highlights.push_back({hit.begin - begin + shift, hit.end - begin + shift});
  return out;
}

}  // namespace vigil::topics::detail
