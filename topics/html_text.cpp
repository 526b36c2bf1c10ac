#include "topics/html_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "topics/utf8.hpp"

namespace vigil::topics {
namespace {

constexpr std::array<std::pair<std::string_view, char32_t>, 46> named_entities{{
    {"amp", U'&'},       {"lt", U'<'},         {"gt", U'>'},         {"quot", U'"'},
    {"apos", U'\''},     {"nbsp", 0x00A0},     {"shy", 0x00AD},      {"ndash", 0x2013},
    {"mdash", 0x2014},   {"hellip", 0x2026},   {"lsquo", 0x2018},    {"rsquo", 0x2019},
    {"sbquo", 0x201A},   {"ldquo", 0x201C},    {"rdquo", 0x201D},    {"bdquo", 0x201E},
    {"laquo", 0x00AB},   {"raquo", 0x00BB},    {"copy", 0x00A9},     {"reg", 0x00AE},
    {"trade", 0x2122},   {"deg", 0x00B0},      {"middot", 0x00B7},   {"bull", 0x2022},
    {"euro", 0x20AC},    {"pound", 0x00A3},    {"thinsp", 0x2009},   {"ensp", 0x2002},
    {"emsp", 0x2003},    {"zwj", 0x200D},      {"zwnj", 0x200C},     {"aacute", 0x00E1},
    {"agrave", 0x00E0},  {"acirc", 0x00E2},    {"auml", 0x00E4},     {"ccedil", 0x00E7},
    {"eacute", 0x00E9},  {"egrave", 0x00E8},   {"ecirc", 0x00EA},    {"iacute", 0x00ED},
    {"ntilde", 0x00F1},  {"oacute", 0x00F3},   {"ouml", 0x00F6},     {"uacute", 0x00FA},
    {"uuml", 0x00FC},    {"szlig", 0x00DF},
}};

// Tags that do not separate words: `<b>Ukr</b>aine` is one word, `<p>a</p><p>b</p>` two.
constexpr std::array<std::string_view, 28> inline_tags{
    "a",    "abbr", "b",    "bdi",  "bdo", "cite",  "code",   "data", "del", "dfn",
    "em",   "font", "i",    "ins",  "kbd", "mark",  "q",      "s",    "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "u",    "wbr"};

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(text[pos + i]) != prefix[i]) return false;
  return true;
}

std::size_t find_nocase(std::string_view text, std::size_t from, std::string_view needle) {
  for (std::size_t pos = from; pos < text.size(); ++pos)
    if (starts_with_nocase(text, pos, needle)) return pos;
  return std::string_view::npos;
}

// Numeric references to C1 controls mean Windows-1252 in practice (&#146; is ’).
char32_t from_windows_1252(char32_t cp) {
  switch (cp) {
    case 0x80: return 0x20AC;
    case 0x85: return 0x2026;
    case 0x91: return 0x2018;
    case 0x92: return 0x2019;
    case 0x93: return 0x201C;
    case 0x94: return 0x201D;
    case 0x96: return 0x2013;
    case 0x97: return 0x2014;
    default: return utf8::replacement;
  }
}

// Decodes the reference at `pos` (which holds '&'). Returns the bytes consumed, 0 if it is
// not a reference we know (the '&' is then plain text).
std::size_t decode_reference(std::string_view html, std::size_t pos, std::string& out) {
  const std::size_t semicolon = html.find(';', pos + 1);
  if (semicolon == std::string_view::npos || semicolon - pos > 32) return 0;
  const auto body = html.substr(pos + 1, semicolon - pos - 1);
  if (body.empty()) return 0;
  if (body.front() == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const auto digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (const char c : digits) {
      int value = -1;
      if (c >= '0' && c <= '9') value = c - '0';
      else if (hex && c >= 'a' && c <= 'f') value = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') value = c - 'A' + 10;
      if (value < 0) return 0;
      cp = std::min<char32_t>(cp * (hex ? 16 : 10) + static_cast<char32_t>(value), 0x110000);
    }
    if (cp >= 0x80 && cp <= 0x9F) cp = from_windows_1252(cp);
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = utf8::replacement;
    utf8::append(out, cp);
    return semicolon - pos + 1;
  }
  for (const auto& [name, cp] : named_entities) {
    if (name == body) {
      utf8::append(out, cp);
      return semicolon - pos + 1;
    }
  }
  return 0;
}

// Skips a tag starting at `pos` ('<' then a letter or '/'); returns the position after its
// '>'. Quotes count only as attribute values (after '='), so `<a title="x > y">` is one tag.
std::size_t skip_tag(std::string_view html, std::size_t pos) {
  bool after_equals = false;
  for (std::size_t i = pos + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '>') return i + 1;
    if (c == '=') {
      after_equals = true;
      continue;
    }
    if (after_equals && (c == '"' || c == '\'')) {
      const auto close = html.find(c, i + 1);
      if (close == std::string_view::npos) return html.size();
      i = close;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') after_equals = false;
  }
  return html.size();  // an unterminated tag swallows the rest: never match inside attributes
}

std::string tag_name(std::string_view html, std::size_t pos) {
  std::size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') ++i;
  std::string name;
  while (i < html.size() && (is_ascii_alpha(html[i]) || (html[i] >= '0' && html[i] <= '9')))
    name.push_back(ascii_lower(html[i++]));
  return name;
}

bool is_inline(std::string_view name) {
  return std::find(inline_tags.begin(), inline_tags.end(), name) != inline_tags.end();
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '&') {
      const auto used = decode_reference(html, pos, out);
      if (used == 0) out.push_back(c);
      pos += used == 0 ? 1 : used;
      continue;
    }
    if (c != '<' || pos + 1 == html.size()) {
      out.push_back(c);
      ++pos;
      continue;
    }
    if (html.compare(pos, 4, "<!--") == 0) {
      const auto end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      out.push_back(' ');
      continue;
    }
    if (html.compare(pos, 9, "<![CDATA[") == 0) {
      const auto end = html.find("]]>", pos + 9);
      const auto stop = end == std::string_view::npos ? html.size() : end;
      out.append(html.substr(pos + 9, stop - pos - 9));
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const char next = html[pos + 1];
    if (next == '!' || next == '?') {  // doctype, processing instruction
      const auto end = html.find('>', pos);
      pos = end == std::string_view::npos ? html.size() : end + 1;
      out.push_back(' ');
      continue;
    }
    if (!is_ascii_alpha(next) && next != '/') {  // "a < b" is text
      out.push_back(c);
      ++pos;
      continue;
    }
    const auto name = tag_name(html, pos);
    pos = skip_tag(html, pos);
    if (next != '/' && (name == "script" || name == "style")) {
      const auto close = find_nocase(html, pos, "</" + name);
      pos = close == std::string_view::npos ? html.size() : skip_tag(html, close);
    }
    if (!is_inline(name)) out.push_back(' ');
  }
  return out;
}

}  // namespace vigil::topics
