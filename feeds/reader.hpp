#pragma once
// Private to feeds/: what the per-format readers share. Each reader walks its document and
// hands raw items to FeedReader::add_item, which applies the rules common to all formats.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/xml.hpp"
#include "model/fetch.hpp"
#include "model/item.hpp"

namespace vigil::feeds::detail {

class FeedReader {
 public:
  FeedReader(const FetchResult& fetch, ParsedFeed& out) : fetch_(fetch), out_(out) {}

  ParsedFeed& feed() { return out_; }

  // Recovery from ill-formed XML: elements whose end was never read; an item among them may
  // be cut short, so the readers skip it.
  void set_unfinished(std::vector<pugi::xml_node> elements) { unfinished_ = std::move(elements); }
  bool is_unfinished(pugi::xml_node element) const;

  // parse_date plus bookkeeping: an unparseable date leaves nullopt and warns once per feed.
  // `item_number` is 1-based, in document order.
  std::optional<Timestamp> date(std::string_view text, std::size_t item_number);

  // Completes and appends an item: source, published falling back to updated, id falling back
  // to the link and then to a content hash, unsafe links dropped, text forced to valid UTF-8.
  // Items with neither id, title, link nor text are skipped (counted for one warning).
  void add_item(Item item);

  // Adds the warnings collected while reading; call once at the end.
  void finish();

 private:
  const FetchResult& fetch_;
  ParsedFeed& out_;
  bool date_warned_ = false;
  std::size_t empty_items_ = 0;
  std::vector<pugi::xml_node> unfinished_;
};

// HTML for a description/summary/content element: its markup when it holds raw elements
// (unescaped XHTML), else its text (which is HTML, escaped in the XML or in CDATA), trimmed.
std::string html_of(const Scope& element);

// "jane@ngo.example (Jane Doe)" -> "Jane Doe"; "Jane Doe <jane@ngo.example>" -> "Jane Doe".
std::string author_name(std::string_view raw);
void add_author(Item& item, std::string name);

void read_rss(const Scope& root, FeedReader& reader);   // <rss> 0.91-2.0
void read_rdf(const Scope& root, FeedReader& reader);   // <rdf:RDF>: RSS 1.0 and 0.90
void read_atom(const Scope& root, FeedReader& reader);  // <feed> in the Atom 1.0 or 0.3 namespace

enum class JsonFeedStatus { read, malformed, not_json_feed };
// A JSON Feed 1.0/1.1 document; relative URLs resolve against `document_url`.
JsonFeedStatus read_json_feed(std::string_view body, std::string_view document_url, FeedReader& reader);

// The feed's refresh hint from a channel child (<ttl>, sy:updatePeriod, sy:updateFrequency);
// call for every child, then ttl() gives the hint (<ttl> wins).
class TtlHint {
 public:
  void offer(const Scope& element);
  std::optional<std::chrono::seconds> ttl() const;

 private:
  std::string ttl_, period_, frequency_;
  bool saw_period_ = false, saw_frequency_ = false;
};

// Media RSS (media:title, media:description, also inside media:group or media:content):
// title and summary for items that have none of their own.
class MediaText {
 public:
  // Any child of the item, with its name (already resolved by the caller).
  void offer(const Scope& element, const QName& name) { offer(element, name, 0); }
  void fill(Item& item) const;

 private:
  void offer(const Scope& element, const QName& name, int depth);
  std::string title_, description_;
};

// One RSS item (<item> of RSS 2.0 or RSS 1.0); `channel_lang` fills Item::lang when the item
// says nothing itself.
Item read_rss_item(const Scope& item, std::string_view channel_lang, std::size_t item_number,
                   FeedReader& reader);

}  // namespace vigil::feeds::detail
