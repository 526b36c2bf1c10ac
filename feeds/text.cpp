#include "feeds/text.hpp"

#include <array>
#include <cctype>
#include <cstdint>

namespace vigil::feeds::detail {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

char ascii_lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// HTML maps numeric references to C1 controls onto Windows-1252 (old feeds write &#146; for ’).
char32_t windows_1252(char32_t cp) {
  static constexpr std::array<char32_t, 32> c1{
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return (cp >= 0x80 && cp <= 0x9F) ? c1[cp - 0x80] : cp;
}

// Parses "&#...;" at text[pos] (pos at '&'); returns the length consumed, 0 if not a reference.
std::size_t numeric_reference(std::string_view text, std::size_t pos, char32_t& cp) {
  std::size_t i = pos + 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const std::size_t digits_start = i;
  std::uint32_t value = 0;
  while (i < text.size() && i - digits_start < 8) {
    const char c = text[i];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else break;
    value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    ++i;
  }
  if (i == digits_start) return 0;
  if (i < text.size() && text[i] == ';') ++i;  // HTML tolerates a missing semicolon here
  cp = value == 0 ? char32_t{0xFFFD} : windows_1252(value);
  return i - pos;
}

// Tag names whose boundaries separate words.
bool is_block_tag(std::string_view name) {
  static constexpr std::string_view blocks[] = {
      "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
      "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
      "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"};
  for (const auto b : blocks)
    if (equals_nocase(b, name)) return true;
  return false;
}

// End of the tag starting at html[pos] ('<'): the index after '>', honouring quoted attribute
// values, or npos when the tag never closes.
std::size_t tag_end(std::string_view html, std::size_t pos) {
  char quote = 0;
  for (std::size_t i = pos + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

bool starts_tag(std::string_view s, std::size_t pos) {
  if (pos + 1 >= s.size() || s[pos] != '<') return false;
  const char c = s[pos + 1];
  return is_alpha(c) || ((c == '/') && pos + 2 < s.size() && is_alpha(s[pos + 2])) || c == '!' || c == '?';
}

// Index after the closing "</name ...>", or the end of the text.
std::size_t skip_raw_text_element(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (equals_nocase(html.substr(i + 2, name.size()), name)) {
      const std::size_t end = tag_end(html, i);
      return end == std::string_view::npos ? html.size() : end;
    }
  }
  return html.size();
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
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

std::string decode_html_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(i, amp - i));
    i = amp;
    if (amp + 1 < text.size() && text[amp + 1] == '#') {
      char32_t cp = 0;
      if (const std::size_t n = numeric_reference(text, amp, cp)) {
        append_utf8(out, cp);
        i += n;
        continue;
      }
    } else {
      std::size_t j = amp + 1;
      while (j < text.size() && j - amp <= 10 && is_alnum(text[j])) ++j;
      if (j < text.size() && text[j] == ';' && j > amp + 1) {
        if (const char32_t cp = lookup_entity(text.substr(amp + 1, j - amp - 1))) {
          append_utf8(out, cp);
          i = j + 1;
          continue;
        }
      }
    }
    out += '&';
    ++i;
  }
  out.append(text.substr(i));
  return out;
}

std::string strip_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    if (!starts_tag(html, i)) {
      out += html[i++];
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const std::size_t close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    const std::size_t end = tag_end(html, i);
    if (end == std::string_view::npos) {  // "<b unfinished": not a tag after all
      out += html[i++];
      continue;
    }
    std::size_t name_start = i + 1;
    const bool closing = html[name_start] == '/';
    if (closing) ++name_start;
    std::size_t name_end = name_start;
    while (name_end < end && (is_alnum(html[name_end]) || html[name_end] == '-')) ++name_end;
    const std::string_view name = html.substr(name_start, name_end - name_start);
    i = end;
    if (!closing && (equals_nocase(name, "script") || equals_nocase(name, "style"))) {
      i = skip_raw_text_element(html, i, name);
      out += ' ';
    } else if (is_block_tag(name)) {
      out += ' ';
    }
  }
  return out;
}

bool looks_like_markup(std::string_view text) {
  for (std::size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (text.substr(i, 4) == "<!--") return true;
    const char c = i + 1 < text.size() ? text[i + 1] : '\0';
    const bool tag_start = is_alpha(c) || (c == '/' && i + 2 < text.size() && is_alpha(text[i + 2]));
    if (tag_start && tag_end(text, i) != std::string_view::npos) return true;
  }
  return false;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (is_ascii_space(text[i]) || nbsp) {
      pending_space = true;
      if (nbsp) ++i;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += text[i];
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {  // copy ASCII runs whole: most feed text is ASCII
      std::size_t end = i + 1;
      while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80) ++end;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2, cp = b0 & 0x1F, min = 0x80;
    else if (b0 >= 0xE0 && b0 <= 0xEF) len = 3, cp = b0 & 0x0F, min = 0x800;
    else if (b0 >= 0xF0 && b0 <= 0xF4) len = 4, cp = b0 & 0x07, min = 0x10000;
    bool valid = len != 0 && i + len <= text.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    valid = valid && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (valid && cp >= 0x80 && cp <= 0x9F) {
      append_utf8(out, windows_1252(cp));
      i += len;
    } else if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string plain_title(std::string_view raw, TitleMarkup markup) {
  const bool strip = markup == TitleMarkup::html || (markup == TitleMarkup::guess && looks_like_markup(raw));
  const std::string decoded = strip ? decode_html_entities(strip_tags(raw)) : decode_html_entities(raw);
  return collapse_whitespace(decoded);
}

}  // namespace vigil::feeds::detail
