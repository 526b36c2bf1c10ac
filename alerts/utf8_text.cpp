#include "alerts/utf8_text.hpp"

namespace vigil::alerts {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes one code point at `pos`; returns false (and length 1) for an invalid sequence.
bool decode_one(std::string_view s, std::size_t pos, char32_t& cp, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  len = 1;
  if (b0 < 0x80) {
    cp = b0;
    return true;
  }
  std::size_t need;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    need = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    need = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    need = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return false;
  }
  for (std::size_t i = 1; i < need; ++i) {
    // A truncated sequence is replaced as a whole (one U+FFFD), as browsers do.
    if (pos + i >= s.size() || (static_cast<unsigned char>(s[pos + i]) & 0xC0) != 0x80) {
      len = i;
      return false;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  len = need;
  return true;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// Calls f(code_point, bytes) for each code point of `text`, U+FFFD for invalid bytes.
template <typename F>
void for_each_code_point(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp;
    std::size_t len;
    if (decode_one(text, pos, cp, len)) {
      f(cp, text.substr(pos, len));
    } else {
      f(char32_t{0xFFFD}, kReplacement);
    }
    pos += len;
  }
}

}  // namespace

std::size_t utf8_sequence_length(unsigned char lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t, std::string_view bytes) { out += bytes; });
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

std::string truncate_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up over continuation bytes to the start of the sequence that would be split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string truncate_chars(std::string_view text, std::size_t max_chars) {
  std::size_t count = 0, pos = 0;
  while (pos < text.size() && count < max_chars) {
    pos += utf8_sequence_length(static_cast<unsigned char>(text[pos]));
    ++count;
  }
  if (pos >= text.size()) return std::string(text);
  std::string_view kept = text.substr(0, pos);
  // Prefer a word break if one is close to the cut.
  if (auto space = kept.find_last_of(" \n\t"); space != std::string_view::npos && space + 40 > kept.size())
    kept = kept.substr(0, space);
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == '\n' || kept.back() == '\t')) kept.remove_suffix(1);
  return valid_utf8(kept) + "\xE2\x80\xA6";
}

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace vigil::alerts
