#include "text/whitespace.hpp"

#include "text/utf8.hpp"

namespace vigil::text {
namespace {

constexpr std::string_view replacement_bytes = "\xEF\xBF\xBD";

bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// Calls f(code_point, bytes) for each code point of `text`, U+FFFD for invalid sequences.
template <typename F>
void for_each_code_point(std::string_view text, F&& f) {
  for (std::size_t pos = 0; pos < text.size();) {
    const Decoded d = decode_utf8(text, pos);
    f(d.cp, d.valid ? text.substr(pos, d.length) : replacement_bytes);
    pos += d.length;
  }
}

// Whether collapse_whitespace would return `text` unchanged: spaces only single and inside, no
// other whitespace and no U+00A0 (any 0xC2 byte sends a text the long way, to be safe).
bool is_collapsed(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  bool odd = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool double_space = c == ' ' && i + 1 < text.size() && text[i + 1] == ' ';
    odd |= (c >= '\t' && c <= '\r') | (c == 0xC2) | double_space;
  }
  return !odd;
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string collapse_whitespace(std::string_view text) {
  if (is_collapsed(text)) return std::string(text);  // most titles and names
  auto is_nbsp_at = [&](std::size_t i) { return text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0'; };
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_ascii_space(text[i])) {
      pending_space = true;
      ++i;
    } else if (is_nbsp_at(i)) {
      pending_space = true;
      i += 2;
    } else {  // a run of other characters, copied at once
      std::size_t end = i + 1;
      while (end < text.size() && !is_ascii_space(text[end]) && !is_nbsp_at(end)) ++end;
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(text.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
    if (cp == ' ' || is_control(cp)) {
      pending_space = true;
      return;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += bytes;
  });
  return out;
}

std::string strip_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
    if (cp == '\n' || cp == '\t' || !is_control(cp)) out += bytes;
  });
  return out;
}

}  // namespace vigil::text
