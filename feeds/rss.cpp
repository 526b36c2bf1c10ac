// RSS 0.91-2.0, and the item reader RSS 1.0 (rdf.cpp) shares: the element names are the same,
// only their namespace differs (none in RSS 2.0, http://purl.org/rss/1.0/ in RSS 1.0).
#include <string>

#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/title.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

bool is_rss_core(const QName& q) {
  return q.ns.empty() || q.ns == ns::rss10 || q.ns == ns::rss090 || q.ns == ns::rss20_userland ||
         q.ns == ns::rss20_harvard;
}

NodeText text_of(const Scope& element) { return NodeText(element.node()); }

bool is_alternate_atom_link(const Scope& link) {
  const std::string_view rel = text::trim(link.attribute({}, "rel").value());
  return rel.empty() || rel == "alternate";
}

}  // namespace

Item read_rss_item(const Scope& item_scope, std::string_view channel_lang, std::size_t item_number,
                   FeedReader& reader) {
  Item item;
  std::string guid, atom_link, pub_date, dc_date, modified, own_lang;
  bool guid_is_permalink = true;
  MediaText media;

  item_scope.for_each_child([&](const Scope& c) {
    const QName q = c.name();
    media.offer(c, q);
    if (is_rss_core(q)) {
      if (q.local == "title" && item.title.empty()) {
        item.title = plain_title(text_of(c), TitleMarkup::guess);
      } else if (q.local == "link") {
        // The last non-empty <link> wins, as in feedparser.
        if (std::string link = c.base().resolve(text_of(c)); !link.empty()) item.link = std::move(link);
      } else if (q.local == "guid" && guid.empty()) {
        // As feedparser reads it: absent means true, and only the exact value "true" is true.
        const pugi::xml_attribute permalink = c.attribute({}, "isPermaLink");
        guid_is_permalink = !permalink || text::trim(permalink.value()) == "true";
        // A permalink guid is a URL reference: feedparser resolves a relative one ("item-12").
        guid = guid_is_permalink ? c.base().resolve_id(text_of(c)) : std::string(text::trim(text_of(c)));
      } else if (q.local == "description" && item.summary.empty()) {
        item.summary = html_of(c);
      } else if (q.local == "author") {
        add_author(item, author_name(text_of(c)));
      } else if (q.local == "pubDate" && pub_date.empty()) {
        pub_date = text_of(c);
      }
    } else if (q.is(ns::content, "encoded") && item.content.empty()) {
      item.content = html_of(c);
    } else if (q.ns == ns::dc) {
      if (q.local == "creator") add_author(item, author_name(text_of(c)));
      else if (q.local == "date" && dc_date.empty()) dc_date = text_of(c);
      else if (q.local == "language" && own_lang.empty()) own_lang = text::trim(text_of(c));
    } else if (q.is(ns::dcterms, "modified") && modified.empty()) {
      modified = text_of(c);
    } else if (q.ns == ns::atom) {
      if (q.local == "link" && atom_link.empty() && is_alternate_atom_link(c))
        atom_link = c.base().resolve(c.attribute({}, "href").value());
      else if (q.local == "updated" && modified.empty()) modified = text_of(c);
    }
  });

  media.fill(item);
  // RSS 1.0 identifies items by rdf:about.
  const bool guid_element = !guid.empty();
  if (guid.empty()) guid = text::trim(item_scope.attribute(ns::rdf, "about").value());
  item.id = guid;
  if (item.link.empty()) item.link = atom_link;
  // As feedparser (the reference the conformance suite follows): a permalink <guid> is the link
  // of an item without one, whatever its scheme; alerts only ever show http(s) links.
  if (item.link.empty() && guid_is_permalink && guid_element) item.link = item_scope.base().resolve(guid);

  item.published = reader.date(pub_date, item_number);
  if (!item.published) item.published = reader.date(dc_date, item_number);
  // feedparser (the reference) reads dc:date as the update date, beside pubDate.
  item.updated = reader.date(modified.empty() ? dc_date : modified, item_number);

  const std::string_view xml_lang = text::trim(item_scope.node().attribute("xml:lang").value());
  if (!xml_lang.empty()) item.lang = xml_lang;
  else if (!own_lang.empty()) item.lang = own_lang;
  else if (!channel_lang.empty()) item.lang = channel_lang;
  else item.lang = text::trim(item_scope.lang());
  return item;
}

void read_rss(const Scope& root, FeedReader& reader) {
  ParsedFeed& feed = reader.feed();
  std::size_t item_number = 0;
  bool saw_channel = false;

  auto read_items = [&](const Scope& parent, std::string_view lang) {
    parent.for_each_child([&](const Scope& c) {
      if (is_rss_core(c.name()) && c.name().local == "item" && !reader.is_unfinished(c.node()))
        reader.add_item(read_rss_item(c, lang, ++item_number, reader));
    });
  };

  root.for_each_child([&](const Scope& channel) {
    if (saw_channel || !is_rss_core(channel.name()) || channel.name().local != "channel") return;
    saw_channel = true;
    std::string lang;
    TtlHint ttl;
    channel.for_each_child([&](const Scope& c) {
      const QName q = c.name();
      ttl.offer(c);
      if (is_rss_core(q) && q.local == "title" && feed.title.empty())
        feed.title = plain_title(text_of(c), TitleMarkup::guess);
      else if (is_rss_core(q) && q.local == "link" && feed.link.empty())
        feed.link = c.base().resolve(text_of(c));
      else if (((is_rss_core(q) && q.local == "language") || q.is(ns::dc, "language")) && lang.empty())
        lang = text::trim(text_of(c));
    });
    if (lang.empty()) lang = text::trim(channel.lang());
    feed.ttl = ttl.ttl();
    read_items(channel, lang);
  });
  // Some generators put the items beside the channel instead of inside it.
  if (item_number == 0) read_items(root, text::trim(root.lang()));
}

}  // namespace vigil::feeds::detail
