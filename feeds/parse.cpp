// parse_feed: load the XML, detect the format from the root element, hand over to the reader
// for that format. The XML library stays behind this file and the private readers.
#include "feeds/parse.hpp"

#include <pugixml.hpp>

#include <cctype>
#include <string_view>

#include "feeds/reader.hpp"
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

  pugi::xml_document doc;
  // parse_default keeps CDATA and decodes XML entities; unknown ones (&nbsp;) stay as written
  // and are decoded later for titles. Whitespace-only text is kept for the XHTML we copy.
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!parsed) {
    if (looks_like_html(body)) return std::unexpected(not_a_feed("an HTML page"));
    if (start.starts_with('{') || start.starts_with('['))
      return std::unexpected(not_a_feed("JSON, not supported yet"));
    const auto offset = static_cast<std::size_t>(parsed.offset);
    return std::unexpected(ParseError{ParseError::Kind::malformed, offset,
                                      "feeds: malformed XML at offset " + std::to_string(offset) + ": " +
                                          parsed.description()});
  }

  const pugi::xml_node root = doc.document_element();
  const std::string_view base = result.final_url.empty() ? result.url : result.final_url;
  const Scope scope(root, base);
  const detail::QName name = scope.name();

  ParsedFeed feed;
  detail::FeedReader reader(result, feed);
  if (name.local == "rss" && (name.ns.empty() || name.ns == detail::ns::rss20_userland ||
                              name.ns == detail::ns::rss20_harvard)) {
    detail::read_rss(scope, reader);
  } else if (name.is(detail::ns::rdf, "RDF")) {
    detail::read_rdf(scope, reader);
  } else if (name.is(detail::ns::atom, "feed")) {
    detail::read_atom(scope, reader);
  } else {
    return std::unexpected(not_a_feed("root element <" + shown_name(root.name()) + ">"));
  }
  reader.finish();
  return feed;
}

}  // namespace vigil::feeds
