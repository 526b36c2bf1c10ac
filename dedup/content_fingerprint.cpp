// The fingerprint deliberately uses its own small normalization (ASCII case, tags, a few
// character references, whitespace) instead of topics/: dedup must not depend on another
// stage, and a fingerprint only needs to be stable, not linguistically clever.
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <xxhash.h>

#include "dedup/canonical_url.hpp"

namespace vigil::dedup {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> references{{
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
}};

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Appends `text` lower-cased (ASCII), without tags, with runs of whitespace (and &nbsp;,
// U+00A0) as one space. Tags count as whitespace, so "<p>a</p><p>b</p>" reads "a b".
void append_normalized(std::string& out, std::string_view text) {
  bool pending_space = false;
  auto put = [&](std::string_view piece) {
    if (pending_space && !out.empty() && out.back() != '\x1f') out.push_back(' ');
    pending_space = false;
    out.append(piece);
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '<' && pos + 1 < text.size() &&
        (std::isalpha(static_cast<unsigned char>(text[pos + 1])) || text[pos + 1] == '/' ||
         text[pos + 1] == '!')) {
      const auto end = text.find('>', pos);
      pos = end == std::string_view::npos ? text.size() : end + 1;
      pending_space = true;
      continue;
    }
    if (is_space(c)) {
      pending_space = true;
      ++pos;
      continue;
    }
    if (c == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
      pending_space = true;  // U+00A0 no-break space
      pos += 2;
      continue;
    }
    if (c == '&') {
      if (text.compare(pos, 6, "&nbsp;") == 0) {
        pending_space = true;
        pos += 6;
        continue;
      }
      bool decoded = false;
      for (const auto& [reference, replacement] : references) {
        if (text.compare(pos, reference.size(), reference) == 0) {
          put(replacement);
          pos += reference.size();
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    put(std::string_view(&lower, 1));
    ++pos;
  }
}

}  // namespace

std::string content_fingerprint(const Item& item) {
  std::string normalized;
  normalized.reserve(item.title.size() + item.summary.size() + item.content.size() + 2);
  append_normalized(normalized, item.title);
  normalized.push_back('\x1f');  // fields stay apart: text moving between them is a change
  append_normalized(normalized, item.summary);
  normalized.push_back('\x1f');
  append_normalized(normalized, item.content);

  const XXH128_hash_t hash = XXH3_128bits(normalized.data(), normalized.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof canonical.digest);
  for (const unsigned char byte : canonical.digest) {
    hex.push_back(digits[byte >> 4]);
    hex.push_back(digits[byte & 0xF]);
  }
  return hex;
}

}  // namespace vigil::dedup
