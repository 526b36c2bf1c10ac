#include "feeds/reader.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "feeds/dates.hpp"
#include "feeds/links.hpp"
#include "text/utf8.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

std::string content_hash(const Item& item) {
  std::string material = item.title;
  material += '\0';
  material += item.summary;
  material += '\0';
  material += item.content;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(material.data(), material.size())));
  return std::string("hash:") + hex;
}

// C0 controls other than tab and line breaks are not allowed in XML and mean nothing in text;
// lenient parsers let them through.
void drop_forbidden_controls(std::string& text) {
  std::erase_if(text, [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 && b != '\t' && b != '\n' && b != '\r';
  });
}

constexpr std::uint64_t ones = 0x0101010101010101ULL, high_bits = 0x8080808080808080ULL;

std::uint64_t word_at(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Zero exactly when all eight bytes of `word` are printable ASCII (0x20-0x7F): no high bit, and
// no byte that borrows when 0x20 is subtracted from it (the classic "has less" test).
std::uint64_t outside_printable(std::uint64_t word) {
  return (word & high_bits) | ((word - 0x20 * ones) & ~word & high_bits);
}

// How many leading bytes of `text` are printable ASCII, found eight at a time (so possibly a
// few less than there are); all of them when the whole text is, which is most fields.
std::size_t printable_ascii_prefix(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32)
    if (outside_printable(word_at(p + i)) | outside_printable(word_at(p + i + 8)) |
        outside_printable(word_at(p + i + 16)) | outside_printable(word_at(p + i + 24)))
      break;
  for (; i + 8 <= n; i += 8)
    if (outside_printable(word_at(p + i)) != 0) return i;
  // The last bytes, as the final eight (overlapping bytes already read).
  if (i < n && n >= 8 && outside_printable(word_at(p + n - 8)) == 0) return n;
  return i;
}

// True when `text` is valid UTF-8 without C1 or forbidden C0 controls: the common case, which
// then needs neither a re-encoded copy nor a control-stripping pass.
bool already_clean(std::string_view text) {
  std::size_t pos = printable_ascii_prefix(text);
  while (pos < text.size()) {
    if (pos + 8 <= text.size() && outside_printable(word_at(text.data() + pos)) == 0) {
      pos += 8;
      continue;
    }
    // A word with something else in it (a line break, a non-ASCII character): byte by byte.
    const std::size_t word_end = std::min(pos + 8, text.size());
    while (pos < word_end) {
      const auto b = static_cast<unsigned char>(text[pos]);
      if (b < 0x80) {
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') return false;
        ++pos;
        continue;
      }
      const text::Decoded d = text::decode_utf8(text, pos);
      if (!d.valid || d.cp <= 0x9F) return false;
      pos += d.length;
    }
  }
  return true;
}

// Makes a field valid UTF-8 (C1 controls read as windows-1252) without forbidden controls.
void clean_field(std::string& field) {
  if (already_clean(field)) return;
  field = text::valid_utf8(field, text::C1Controls::windows_1252);
  drop_forbidden_controls(field);
}

// Quoted in warnings: short and valid UTF-8, whatever the feed sent.
std::string quoted(std::string_view text) {
  constexpr std::size_t limit = 60;
  std::string shown = text::valid_utf8(text.substr(0, limit), text::C1Controls::windows_1252);
  if (text.size() > limit) shown += "...";
  return "'" + shown + "'";
}

}  // namespace

std::optional<Timestamp> FeedReader::date(std::string_view text, std::size_t item_number) {
  if (text::trim(text).empty()) return std::nullopt;
  auto parsed = parse_date(text);
  if (!parsed && !date_warned_) {
    date_warned_ = true;
    out_.warnings.push_back("feeds: item " + std::to_string(item_number) + ": unparseable date " +
                            quoted(text::trim(text)));
  }
  return parsed;
}

void FeedReader::add_item(Item item) {
  item.source = fetch_.source;
  if (!item.published) item.published = item.updated;
  if (!is_acceptable_link(item.link)) item.link.clear();
  for (std::string* field : {&item.id, &item.title, &item.link, &item.summary, &item.content, &item.lang})
    clean_field(*field);
  for (auto& author : item.authors)
    if (!already_clean(author)) author = text::valid_utf8(author, text::C1Controls::windows_1252);
  if (item.id.empty()) item.id = item.link;
  if (item.id.empty()) {
    if (item.title.empty() && item.summary.empty() && item.content.empty()) {
      ++empty_items_;
      return;
    }
    item.id = content_hash(item);
  }
  out_.items.push_back(std::move(item));
}

bool FeedReader::is_unfinished(pugi::xml_node element) const {
  return std::find(unfinished_.begin(), unfinished_.end(), element) != unfinished_.end();
}

void FeedReader::finish() {
  if (empty_items_ > 0)
    out_.warnings.push_back("feeds: skipped " + std::to_string(empty_items_) +
                            " item(s) without id, link, title or text");
  out_.title = text::valid_utf8(out_.title, text::C1Controls::windows_1252);
  drop_forbidden_controls(out_.title);
  out_.link = text::valid_utf8(out_.link, text::C1Controls::windows_1252);
  if (!is_acceptable_link(out_.link)) out_.link.clear();
}

std::string html_of(const Scope& element) {
  if (const auto text = single_text(element.node())) return std::string(text::trim(*text));
  if (has_element_child(element.node())) return std::string(text::trim(inner_xml(element)));
  return std::string(text::trim(inner_text(element.node())));
}

std::string author_name(std::string_view raw) {
  std::string decoded;
  if (raw.find('&') != std::string_view::npos) {  // most names have no references to decode
    decoded = text::decode_entities(raw);
    raw = decoded;
  }
  const std::string cleaned = text::collapse_whitespace(raw);
  const std::string_view t = cleaned;
  // "email (Name)"
  if (const auto open = t.find('('); open != std::string_view::npos && t.ends_with(')')) {
    const std::string_view name = text::trim(t.substr(open + 1, t.size() - open - 2));
    if (!name.empty() && t.substr(0, open).find('@') != std::string_view::npos) return std::string(name);
  }
  // "Name <email>"
  if (const auto open = t.find('<'); open != std::string_view::npos && open > 0 && t.ends_with('>')) {
    const std::string_view name = text::trim(t.substr(0, open));
    if (t.substr(open).find('@') != std::string_view::npos) return std::string(name);
  }
  return cleaned;
}

void add_author(Item& item, std::string name) {
  if (name.empty()) return;
  if (std::find(item.authors.begin(), item.authors.end(), name) != item.authors.end()) return;
  item.authors.push_back(std::move(name));
}

}  // namespace vigil::feeds::detail
