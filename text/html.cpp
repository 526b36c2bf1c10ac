#include "text/html.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "text/entities.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::text {
namespace {

constexpr auto npos = std::string_view::npos;

// Tags that do not separate words: `<b>Ukr</b>aine` is one word, `<p>a</p><p>b</p>` two.
constexpr std::array<std::string_view, 28> inline_tags{
    "a",    "abbr", "b",    "bdi",  "bdo", "cite",  "code",   "data", "del", "dfn",
    "em",   "font", "i",    "ins",  "kbd", "mark",  "q",      "s",    "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "u",    "wbr"};

// Elements whose content is not text a reader should see.
constexpr std::array<std::string_view, 12> hidden_elements{
    "script", "style", "noscript", "template", "head", "title",
    "iframe", "object", "svg",     "math",     "textarea", "select"};

// Elements that start a paragraph (a blank line in the `paragraphs` layout).
constexpr std::array<std::string_view, 27> paragraph_elements{
    "p",      "div",     "h1",     "h2",     "h3",     "h4",      "h5",         "h6",    "blockquote",
    "ul",     "ol",      "dl",     "table",  "pre",    "hr",      "section",    "article", "header",
    "footer", "figure",  "figcaption", "aside", "address", "main", "nav",       "details", "summary"};

// Elements that end a line.
constexpr std::array<std::string_view, 4> line_elements{"br", "tr", "dt", "dd"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }
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
  return npos;
}

// The index after the '>' closing the tag that starts at html[pos] ('<'), or npos when the tag
// never closes. Quotes count only as attribute values (after '='), so `<a title="x > y">` is
// one tag and an apostrophe elsewhere in a tag does not hide its end.
std::size_t tag_end(std::string_view html, std::size_t pos) {
  bool after_equals = false;
  for (std::size_t i = pos + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '>') return i + 1;
    if (c == '=') {
      after_equals = true;
      continue;
    }
    if (after_equals && (c == '"' || c == '\'')) {
      i = html.find(c, i + 1);
      if (i == npos) return npos;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') after_equals = false;
  }
  return npos;
}

// Whether html[pos] ('<') starts an element tag: "<b", "</b".
bool starts_element_tag(std::string_view html, std::size_t pos) {
  const std::size_t name = pos + 1 < html.size() && html[pos + 1] == '/' ? pos + 2 : pos + 1;
  return name < html.size() && is_ascii_alpha(html[name]);
}

// The first '<' or '&' from `from` on, or the end: eight bytes at a time while none is among
// them (find_first_of would call memchr on "<&" once per byte).
std::size_t next_markup(std::string_view html, std::size_t from) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  auto has_zero_byte = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  std::size_t pos = from;
  while (pos + 8 <= html.size()) {
    std::uint64_t eight;
    std::memcpy(&eight, html.data() + pos, 8);
    if (has_zero_byte(eight ^ (kOnes * '<')) || has_zero_byte(eight ^ (kOnes * '&'))) break;
    pos += 8;
  }
  while (pos < html.size() && html[pos] != '<' && html[pos] != '&') ++pos;
  return pos;
}

// Collects the text and applies the layout's rules for whitespace and breaks.
class TextWriter {
 public:
  // Writes into `out`, which it empties first (its capacity is kept).
  TextWriter(TextLayout layout, std::string& out) : layout_(layout), out_(out) { out_.clear(); }

  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  void text(std::string_view run) {
    if (layout_ == TextLayout::one_line) {
      append_collapsed(run);
      return;
    }
    if (layout_ == TextLayout::as_written) {
      out_.append(run);
      return;
    }
    for (std::size_t i = 0; i < run.size(); ++i) {  // source line breaks are spaces in HTML
      const char c = run[i];
      if (c == '\xC2' && i + 1 < run.size() && run[i + 1] == '\xA0') {
        out_ += ' ';
        ++i;
      } else {
        out_ += (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') ? ' ' : c;
      }
    }
  }

  void code_point(char32_t cp) {
    const bool space = cp == '\n' || cp == '\r' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0xA0;
    if (layout_ == TextLayout::paragraphs && space) {
      out_ += ' ';
    } else if (layout_ == TextLayout::one_line) {
      std::string encoded;  // at most 4 bytes: no allocation
      append_utf8(encoded, cp);
      append_collapsed(encoded);
    } else {
      append_utf8(out_, cp);
    }
  }

  void word_break() { space(" "); }
  void line_break() { space(layout_ == TextLayout::paragraphs ? "\n" : " "); }
  void paragraph_break() { space(layout_ == TextLayout::paragraphs ? "\n\n" : " "); }
  void list_item() { space(layout_ == TextLayout::paragraphs ? "\n- " : " "); }

  void finish() &&;

 private:
  void space(std::string_view text) {
    if (layout_ != TextLayout::one_line) {
      out_ += text;
    } else if (!after_space_) {
      out_ += ' ';
      after_space_ = true;
    }
  }

  // The one-line layout collapses whitespace as the text comes (the result of
  // collapse_whitespace, text/whitespace.hpp, on all of it), in one pass without a copy: runs
  // of whitespace (ASCII's and U+00A0) become one space, none at the start; finish() drops one
  // at the end. `after_space_` is true after a space or at the start.
  void append_collapsed(std::string_view run) {
    const std::size_t old_size = out_.size();
    out_.resize_and_overwrite(old_size + run.size(), [&](char* data, std::size_t) {
      // n never passes the bytes read so far, so every write is in bounds.
      std::size_t n = old_size;
      bool after_space = after_space_;
      auto one = [&](char c) {
        bool space = c == ' ' || (c >= '\t' && c <= '\r');
        if (c == '\xA0' && n > 0 && data[n - 1] == '\xC2') {  // U+00A0: its C2 went out already
          --n;
          after_space = n == 0 || data[n - 1] == ' ';
          space = true;
        }
        if (!space) {
          data[n++] = c;
          after_space = false;
        } else if (!after_space) {
          data[n++] = ' ';
          after_space = true;
        }
      };
      std::size_t i = 0;
      // Most of a text needs nothing done: eight bytes at a time while they hold neither
      // control characters (tab, line breaks) nor two spaces in a row nor an A0 byte.
      for (; std::endian::native == std::endian::little && i + 8 <= run.size(); i += 8) {
        std::uint64_t eight;
        std::memcpy(&eight, run.data() + i, 8);
        if (needs_collapsing(eight, after_space)) {
          for (std::size_t j = i; j < i + 8; ++j) one(run[j]);
          continue;
        }
        std::memcpy(data + n, &eight, 8);
        n += 8;
        after_space = (eight >> 56) == ' ';
      }
      for (; i < run.size(); ++i) one(run[i]);
      after_space_ = after_space;
      return n;
    });
  }

  // Whether eight bytes (read little-endian: the first is the lowest) need more than a copy: a byte below
  // 0x20, an A0 byte, two spaces in a row, or a space first after a space.
  static bool needs_collapsing(std::uint64_t eight, bool after_space) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHighs = 0x8080808080808080ull;
    constexpr std::uint64_t kLows = 0x7F7F7F7F7F7F7F7Full;
    // The high bit of each byte of `v` that is zero, and of no other.
    auto zero_bytes = [](std::uint64_t v) { return ~(((v & kLows) + kLows) | v) & kHighs; };
    const std::uint64_t spaces = zero_bytes(eight ^ (kOnes * ' '));
    const std::uint64_t below_space = ~((eight & kLows) + kOnes * 0x60) & ~eight & kHighs;
    const std::uint64_t a0 = zero_bytes(eight ^ (kOnes * 0xA0));
    const bool first_space = after_space && (eight & 0xFF) == ' ';
    return (below_space | a0 | (spaces & (spaces << 8))) != 0 || first_space;
  }

  TextLayout layout_;
  std::string& out_;
  bool after_space_ = true;
};

// Collapses whitespace inside lines, trims them, and keeps at most one blank line in a row.
std::string tidy_lines(std::string_view raw) {
  std::string out;
  bool blank_before = false;
  for (std::size_t start = 0; start <= raw.size();) {
    std::size_t end = raw.find('\n', start);
    if (end == npos) end = raw.size();
    const std::string line = single_line(raw.substr(start, end - start));
    if (line.empty()) {
      blank_before = true;
    } else {
      if (!out.empty()) out += blank_before ? "\n\n" : "\n";
      out += line;
      blank_before = false;
    }
    start = end + 1;
  }
  return out;
}

void TextWriter::finish() && {
  switch (layout_) {
    case TextLayout::as_written:
      break;
    case TextLayout::one_line:
      if (!out_.empty() && out_.back() == ' ') out_.pop_back();
      break;
    case TextLayout::paragraphs:
      out_ = tidy_lines(strip_controls(valid_utf8(out_)));
      break;
  }
}

void separate(TextWriter& out, std::string_view name, bool closing) {
  if (one_of(inline_tags, name)) return;
  if (one_of(paragraph_elements, name)) out.paragraph_break();
  else if (one_of(line_elements, name)) out.line_break();
  else if (name == "li" && !closing) out.list_item();
  else out.word_break();
}

}  // namespace

std::string html_to_text(std::string_view html, HtmlTextOptions options) {
  std::string text;
  html_to_text(html, options, text);
  return text;
}

void html_to_text(std::string_view html, HtmlTextOptions options, std::string& text) {
  TextWriter out(options.layout, text);
  out.reserve(html.size());  // text is seldom longer than its markup
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '&') {
      char32_t cp = 0;
      if (const std::size_t used = detail::read_reference(html, pos, cp)) {
        out.code_point(cp);
        pos += used;
      } else {
        out.text("&");
        ++pos;
      }
      continue;
    }
    if (c != '<') {
      const std::size_t end = next_markup(html, pos + 1);
      out.text(html.substr(pos, end - pos));
      pos = end;
      continue;
    }
    if (html.compare(pos, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == npos ? html.size() : end + 3;
      out.word_break();
      continue;
    }
    if (html.compare(pos, 9, "<![CDATA[") == 0) {
      const std::size_t end = html.find("]]>", pos + 9);
      out.text(html.substr(pos + 9, (end == npos ? html.size() : end) - pos - 9));
      pos = end == npos ? html.size() : end + 3;
      continue;
    }
    const bool declaration = pos + 1 < html.size() && (html[pos + 1] == '!' || html[pos + 1] == '?');
    if (!declaration && !starts_element_tag(html, pos)) {  // "a < b" is text
      out.text("<");
      ++pos;
      continue;
    }
    const std::size_t end = declaration ? html.find('>', pos) : tag_end(html, pos);
    if (end == npos) {
      if (!options.unclosed_tag_is_text) break;
      out.text("<");
      ++pos;
      continue;
    }
    if (declaration) {  // doctype, processing instruction
      pos = end + 1;
      out.word_break();
      continue;
    }
    const bool closing = html[pos + 1] == '/';
    std::string name;
    for (std::size_t i = pos + (closing ? 2 : 1); i < end && (is_ascii_alnum(html[i]) || html[i] == '-'); ++i)
      name += ascii_lower(html[i]);
    const bool self_closing = html[end - 2] == '/';
    pos = end;
    if (!closing && !self_closing && one_of(hidden_elements, name)) {
      const std::size_t close = find_nocase(html, pos, "</" + name);
      const std::size_t after = close == npos ? npos : tag_end(html, close);
      pos = after == npos ? html.size() : after;
      out.word_break();
      continue;
    }
    separate(out, name, closing);
  }
  std::move(out).finish();
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
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool looks_like_markup(std::string_view text) {
  for (std::size_t i = text.find('<'); i != npos; i = text.find('<', i + 1)) {
    if (text.compare(i, 4, "<!--") == 0) return true;
    if (starts_element_tag(text, i) && tag_end(text, i) != npos) return true;
  }
  return false;
}

}  // namespace vigil::text
