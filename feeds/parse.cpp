// parse_feed: convert the body to UTF-8, load the XML (or JSON), detect the format from the
// root element, hand over to the reader for that format; recover what can be read from an
// ill-formed document. The XML library stays behind this file and the private readers.
#include "feeds/parse.hpp"

#include <pugixml.hpp>

#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

#include "feeds/encoding.hpp"
#include "feeds/reader.hpp"
#include "feeds/recover.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"
#include "feeds/xml.hpp"

namespace vigil::feeds {
namespace {

using detail::Scope;

// Skips a UTF-8 BOM and leading whitespace.
std::string_view content_start(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  return text::trim(body);
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// Recognizes an HTML page that is not well-formed XML (the usual reply of a site whose feed
// moved), so it is reported as "not a feed" rather than as a broken one.
bool looks_like_html(std::string_view body) {
  std::string_view s = content_start(body);
  for (int guard = 0; guard < 8; ++guard) {  // skip an XML declaration and comments
    if (s.starts_with("<?")) {
      const auto end = s.find("?>");
      if (end == std::string_view::npos) return false;
      s = text::trim(s.substr(end + 2));
    } else if (s.starts_with("<!--")) {
      const auto end = s.find("-->");
      if (end == std::string_view::npos) return false;
      s = text::trim(s.substr(end + 3));
    } else {
      break;
    }
  }
  return starts_with_nocase(s, "<!doctype html") || starts_with_nocase(s, "<html");
}

ParseError not_a_feed(std::string what) {
  return ParseError{ParseError::Kind::not_a_feed, 0, "feeds: not RSS, RDF or Atom (" + what + ")"};
}

constexpr unsigned parse_options = pugi::parse_default | pugi::parse_ws_pcdata;

std::expected<ParsedFeed, ParseError> parse_json(const FetchResult& result, std::string_view body) {
  ParsedFeed feed;
  detail::FeedReader reader(result, feed);
  switch (detail::read_json_feed(body, result.final_url.empty() ? result.url : result.final_url, reader)) {
    case detail::JsonFeedStatus::read: break;
    case detail::JsonFeedStatus::malformed:
      return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "feeds: malformed JSON"});
    case detail::JsonFeedStatus::not_json_feed:
      return std::unexpected(not_a_feed("JSON that is not a JSON Feed"));
  }
  reader.finish();
  return feed;
}

// The root element's name as written, short and printable, for messages.
std::string shown_name(std::string_view name) {
  constexpr std::size_t limit = 64;
  std::string shown = text::valid_utf8(name.substr(0, limit), text::C1Controls::windows_1252);
  if (name.size() > limit) shown += "...";
  return shown;
}

}  // namespace

std::expected<ParsedFeed, ParseError> parse_feed(const FetchResult& result) {
  const std::string_view body = result.body;
  const std::string_view start = content_start(body);
  if (start.empty())
    return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "feeds: empty document"});

  if (start.starts_with('{') || start.starts_with('[')) return parse_json(result, start);

  std::vector<std::string> warnings;
  const std::optional<std::string> converted = detail::to_utf8(body, result.content_type, warnings);
  std::string_view xml = converted ? std::string_view(*converted) : body;

  pugi::xml_document doc;
  // parse_default keeps CDATA and decodes XML entities; unknown ones (&nbsp;) stay as written
  // and are decoded later for titles. Whitespace-only text is kept for the XHTML we copy.
  auto load = detail::load_xml(doc, xml, parse_options, "feeds", warnings);
  std::optional<ParseError> ill_formed;  // set while reading a repaired or partial document
  if (load.error) {
    if (looks_like_html(xml)) return std::unexpected(not_a_feed("an HTML page"));
    ill_formed = ParseError{ParseError::Kind::malformed, load.error_offset, *load.error};
    if (!doc.document_element()) return std::unexpected(*ill_formed);
  }
  const bool parsed = load.complete;
  std::vector<pugi::xml_node> unfinished = std::move(load.unfinished);

  const pugi::xml_node root = doc.document_element();
  const std::string_view base = result.final_url.empty() ? result.url : result.final_url;
  const Scope scope(root, base);
  const detail::QName name = scope.name();

  ParsedFeed feed;
  detail::FeedReader reader(result, feed);
  reader.set_unfinished(std::move(unfinished));
  if (name.local == "rss" && (name.ns.empty() || name.ns == detail::ns::rss20_userland ||
                              name.ns == detail::ns::rss20_harvard)) {
    detail::read_rss(scope, reader);
  } else if (name.is(detail::ns::rdf, "RDF")) {
    detail::read_rdf(scope, reader);
  } else if (name.is(detail::ns::atom, "feed") || name.is(detail::ns::atom03, "feed")) {
    detail::read_atom(scope, reader);
  } else {
    if (ill_formed) return std::unexpected(*ill_formed);
    return std::unexpected(not_a_feed("root element <" + shown_name(root.name()) + ">"));
  }
  if (ill_formed && !parsed) {
    // Nothing recovered is an error: an empty feed would hide that the source is broken.
    if (feed.items.empty()) return std::unexpected(*ill_formed);
    warnings.push_back(ill_formed->message + "; kept the " + std::to_string(feed.items.size()) +
                       " complete item(s) before it");
  }
  reader.finish();
  feed.warnings.insert(feed.warnings.begin(), warnings.begin(), warnings.end());
  return feed;
}

}  // namespace vigil::feeds
