#include "text/html.hpp"

#include <algorithm>
#include <array>
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

// collapse_whitespace (text/whitespace.hpp) of `text`, in place: the one-line layout's text is
// built here anyway, so it needs no copy. The bytes that may start whitespace (ASCII spaces
// and the 0xC2 of U+00A0) end the runs that are moved as they are.
void collapse_whitespace_in_place(std::string& text) {
  static constexpr auto kMayBreak = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r', '\xC2'}) table[c] = true;
    return table;
  }();
  const std::size_t size = text.size();
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  auto is_nbsp_at = [&](std::size_t i) { return text[i] == '\xC2' && i + 1 < size && text[i + 1] == '\xA0'; };
  std::size_t written = 0;  // never passes i: a space is written only for bytes skipped
  bool pending_space = false;
  std::size_t i = 0;
  while (i < size) {
    if (is_space(text[i])) {
      pending_space = true;
      ++i;
    } else if (is_nbsp_at(i)) {
      pending_space = true;
      i += 2;
    } else {  // a run of other characters, moved at once
      std::size_t end = i + 1;
      while (end < size && (!kMayBreak[static_cast<unsigned char>(text[end])] ||
                            (!is_space(text[end]) && !is_nbsp_at(end))))
        ++end;
      if (pending_space && written > 0) text[written++] = ' ';
      pending_space = false;
      if (written != i) std::memmove(text.data() + written, text.data() + i, end - i);
      written += end - i;
      i = end;
    }
  }
  text.resize(written);
}

// Collects the text and applies the layout's rules for whitespace and breaks.
class TextWriter {
 public:
  explicit TextWriter(TextLayout layout) : layout_(layout) {}

  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  void text(std::string_view run) {
    if (layout_ != TextLayout::paragraphs) {
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
    if (layout_ == TextLayout::paragraphs && space) out_ += ' ';
    else append_utf8(out_, cp);
  }

  void word_break() { out_ += ' '; }
  void line_break() { out_ += layout_ == TextLayout::paragraphs ? "\n" : " "; }
  void paragraph_break() { out_ += layout_ == TextLayout::paragraphs ? "\n\n" : " "; }
  void list_item() { out_ += layout_ == TextLayout::paragraphs ? "\n- " : " "; }

  std::string finish() &&;

 private:
  TextLayout layout_;
  std::string out_;
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

std::string TextWriter::finish() && {
  switch (layout_) {
    case TextLayout::as_written: return std::move(out_);
    case TextLayout::one_line: collapse_whitespace_in_place(out_); return std::move(out_);
    case TextLayout::paragraphs: return tidy_lines(strip_controls(valid_utf8(out_)));
  }
  return std::move(out_);
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
  TextWriter out(options.layout);
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
  return std::move(out).finish();
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
