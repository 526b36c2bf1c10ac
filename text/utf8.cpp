#include "text/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace vigil::text {
namespace {

bool in(unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; }

// Whether the 32 bytes at `p` are all ASCII: one test instead of 32.
bool is_ascii_block(const char* p) {
  std::uint64_t words[4];
  std::memcpy(words, p, sizeof words);
  return ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) == 0;
}

}  // namespace

Decoded decode_utf8(std::string_view text, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t need;
  char32_t cp;
  // The second byte's range rules out overlong forms, surrogates and values past U+10FFFF.
  unsigned char lo = 0x80, hi = 0xBF;
  if (in(b0, 0xC2, 0xDF)) {
    need = 2, cp = b0 & 0x1F;
  } else if (in(b0, 0xE0, 0xEF)) {
    need = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (in(b0, 0xF0, 0xF4)) {
    need = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {};
  }
  for (std::size_t i = 1; i < need; ++i) {
    if (pos + i >= text.size()) return {replacement_character, i, false};
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if (!in(b, i == 1 ? lo : 0x80, i == 1 ? hi : 0xBF)) return {replacement_character, i, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need, true};
}

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = replacement_character;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t utf8_sequence_length(unsigned char lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

char32_t from_windows_1252(char32_t cp) {
  static constexpr std::array<char32_t, 32> c1{
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return (cp >= 0x80 && cp <= 0x9F) ? c1[cp - 0x80] : cp;
}

std::string valid_utf8(std::string_view text, C1Controls c1) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {  // copy ASCII runs whole: the common case
      std::size_t end = pos + 1;
      while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80) ++end;
      out.append(text.substr(pos, end - pos));
      pos = end;
      continue;
    }
    const Decoded d = decode_utf8(text, pos);
    if (!d.valid) append_utf8(out, replacement_character);
    else if (c1 == C1Controls::windows_1252 && d.cp <= 0x9F) append_utf8(out, from_windows_1252(d.cp));
    else out.append(text.substr(pos, d.length));
    pos += d.length;
  }
  return out;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); pos += decode_utf8(text, pos).length) ++count;
  return count;
}

std::string truncate_chars(std::string_view text, std::size_t max_chars) {
  std::size_t count = 0, pos = 0;
  while (pos < text.size() && count < max_chars) {
    pos += decode_utf8(text, pos).length;
    ++count;
  }
  if (pos >= text.size()) return valid_utf8(text);
  std::string_view kept = text.substr(0, pos);
  // Prefer a word break if one is close to the cut.
  if (auto space = kept.find_last_of(" \n\t"); space != std::string_view::npos && space + 40 > kept.size())
    kept = kept.substr(0, space);
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == '\n' || kept.back() == '\t')) kept.remove_suffix(1);
  return valid_utf8(kept) + "\xE2\x80\xA6";
}

std::string truncate_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up over continuation bytes to the start of the sequence that would be split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

bool is_ascii(std::string_view text) {
  std::size_t pos = 0;
  for (; pos + 32 <= text.size(); pos += 32)
    if (!is_ascii_block(text.data() + pos)) return false;
  for (; pos < text.size(); ++pos)
    if (static_cast<unsigned char>(text[pos]) >= 0x80) return false;
  return true;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (pos + 32 <= text.size() && is_ascii_block(text.data() + pos)) {
      pos += 32;
      continue;
    }
    // A block with something else in it: decode it character by character.
    const std::size_t block_end = std::min(pos + 32, text.size());
    while (pos < block_end) {
      if (static_cast<unsigned char>(text[pos]) < 0x80) {
        ++pos;
        continue;
      }
      const Decoded d = decode_utf8(text, pos);
      if (!d.valid) return false;
      pos += d.length;
    }
  }
  return true;
}

bool is_unicode_space(char32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0) return true;
  if (cp < 0x1680) return false;
  // Zs, Zl and Zp: a small set the Unicode standard has kept stable for years.
  return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace vigil::text
