// discover_feeds: the <link rel="alternate"> elements of a page that name a feed type.
#include "feeds/discover.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

#include "feeds/html_dom.hpp"
#include "feeds/links.hpp"
#include "text/whitespace.hpp"
#include "text/words.hpp"

namespace vigil::feeds {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool has_token(std::string_view list, std::string_view token) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && (list[pos] == ' ' || list[pos] == '\t' || list[pos] == '\n' || list[pos] == '\r' ||
                                 list[pos] == '\f'))
      ++pos;
    std::size_t end = pos;
    while (end < list.size() && list[end] != ' ' && list[end] != '\t' && list[end] != '\n' && list[end] != '\r' &&
           list[end] != '\f')
      ++end;
    if (end > pos && lowered(list.substr(pos, end - pos)) == token) return true;
    pos = end;
  }
  return false;
}

// The media type without parameters, lower-cased, when it is one a feed is served as.
std::optional<std::string> feed_type(std::string_view type_attribute) {
  static constexpr std::array<std::string_view, 10> types{
      "application/rss+xml",   "application/atom+xml", "application/feed+json", "application/json",
      "application/rdf+xml",   "application/xml",      "text/xml",              "application/x-rss+xml",
      "application/x-atom+xml", "application/x.atom+xml"};
  std::string type = lowered(text::trim(type_attribute.substr(0, type_attribute.find(';'))));
  if (std::find(types.begin(), types.end(), type) == types.end()) return std::nullopt;
  return type;
}

// WordPress advertises its REST API as rel="alternate" type="application/json"; that JSON is
// a page's data, not a feed.
bool is_rest_api(std::string_view url) {
  return url.find("/wp-json/") != std::string_view::npos || url.find("rest_route=") != std::string_view::npos;
}

// "feed://ngo.example/rss" and "feed:https://ngo.example/rss", an old convention for
// feed readers, as the http(s) URLs they stand for.
std::string without_feed_scheme(std::string_view href) {
  href = text::trim(href);
  const std::string head = lowered(href.substr(0, 5));
  if (head != "feed:") return std::string(href);
  const std::string_view rest = href.substr(5);
  if (rest.starts_with("//")) return "http:" + std::string(rest);
  return std::string(rest);
}

// Comment feeds name themselves so in the title or the URL, in most languages ("Comments
// Feed", "commentaires", "comentarios", "Kommentare", "коментарі", "комментарии").
bool is_comment_feed(const DiscoveredFeed& feed) {
  static constexpr std::array<std::string_view, 5> marks{"comment", "coment", "kommentar", "коментар", "комментар"};
  const std::string title = text::fold(feed.title), url = lowered(feed.url);
  return std::any_of(marks.begin(), marks.end(), [&](std::string_view m) {
    return title.find(m) != std::string::npos || url.find(m) != std::string::npos;
  });
}

// The next element after `n` in document order, without recursion.
pugi::xml_node next_in_document(pugi::xml_node n) {
  if (pugi::xml_node child = n.first_child()) return child;
  for (; n; n = n.parent())
    if (pugi::xml_node sibling = n.next_sibling()) return sibling;
  return {};
}

}  // namespace

std::vector<DiscoveredFeed> discover_feeds(std::string_view html, std::string_view content_type,
                                           std::string_view page_url) {
  const detail::HtmlDocument page = detail::parse_html(html, content_type, page_url);
  std::vector<DiscoveredFeed> feeds;
  std::unordered_set<std::string> seen;
  for (pugi::xml_node n = page.html(); n; n = next_in_document(n)) {
    if (n.type() != pugi::node_element || std::string_view(n.name()) != "link") continue;
    if (!has_token(n.attribute("rel").value(), "alternate")) continue;
    auto type = feed_type(n.attribute("type").value());
    if (!type) continue;
    const std::string href = without_feed_scheme(n.attribute("href").value());
    if (href.empty()) continue;
    std::string url = detail::resolve_url(page.base_url, href);
    if (!detail::looks_like_http_url(url)) continue;
    if (*type == "application/json" && is_rest_api(url)) continue;
    if (!seen.insert(url).second) continue;
    feeds.push_back({std::move(url), std::move(*type), text::collapse_whitespace(n.attribute("title").value())});
  }
  std::stable_partition(feeds.begin(), feeds.end(), [](const DiscoveredFeed& f) { return !is_comment_feed(f); });
  return feeds;
}

}  // namespace vigil::feeds
