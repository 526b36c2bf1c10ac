// The fingerprint normalizes only what does not change the story: ASCII case, markup (tags,
// comments, scripts), character references and whitespace. It needs to be stable, not
// linguistically clever, so it uses text/ (a leaf shared by all stages), not topics/.
#include <string>
#include <string_view>
#include <xxhash.h>

#include "dedup/canonical_url.hpp"
#include "text/html.hpp"

namespace vigil::dedup {
namespace {

// Appends the plain text of `html` on one line (runs of whitespace and U+00A0 as one space,
// ends trimmed), lower-cased (ASCII). Tags that separate words count as whitespace, so
// "<p>a</p><p>b</p>" reads "a b" while "<b>a</b>b" reads "ab".
void append_normalized(std::string& out, std::string_view html) {
  const std::string plain = text::html_to_text(html, {.layout = text::TextLayout::one_line});
  for (const char c : plain) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
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
