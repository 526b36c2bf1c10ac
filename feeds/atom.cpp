// Atom 1.0 (RFC 4287). Text constructs carry their own type (text, html, xhtml), so titles and
// summaries follow it instead of guessing.
#include <optional>
#include <string>
#include <vector>

#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/title.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

enum class TextType { text, html, xhtml, other };

TextType text_type(const Scope& element) {
  const std::string_view type = text::trim(element.attribute({}, "type").value());
  if (type.empty() || type == "text" || type == "text/plain") return TextType::text;
  if (type == "html" || type == "text/html") return TextType::html;
  if (type == "xhtml" || type == "application/xhtml+xml") return TextType::xhtml;
  if (type.starts_with("text/")) return TextType::text;
  return TextType::other;  // out-of-line, base64 or XML media: not text we can show
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
  switch (text_type(element)) {
    case TextType::html: return plain_title(inner_text(element.node()), TitleMarkup::html);
    case TextType::other: return {};
    case TextType::text:
    case TextType::xhtml: return plain_title(inner_text(element.node()), TitleMarkup::text);
  }
  return {};
}

// Summary and content are always HTML in Item: plain text gets escaped, xhtml is the inner
// markup of its div.
std::string html_construct(const Scope& element) {
  switch (text_type(element)) {
    case TextType::text: return text::escape_html(text::trim(inner_text(element.node())));
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
      best_ = resolve_url(link.base(), href);
      best_is_html_ = html;
    }
  }
  std::string take() { return std::move(best_); }

 private:
  std::string best_;
  bool best_is_html_ = false;
};

std::string person_name(const Scope& person) {
  std::string name, email;
  person.for_each_child([&](const Scope& c) {
    if (c.name().is(ns::atom, "name") && name.empty()) name = text::collapse_whitespace(inner_text(c.node()));
    if (c.name().is(ns::atom, "email") && email.empty()) email = text::collapse_whitespace(inner_text(c.node()));
  });
  return name.empty() ? email : name;
}

Item read_entry(const Scope& entry, const std::vector<std::string>& feed_authors, std::size_t item_number,
                FeedReader& reader) {
  Item item;
  LinkChooser links;
  std::string published, updated;
  entry.for_each_child([&](const Scope& c) {
    const QName q = c.name();
    if (q.ns != ns::atom) return;
    if (q.local == "id" && item.id.empty()) item.id = text::trim(inner_text(c.node()));
    else if (q.local == "title" && item.title.empty()) item.title = title_of(c);
    else if (q.local == "link") links.offer(c);
    else if (q.local == "published" && published.empty()) published = inner_text(c.node());
    else if (q.local == "updated" && updated.empty()) updated = inner_text(c.node());
    else if (q.local == "summary" && item.summary.empty()) item.summary = html_construct(c);
    else if (q.local == "content" && item.content.empty()) item.content = html_construct(c);
    else if (q.local == "author") add_author(item, person_name(c));
  });
  item.link = links.take();
  item.published = reader.date(published, item_number);
  item.updated = reader.date(updated, item_number);
  // Entries without their own author inherit the feed's (RFC 4287 4.2.1).
  if (item.authors.empty()) item.authors = feed_authors;
  item.lang = text::trim(entry.lang());
  return item;
}

}  // namespace

void read_atom(const Scope& root, FeedReader& reader) {
  ParsedFeed& feed = reader.feed();
  LinkChooser feed_links;
  std::vector<std::string> feed_authors;
  bool saw_title = false;
  root.for_each_child([&](const Scope& c) {
    const QName q = c.name();
    if (q.ns != ns::atom) return;
    if (q.local == "title" && !saw_title) {
      saw_title = true;
      feed.title = title_of(c);
    } else if (q.local == "link") {
      feed_links.offer(c);
    } else if (q.local == "author") {
      if (std::string name = person_name(c); !name.empty()) feed_authors.push_back(std::move(name));
    }
  });
  feed.link = feed_links.take();

  std::size_t item_number = 0;
  root.for_each_child([&](const Scope& c) {
    if (c.name().is(ns::atom, "entry")) reader.add_item(read_entry(c, feed_authors, ++item_number, reader));
  });
}

}  // namespace vigil::feeds::detail
