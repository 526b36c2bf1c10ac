// Atom 1.0 (RFC 4287) and its draft predecessor Atom 0.3 (same element names in another
// namespace; issued/modified/created for dates, content with a MIME type and a mode:
// escaped, xml or base64). Text constructs carry their own type, so titles and summaries
// follow it instead of guessing.
#include <optional>
#include <string>

#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/title.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

enum class TextType { text, html, xhtml, base64_text, base64_html, other };

TextType text_type(const Scope& element) {
  const std::string_view type = text::trim(element.attribute({}, "type").value());
  if (type.empty() || type == "text" || type == "text/plain") return TextType::text;
  if (type == "html" || type == "text/html") return TextType::html;
  if (type == "xhtml" || type == "application/xhtml+xml") return TextType::xhtml;
  if (type.starts_with("text/")) return TextType::text;
  return TextType::other;  // out-of-line, base64 or XML media: not text we can show
}

// Atom 0.3's mode attribute on top of the type ("escaped" markup is HTML text).
TextType construct_type(const Scope& element) {
  const TextType type = text_type(element);
  const std::string_view mode = text::trim(element.attribute({}, "mode").value());
  if (mode == "escaped" && type == TextType::xhtml) return TextType::html;
  if (mode == "base64") {
    if (type == TextType::html || type == TextType::xhtml) return TextType::base64_html;
    if (type == TextType::text) return TextType::base64_text;
    return TextType::other;
  }
  return type;
}

// Standard base64; whitespace skipped, decoding stops at '=' or the first foreign character.
std::string decode_base64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    else break;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Calls f with the scope of the xhtml <div> wrapper (or the element itself when it is missing).
template <class F>
void with_xhtml_div(const Scope& element, F&& f) {
  bool found = false;
  element.for_each_child([&](const Scope& c) {
    if (!found && c.name().is(ns::xhtml, "div")) {
      found = true;
      f(c);
    }
  });
  if (!found) f(element);
}

std::string title_of(const Scope& element) {
  switch (construct_type(element)) {
    case TextType::html: return plain_title(NodeText(element.node()), TitleMarkup::html);
    case TextType::base64_html: return plain_title(decode_base64(NodeText(element.node())), TitleMarkup::html);
    case TextType::base64_text: return plain_title(decode_base64(NodeText(element.node())), TitleMarkup::text);
    case TextType::other: return {};
    case TextType::text:
    case TextType::xhtml: return plain_title(NodeText(element.node()), TitleMarkup::text);
  }
  return {};
}

// Summary and content are always HTML in Item: plain text gets escaped, xhtml is the inner
// markup of its div.
std::string html_construct(const Scope& element) {
  switch (construct_type(element)) {
    case TextType::text: return text::escape_html(text::trim(NodeText(element.node())));
    case TextType::base64_text: return text::escape_html(text::trim(decode_base64(NodeText(element.node()))));
    case TextType::base64_html: return std::string(text::trim(decode_base64(NodeText(element.node()))));
    case TextType::html: return html_of(element);  // raw elements in "html" happen too
    case TextType::xhtml: {
      std::string html;
      with_xhtml_div(element, [&](const Scope& div) { html = text::trim(inner_xml(div)); });
      return html;
    }
    case TextType::other: return {};
  }
  return {};
}

bool is_alternate(const Scope& link) {
  const std::string_view rel = text::trim(link.attribute({}, "rel").value());
  return rel.empty() || rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate";
}

// The alternate link, preferring an HTML page over other media types.
class LinkChooser {
 public:
  void offer(const Scope& link) {
    if (!is_alternate(link)) return;
    const std::string_view href = link.attribute({}, "href").value();
    if (text::trim(href).empty()) return;
    const std::string_view type = text::trim(link.attribute({}, "type").value());
    const bool html = type == "text/html" || type == "application/xhtml+xml";
    if (best_.empty() || (html && !best_is_html_)) {
      best_ = link.base().resolve(href);
      best_is_html_ = html;
    }
  }
  std::string take() { return std::move(best_); }

 private:
  std::string best_;
  bool best_is_html_ = false;
};

std::string person_name(const Scope& person, std::string_view atom_ns) {
  std::string name, email;
  person.for_each_child([&](const Scope& c) {
    if (c.name().is(atom_ns, "name") && name.empty()) name = text::collapse_whitespace(NodeText(c.node()));
    if (c.name().is(atom_ns, "email") && email.empty()) email = text::collapse_whitespace(NodeText(c.node()));
  });
  return name.empty() ? email : name;
}

Item read_entry(const Scope& entry, std::string_view atom_ns, std::size_t item_number, FeedReader& reader) {
  Item item;
  LinkChooser links;
  MediaText media;
  std::string published, updated, created;
  entry.for_each_child([&](const Scope& c) {
    const QName q = c.name();
    media.offer(c, q);
    if (q.ns != atom_ns) return;
    if (q.local == "id" && item.id.empty()) item.id = c.base().resolve_id(NodeText(c.node()));
    else if (q.local == "title" && item.title.empty()) item.title = title_of(c);
    else if (q.local == "link") links.offer(c);
    // Atom 0.3 names: issued (publication), modified (update), created (a fallback for issued).
    else if ((q.local == "published" || q.local == "issued") && published.empty()) published = inner_text(c.node());
    else if ((q.local == "updated" || q.local == "modified") && updated.empty()) updated = inner_text(c.node());
    else if (q.local == "created" && created.empty()) created = inner_text(c.node());
    else if (q.local == "summary" && item.summary.empty()) item.summary = html_construct(c);
    else if (q.local == "content" && item.content.empty()) item.content = html_construct(c);
    else if (q.local == "author") add_author(item, person_name(c, atom_ns));
  });
  media.fill(item);
  item.link = links.take();
  // As in RSS (a permalink guid) and in feedparser: an entry without a page link links to its id,
  // whatever its scheme; alerts only ever show http(s) links.
  if (item.link.empty()) item.link = item.id;
  item.published = reader.date(published, item_number);
  if (!item.published) item.published = reader.date(created, item_number);
  item.updated = reader.date(updated, item_number);
  // RFC 4287 4.2.1 lets entries inherit the feed's author, but feedparser (the reference for
  // `vigil parse`) does not, and neither do we: an entry's authors are its own.
  item.lang = text::trim(entry.lang());
  return item;
}

}  // namespace

void read_atom(const Scope& root, FeedReader& reader) {
  ParsedFeed& feed = reader.feed();
  LinkChooser feed_links;
  bool saw_title = false;
  std::string feed_id;
  const std::string_view atom_ns = root.name().ns;  // Atom 1.0 or 0.3
  root.for_each_child([&](const Scope& c) {
    const QName q = c.name();
    if (q.ns != atom_ns) return;
    if (q.local == "title" && !saw_title) {
      saw_title = true;
      feed.title = title_of(c);
    } else if (q.local == "link") {
      feed_links.offer(c);
    } else if (q.local == "id" && feed_id.empty()) {
      feed_id = c.base().resolve_id(NodeText(c.node()));
    }
  });
  feed.link = feed_links.take();
  if (feed.link.empty()) feed.link = feed_id;

  std::size_t item_number = 0;
  root.for_each_child([&](const Scope& c) {
    if (c.name().is(atom_ns, "entry") && !reader.is_unfinished(c.node()))
      reader.add_item(read_entry(c, atom_ns, ++item_number, reader));
  });
}

}  // namespace vigil::feeds::detail
