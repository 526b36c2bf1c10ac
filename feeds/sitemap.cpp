// parse_sitemap: gunzip if needed, convert to UTF-8, then read a <urlset> (Google News tags
// included), a <sitemapindex> or a plain-text list of URLs. Reading and recovery follow
// parse_feed: the same charset rules, repair of hand-written XML, and the complete entries
// before an error kept.
#include "feeds/sitemap.hpp"

#include <pugixml.hpp>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "feeds/encoding.hpp"
#include "feeds/html_dom.hpp"
#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/recover.hpp"
#include "feeds/title.hpp"
#include "feeds/xml.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds {
namespace {

using detail::Scope;

constexpr std::string_view news_ns = "http://www.google.com/schemas/sitemap-news/0.9";
// The protocol's limits: 50,000 URLs and 50 MB (52,428,800 bytes) uncompressed per file.
constexpr std::size_t max_entries = 50'000;
constexpr std::size_t max_inflated = 52'428'800;

// ---- gzip -----------------------------------------------------------------------------------

bool is_gzip(std::string_view body) { return body.size() >= 2 && body[0] == '\x1f' && body[1] == '\x8b'; }

// A zlib inflate stream, ended on every path.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK; }  // 16: gzip wrapper
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

// The decompressed body. Concatenated gzip members are joined (as gunzip does); a stream cut
// short or corrupt after some output, and output past the protocol's size limit, keep what
// was read with a warning (the XML reader then recovers the complete entries). Corrupt data
// with nothing read is an error.
std::expected<std::string, ParseError> gunzip(std::string_view body, std::vector<std::string>& warnings) {
  Inflater inflater;
  if (!inflater.ok()) return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "sitemap: zlib failed to start"});
  z_stream& z = inflater.stream();
  std::string out;
  char buffer[64 * 1024];
  std::size_t consumed = 0;  // bytes of body handed to zlib so far
  while (true) {
    if (z.avail_in == 0 && consumed < body.size()) {
      const std::size_t chunk = std::min<std::size_t>(body.size() - consumed, UINT_MAX);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data() + consumed));
      z.avail_in = static_cast<uInt>(chunk);
      consumed += chunk;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    const int rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - z.avail_out;
    out.append(buffer, produced);
    if (out.size() > max_inflated) {
      out.resize(max_inflated);
      warnings.push_back("sitemap: decompressed body exceeds 50 MB; read the first 50 MB");
      return out;
    }
    if (rc == Z_STREAM_END) {
      const std::size_t left = z.avail_in + (body.size() - consumed);
      const std::string_view rest = body.substr(body.size() - left);
      if (!is_gzip(rest)) return out;  // done; trailing bytes after the last member are ignored
      inflateReset(&z);
      continue;
    }
    if (rc == Z_OK && (produced > 0 || z.avail_in > 0 || consumed < body.size())) continue;
    if (rc == Z_OK || rc == Z_BUF_ERROR) {  // input exhausted before the end of the stream
      warnings.push_back("sitemap: gzip data ends early; read what it holds");
      return out;
    }
    const std::string why = z.msg ? z.msg : "error " + std::to_string(rc);
    if (out.empty())
      return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "sitemap: corrupt gzip data: " + why});
    warnings.push_back("sitemap: corrupt gzip data after " + std::to_string(out.size()) + " bytes (" + why +
                       "); read what came before");
    return out;
  }
}

// ---- shared ---------------------------------------------------------------------------------

std::string_view content_start(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  return text::trim(body);
}

ParseError not_a_sitemap(std::string what) {
  return ParseError{ParseError::Kind::not_a_feed, 0, "sitemap: not a sitemap (" + std::move(what) + ")"};
}

// Newest first; undated entries last, in document order.
template <class T, class DateOf>
void sort_newest_first(std::vector<T>& entries, DateOf date_of) {
  std::stable_sort(entries.begin(), entries.end(), [&](const T& a, const T& b) {
    const std::optional<Timestamp>& da = date_of(a);
    const std::optional<Timestamp>& db = date_of(b);
    return da && (!db || *da > *db);
  });
}

// Collects what the readers find: links kept once, drops and the entry limit counted for
// warnings at the end.
class Collector {
 public:
  Collector(const FetchResult& fetch, ParsedFeed& feed) : reader_(fetch, feed) {}

  detail::FeedReader& reader() { return reader_; }

  // Whether one more entry may be read; counts the ones past the limit.
  bool take_entry() {
    if (entries_ < max_entries) {
      ++entries_;
      return true;
    }
    ++over_limit_;
    return false;
  }

  // The resolved http(s) URL for a <loc>, or nullopt when it is empty, not http(s), or seen.
  std::optional<std::string> accept(const detail::BaseUrl& base, std::string_view loc) {
    if (text::trim(loc).empty()) {
      ++empty_;
      return std::nullopt;
    }
    std::string url = base.resolve(loc);
    if (!detail::looks_like_http_url(url)) {
      ++not_http_;
      return std::nullopt;
    }
    if (!seen_.insert(url).second) return std::nullopt;
    return url;
  }

  void finish(std::vector<std::string>& warnings, std::string_view what) {
    if (over_limit_ > 0)
      warnings.push_back("sitemap: more than " + std::to_string(max_entries) + " " + std::string(what) +
                         " entries; read the first " + std::to_string(max_entries) + ", skipped " +
                         std::to_string(over_limit_));
    if (not_http_ > 0)
      warnings.push_back("sitemap: dropped " + std::to_string(not_http_) + " <loc> that are not http(s) URLs");
    if (empty_ > 0) warnings.push_back("sitemap: skipped " + std::to_string(empty_) + " entries without <loc>");
  }

 private:
  detail::FeedReader reader_;
  std::unordered_set<std::string> seen_;
  std::size_t entries_ = 0, over_limit_ = 0, not_http_ = 0, empty_ = 0;
};

// ---- plain-text sitemaps --------------------------------------------------------------------

// One URL per line (sitemaps.org allows this form). The first non-empty line must be an
// http(s) URL; later lines that are not are skipped.
std::expected<Sitemap, ParseError> read_text_sitemap(const FetchResult& result, std::string_view body,
                                                     std::string_view base, std::vector<std::string> warnings) {
  Sitemap sitemap;
  ParsedFeed feed;
  Collector collect(result, feed);
  const detail::BaseUrl base_url{std::string(base)};
  std::size_t not_urls = 0;
  bool first = true;
  for (std::size_t pos = 0; pos <= body.size();) {
    const std::size_t end = std::min(body.find_first_of("\r\n", pos), body.size());
    const std::string_view line = text::trim(body.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    const bool is_url = detail::looks_like_http_url(line);
    if (first && !is_url) return std::unexpected(not_a_sitemap("neither XML nor a list of URLs"));
    first = false;
    if (!is_url) {
      ++not_urls;
      continue;
    }
    if (!collect.take_entry()) continue;
    if (auto url = collect.accept(base_url, line)) {
      Item item;
      item.link = *url;
      item.id = std::move(*url);
      collect.reader().add_item(std::move(item));
    }
  }
  if (first) return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "sitemap: empty document"});
  if (not_urls > 0) warnings.push_back("sitemap: skipped " + std::to_string(not_urls) + " lines that are not URLs");
  collect.finish(warnings, "URL");
  collect.reader().finish();
  sitemap.items = std::move(feed.items);
  sitemap.warnings = std::move(warnings);
  sitemap.warnings.insert(sitemap.warnings.end(), feed.warnings.begin(), feed.warnings.end());
  return sitemap;
}

// ---- XML sitemaps ---------------------------------------------------------------------------

// Whether an element of the news extension is `local`: in its namespace, or written with the
// conventional "news:" prefix by a sitemap that forgot to declare it.
bool is_news(const Scope& s, std::string_view local) {
  if (s.name().local != local) return false;
  return s.name().ns == news_ns || (s.name().ns.empty() && std::string_view(s.node().name()).starts_with("news:"));
}

struct Reading {
  const detail::QName& root;
  std::vector<pugi::xml_node> unfinished;  // elements cut short by an error: their entries are skipped
  bool cut(pugi::xml_node n) const { return std::find(unfinished.begin(), unfinished.end(), n) != unfinished.end(); }
  // A child of an entry in the sitemap namespace (the root's, possibly none).
  bool is(const Scope& s, std::string_view local) const { return s.name().local == local && s.name().ns == root.ns; }
};

void read_news(const Scope& news, Item& item, std::string& date) {
  news.for_each_child([&](const Scope& field) {
    if (is_news(field, "title")) {
      item.title = detail::plain_title(detail::NodeText(field.node()), detail::TitleMarkup::guess);
    } else if (is_news(field, "publication_date")) {
      date = text::trim(detail::NodeText(field.node()));
    } else if (is_news(field, "publication")) {
      field.for_each_child([&](const Scope& pub) {
        if (is_news(pub, "language")) item.lang = text::trim(detail::NodeText(pub.node()));
      });
    }
  });
}

void read_urlset(const Scope& root, const Reading& reading, Collector& collect) {
  std::size_t number = 0;
  root.for_each_child([&](const Scope& entry) {
    if (!reading.is(entry, "url") || reading.cut(entry.node())) return;
    if (!collect.take_entry()) return;
    ++number;
    Item item;
    std::string loc, lastmod, news_date;
    entry.for_each_child([&](const Scope& field) {
      if (reading.is(field, "loc")) loc = detail::NodeText(field.node());
      else if (reading.is(field, "lastmod")) lastmod = detail::NodeText(field.node());
      else if (is_news(field, "news")) read_news(field, item, news_date);
    });
    auto url = collect.accept(entry.base(), loc);
    if (!url) return;
    item.link = *url;
    item.id = std::move(*url);
    item.published = collect.reader().date(news_date, number);
    if (!item.published) item.published = collect.reader().date(lastmod, number);
    collect.reader().add_item(std::move(item));
  });
}

void read_index(const Scope& root, const Reading& reading, Collector& collect, Sitemap& out) {
  struct Child {
    std::string url;
    std::optional<Timestamp> lastmod;
  };
  std::vector<Child> children;
  std::size_t number = 0;
  root.for_each_child([&](const Scope& entry) {
    if (!reading.is(entry, "sitemap") || reading.cut(entry.node())) return;
    if (!collect.take_entry()) return;
    ++number;
    std::string loc, lastmod;
    entry.for_each_child([&](const Scope& field) {
      if (reading.is(field, "loc")) loc = detail::NodeText(field.node());
      else if (reading.is(field, "lastmod")) lastmod = detail::NodeText(field.node());
    });
    if (auto url = collect.accept(entry.base(), loc))
      children.push_back({text::valid_utf8(*url), collect.reader().date(lastmod, number)});
  });
  sort_newest_first(children, [](const Child& c) -> const std::optional<Timestamp>& { return c.lastmod; });
  for (Child& c : children) out.sitemaps.push_back(std::move(c.url));
}

std::string shown_name(std::string_view name) {
  constexpr std::size_t limit = 64;
  std::string shown = text::valid_utf8(name.substr(0, limit));
  if (name.size() > limit) shown += "...";
  return shown;
}

}  // namespace

std::expected<Sitemap, ParseError> parse_sitemap(const FetchResult& result) {
  std::vector<std::string> warnings;
  std::string_view body = result.body;
  std::string inflated;
  if (is_gzip(body)) {
    auto out = gunzip(body, warnings);
    if (!out) return std::unexpected(out.error());
    inflated = std::move(*out);
    body = inflated;
  }
  if (content_start(body).empty())
    return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "sitemap: empty document"});

  const std::optional<std::string> converted = detail::to_utf8(body, result.content_type, warnings);
  std::string_view xml = converted ? std::string_view(*converted) : body;
  const std::string_view base = result.final_url.empty() ? result.url : result.final_url;
  const std::string_view start = content_start(xml);
  if (!start.starts_with('<')) {
    if (start.starts_with('{') || start.starts_with('[')) return std::unexpected(not_a_sitemap("JSON"));
    return read_text_sitemap(result, start, base, std::move(warnings));
  }

  pugi::xml_document doc;
  auto load = detail::load_xml(doc, xml, pugi::parse_default, "sitemap", warnings);
  std::optional<ParseError> ill_formed;  // set while reading a repaired or partial document
  if (load.error) {
    if (detail::looks_like_html_page(start)) return std::unexpected(not_a_sitemap("an HTML page"));
    ill_formed = ParseError{ParseError::Kind::malformed, load.error_offset, *load.error};
    if (!doc.document_element()) return std::unexpected(*ill_formed);
  }
  const bool parsed = load.complete;
  std::vector<pugi::xml_node> unfinished = std::move(load.unfinished);

  const pugi::xml_node root = doc.document_element();
  const Scope scope(root, base);
  const detail::QName& name = scope.name();
  const bool is_urlset = name.local == "urlset", is_index = name.local == "sitemapindex";
  if (!is_urlset && !is_index) {
    if (ill_formed) return std::unexpected(*ill_formed);
    return std::unexpected(not_a_sitemap("root element <" + shown_name(root.name()) + ">"));
  }

  Sitemap sitemap;
  ParsedFeed feed;
  Collector collect(result, feed);
  const Reading reading{name, std::move(unfinished)};
  if (is_urlset) read_urlset(scope, reading, collect);
  else read_index(scope, reading, collect, sitemap);

  if (ill_formed && !parsed) {
    // Nothing recovered is an error: an empty sitemap would hide that the source is broken.
    if (feed.items.empty() && sitemap.sitemaps.empty()) return std::unexpected(*ill_formed);
    warnings.push_back(ill_formed->message + "; kept the " + std::to_string(feed.items.size() + sitemap.sitemaps.size()) +
                       " complete entries before it");
  }
  collect.finish(warnings, is_urlset ? "URL" : "sitemap");
  collect.reader().finish();
  sort_newest_first(feed.items, [](const Item& i) -> const std::optional<Timestamp>& { return i.published; });
  sitemap.items = std::move(feed.items);
  sitemap.warnings = std::move(warnings);
  sitemap.warnings.insert(sitemap.warnings.end(), feed.warnings.begin(), feed.warnings.end());
  return sitemap;
}

}  // namespace vigil::feeds
