#pragma once
// Feed discovery: the feeds an HTML page advertises. Public: `vigil discover` and the poller
// (a feed source whose URL turns out to be a page) use it.
#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds {

struct DiscoveredFeed {
  std::string url;    // absolute, resolved against the page URL and <base>
  std::string type;   // "application/rss+xml", "application/atom+xml", "application/feed+json", ...
  std::string title;  // the link's title attribute
};

// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json|json|rdf+xml|xml"
// href="..."> in the page (rel may hold several tokens; case-insensitive; also text/xml and
// the old x-rss/x-atom types; type parameters ignored), head or body, in document order,
// without duplicates; http(s) URLs only ("feed://" and "feed:https://" read as http(s));
// WordPress REST API links (application/json to /wp-json/) are not feeds. Comment feeds
// ("comment" in the title or URL, also commentaires, comentarios, Kommentare, коментарі,
// комментарии) after the others. The page is parsed with parse_html (charset from BOM,
// `content_type`, <meta>).
std::vector<DiscoveredFeed> discover_feeds(std::string_view html, std::string_view content_type,
                                           std::string_view page_url);

}  // namespace vigil::feeds
