// HTML character references: one table for every stage. The named ones feeds actually use:
// XML's five, Latin-1 (HTML 4's first set) and the common punctuation and symbols. The full
// HTML5 table (2,000+ names) would mostly decode names no feed writes.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "text/entities.hpp"
#include "text/html.hpp"
#include "text/utf8.hpp"

namespace vigil::text {
namespace detail {
namespace {

using Entry = std::pair<std::string_view, char32_t>;

constexpr Entry entities[] = {
    {"AElig", 0xC6},   {"Aacute", 0xC1},  {"Acirc", 0xC2},   {"Agrave", 0xC0},  {"Aring", 0xC5},
    {"Atilde", 0xC3},  {"Auml", 0xC4},    {"Ccedil", 0xC7},  {"Dagger", 0x2021}, {"ETH", 0xD0},
    {"Eacute", 0xC9},  {"Ecirc", 0xCA},   {"Egrave", 0xC8},  {"Euml", 0xCB},    {"Iacute", 0xCD},
    {"Icirc", 0xCE},   {"Igrave", 0xCC},  {"Iuml", 0xCF},    {"Ntilde", 0xD1},  {"Oacute", 0xD3},
    {"Ocirc", 0xD4},   {"OElig", 0x152},  {"Ograve", 0xD2},  {"Oslash", 0xD8},  {"Otilde", 0xD5},
    {"Ouml", 0xD6},    {"Scaron", 0x160}, {"THORN", 0xDE},   {"Uacute", 0xDA},  {"Ucirc", 0xDB},
    {"Ugrave", 0xD9},  {"Uuml", 0xDC},    {"Yacute", 0xDD},  {"Yuml", 0x178},   {"aacute", 0xE1},
    {"acirc", 0xE2},   {"acute", 0xB4},   {"aelig", 0xE6},   {"agrave", 0xE0},  {"amp", 0x26},
    {"apos", 0x27},    {"aring", 0xE5},   {"atilde", 0xE3},  {"auml", 0xE4},    {"bdquo", 0x201E},
    {"brvbar", 0xA6},  {"bull", 0x2022},  {"ccedil", 0xE7},  {"cedil", 0xB8},   {"cent", 0xA2},
    {"circ", 0x2C6},   {"copy", 0xA9},    {"curren", 0xA4},  {"dagger", 0x2020}, {"darr", 0x2193},
    {"deg", 0xB0},     {"divide", 0xF7},  {"eacute", 0xE9},  {"ecirc", 0xEA},   {"egrave", 0xE8},
    {"emsp", 0x2003},  {"ensp", 0x2002},  {"eth", 0xF0},     {"euml", 0xEB},    {"euro", 0x20AC},
    {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},  {"ge", 0x2265},    {"gt", 0x3E},
    {"harr", 0x2194},  {"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE},   {"iexcl", 0xA1},
    {"igrave", 0xEC},  {"iquest", 0xBF},  {"iuml", 0xEF},    {"laquo", 0xAB},   {"larr", 0x2190},
    {"ldquo", 0x201C}, {"le", 0x2264},    {"lrm", 0x200E},   {"lsaquo", 0x2039}, {"lsquo", 0x2018},
    {"lt", 0x3C},      {"macr", 0xAF},    {"mdash", 0x2014}, {"micro", 0xB5},   {"middot", 0xB7},
    {"minus", 0x2212}, {"nbsp", 0xA0},    {"ndash", 0x2013}, {"ne", 0x2260},    {"not", 0xAC},
    {"ntilde", 0xF1},  {"oacute", 0xF3},  {"ocirc", 0xF4},   {"oelig", 0x153},  {"ograve", 0xF2},
    {"ordf", 0xAA},    {"ordm", 0xBA},    {"oslash", 0xF8},  {"otilde", 0xF5},  {"ouml", 0xF6},
    {"para", 0xB6},    {"permil", 0x2030}, {"plusmn", 0xB1}, {"pound", 0xA3},   {"prime", 0x2032},
    {"quot", 0x22},    {"raquo", 0xBB},   {"rarr", 0x2192},  {"rdquo", 0x201D}, {"reg", 0xAE},
    {"rlm", 0x200F},   {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"scaron", 0x161},
    {"sect", 0xA7},    {"shy", 0xAD},     {"sup1", 0xB9},    {"sup2", 0xB2},    {"sup3", 0xB3},
    {"szlig", 0xDF},   {"thinsp", 0x2009}, {"thorn", 0xFE},  {"tilde", 0x2DC},  {"times", 0xD7},
    {"trade", 0x2122}, {"uacute", 0xFA},  {"uarr", 0x2191},  {"ucirc", 0xFB},   {"ugrave", 0xF9},
    {"uml", 0xA8},     {"uuml", 0xFC},    {"yacute", 0xFD},  {"yen", 0xA5},     {"yuml", 0xFF},
    {"zwj", 0x200D},   {"zwnj", 0x200C},  {"alpha", 0x3B1},  {"beta", 0x3B2},   {"pi", 0x3C0},
};

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int digit_value(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::size_t read_numeric(std::string_view text, std::size_t pos, char32_t& cp) {
  std::size_t i = pos + 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const std::size_t digits_start = i;
  std::uint32_t value = 0;
  for (int d; i < text.size() && (d = digit_value(text[i], hex)) >= 0; ++i)
    value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d), 0x110000);
  if (i == digits_start) return 0;
  if (i < text.size() && text[i] == ';') ++i;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) cp = replacement_character;
  else cp = from_windows_1252(value);
  return i - pos;
}

}  // namespace

char32_t lookup_entity(std::string_view name) {
  // A linear scan of 150 short names is cheap and keeps the table easy to extend in any order.
  const auto it = std::find_if(std::begin(entities), std::end(entities),
                               [&](const Entry& e) { return e.first == name; });
  return it == std::end(entities) ? 0 : it->second;
}

std::size_t read_reference(std::string_view text, std::size_t pos, char32_t& cp) {
  if (pos + 1 < text.size() && text[pos + 1] == '#') return read_numeric(text, pos, cp);
  std::size_t end = pos + 1;
  while (end < text.size() && end - pos <= 10 && is_alnum(text[end])) ++end;
  if (end == pos + 1 || end >= text.size() || text[end] != ';') return 0;
  cp = lookup_entity(text.substr(pos + 1, end - pos - 1));
  return cp == 0 ? 0 : end + 1 - pos;
}

}  // namespace detail

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', pos)) {
    out.append(text.substr(pos, amp - pos));
    char32_t cp = 0;
    if (const std::size_t used = detail::read_reference(text, amp, cp)) {
      append_utf8(out, cp);
      pos = amp + used;
    } else {
      out += '&';
      pos = amp + 1;
    }
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace vigil::text
