#include "alerts/html_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "alerts/utf8_text.hpp"

namespace vigil::alerts {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(name, n); });
}

// Elements whose content is not text a reader should see.
bool is_hidden_element(std::string_view name) {
  return one_of(name, {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg",
                       "math", "textarea", "select"});
}

bool is_paragraph_element(std::string_view name) {
  return one_of(name, {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table",
                       "pre", "hr", "section", "article", "header", "footer", "figure", "figcaption", "aside",
                       "address", "main", "nav", "details", "summary"});
}

bool is_line_element(std::string_view name) { return one_of(name, {"br", "tr", "dt", "dd"}); }

constexpr std::array<std::pair<std::string_view, char32_t>, 27> kEntities{{
    {"amp", U'&'},      {"lt", U'<'},        {"gt", U'>'},        {"quot", U'"'},     {"apos", U'\''},
    {"nbsp", U' '},     {"hellip", U'\u2026'}, {"mdash", U'\u2014'}, {"ndash", U'\u2013'}, {"lsquo", U'\u2018'},
    {"rsquo", U'\u2019'}, {"ldquo", U'\u201C'}, {"rdquo", U'\u201D'}, {"sbquo", U'\u201A'}, {"bdquo", U'\u201E'},
    {"laquo", U'\u00AB'}, {"raquo", U'\u00BB'}, {"copy", U'\u00A9'}, {"reg", U'\u00AE'},  {"trade", U'\u2122'},
    {"euro", U'\u20AC'}, {"pound", U'\u00A3'}, {"middot", U'\u00B7'}, {"bull", U'\u2022'}, {"deg", U'\u00B0'},
    {"shy", U'\u00AD'},  {"zwnj", U'\u200C'},
}};

// Decodes the entity starting at text[pos] == '&'; on success appends it and returns the
// length consumed, else 0 (the '&' is then literal).
std::size_t decode_entity(std::string_view text, std::size_t pos, std::string& out) {
  const std::size_t semi = text.find(';', pos + 1);
  if (semi == std::string_view::npos || semi - pos > 12) return 0;
  const std::string_view body = text.substr(pos + 1, semi - pos - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (char c : digits) {
      const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c))
                        ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                        : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, never overflows
    }
    if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F)) append_utf8(out, cp);  // control codes vanish
    return semi - pos + 1;
  }
  for (const auto& [name, cp] : kEntities) {
    if (body == name) {
      append_utf8(out, cp);
      return semi - pos + 1;
    }
  }
  return 0;
}

// Where the tag that starts at `pos` ('<') ends (index after '>'), skipping quoted values.
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
  return html.size();
}

std::size_t find_ci(std::string_view haystack, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// Collapses whitespace inside lines, trims them, and keeps at most one blank line in a row.
std::string tidy_lines(std::string_view raw) {
  std::string out;
  std::size_t blank_run = 0;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string line = single_line(raw.substr(start, end - start));
    if (line.empty()) {
      ++blank_run;
    } else {
      if (!out.empty()) out += blank_run > 0 ? "\n\n" : "\n";
      out += line;
      blank_run = 0;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string raw;  // text with '\n' for block boundaries; other whitespace is collapsed later
  raw.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '&') {
      if (const std::size_t used = decode_entity(html, pos, raw)) {
        pos += used;
        continue;
      }
      raw += c;
      ++pos;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      raw += ' ';  // source line breaks are spaces in HTML
      ++pos;
      continue;
    }
    if (c != '<' || pos + 1 >= html.size()) {
      raw += c;
      ++pos;
      continue;
    }
    const std::string_view rest = html.substr(pos);
    if (rest.starts_with("<!--")) {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const std::size_t end = html.find("]]>", pos + 9);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end;
      for (char t : html.substr(pos + 9, stop - pos - 9)) raw += (t == '\n' || t == '\r' || t == '\t') ? ' ' : t;
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const char next = html[pos + 1];
    if (next == '!' || next == '?') {
      pos = tag_end(html, pos);
      continue;
    }
    const bool closing = next == '/';
    const std::size_t name_start = pos + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    if (name_end == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
      raw += c;  // "a < b" is text, not a tag
      ++pos;
      continue;
    }
    const std::string_view name = html.substr(name_start, name_end - name_start);
    pos = tag_end(html, pos);
    const bool self_closing = pos >= 2 && html[pos - 2] == '/';
    if (!closing && !self_closing && is_hidden_element(name)) {
      const std::string close = "</" + std::string(name);
      const std::size_t end = find_ci(html, close, pos);
      pos = end == std::string_view::npos ? html.size() : tag_end(html, end);
      continue;
    }
    if (is_paragraph_element(name)) {
      raw += "\n\n";
    } else if (is_line_element(name)) {
      raw += '\n';
    } else if (iequals(name, "li")) {
      if (!closing) raw += "\n- ";
    } else if (iequals(name, "td") || iequals(name, "th")) {
      raw += ' ';
    }
  }
  return tidy_lines(strip_controls(valid_utf8(raw)));
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool is_http_url(std::string_view url) {
  std::size_t scheme_len = 0;
  if (url.size() > 7 && iequals(url.substr(0, 7), "http://")) scheme_len = 7;
  else if (url.size() > 8 && iequals(url.substr(0, 8), "https://")) scheme_len = 8;
  if (scheme_len == 0 || url.size() > 8192) return false;
  if (url[scheme_len] == '/' || url[scheme_len] == '?' || url[scheme_len] == '#') return false;  // no host
  return std::none_of(url.begin(), url.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u <= 0x20 || u == 0x7F;
  });
}

}  // namespace vigil::alerts
