// RSS 1.0 (and 0.90): an rdf:RDF root whose <item>s are siblings of <channel>, identified by
// rdf:about and dated with Dublin Core. Items are read like RSS 2.0 items (rss.cpp).
#include <string>

#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/title.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

bool is_rdf_rss(const QName& q, std::string_view local) {
  return (q.ns == ns::rss10 || q.ns == ns::rss090) && q.local == local;
}

}  // namespace

void read_rdf(const Scope& root, FeedReader& reader) {
  ParsedFeed& feed = reader.feed();
  std::string lang;
  bool saw_channel = false;
  root.for_each_child([&](const Scope& channel) {
    if (saw_channel || !is_rdf_rss(channel.name(), "channel")) return;
    saw_channel = true;
    TtlHint ttl;
    channel.for_each_child([&](const Scope& c) {
      const QName q = c.name();
      ttl.offer(c);
      if (is_rdf_rss(q, "title") && feed.title.empty())
        feed.title = plain_title(inner_text(c.node()), TitleMarkup::guess);
      else if (is_rdf_rss(q, "link") && feed.link.empty())
        feed.link = c.base().resolve(inner_text(c.node()));
      else if (q.is(ns::dc, "language") && lang.empty())
        lang = text::trim(inner_text(c.node()));
    });
    if (lang.empty()) lang = text::trim(channel.lang());
    feed.ttl = ttl.ttl();
  });

  std::size_t item_number = 0;
  auto read_items = [&](const Scope& parent) {
    parent.for_each_child([&](const Scope& c) {
      if (is_rdf_rss(c.name(), "item") && !reader.is_unfinished(c.node())) reader.add_item(read_rss_item(c, lang, ++item_number, reader));
    });
  };
  read_items(root);
  // Tolerate items placed inside the channel, as some RSS 2.0 habits leak into RDF feeds.
  if (item_number == 0) {
    root.for_each_child([&](const Scope& channel) {
      if (is_rdf_rss(channel.name(), "channel")) read_items(channel);
    });
  }
}

}  // namespace vigil::feeds::detail
