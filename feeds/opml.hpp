#pragma once
// OPML: feed lists in and out. parse_opml reads the subscription lists other readers export;
// to_sources_toml turns one into [[source]] entries for vigil.toml; write_opml writes ours.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/parse.hpp"

namespace vigil::feeds {

// One <outline> with a non-empty xmlUrl.
struct OpmlFeed {
  std::string title{};     // title attribute, else text: plain UTF-8, no control characters
  std::string xml_url{};   // the feed's URL, trimmed, otherwise as written
  std::string html_url{};  // the site's URL, trimmed; often empty
  std::string type{};      // the type attribute, lower-cased: "rss", "atom", "" or anything else
  // Titles of the enclosing outlines, outermost first (the 16 outermost levels at most).
  std::vector<std::string> category{};
};

struct OpmlDocument {
  std::string title;            // <head><title>, plain text
  std::vector<OpmlFeed> feeds;  // document order, every nesting level; duplicates kept
};

// OPML 1.0 and 2.0. Attribute names are matched without regard to case (xmlUrl, xmlurl,
// XMLURL); nested outlines without xmlUrl are categories. Feeds of every type are returned,
// so the caller decides what to do with types it cannot read.
// Errors: XML that is not well-formed (empty included) is `malformed`, with the byte offset;
// well-formed XML whose root is not <opml> is `not_a_feed`. Never throws on input.
std::expected<OpmlDocument, ParseError> parse_opml(std::string_view xml);

// An OPML 2.0 document (UTF-8) with one <outline type="rss" text="T" title="T" xmlUrl="U"/>
// per feed (type as given, "rss" when empty), grouped into nested outlines by category.
// Escaping is pugixml's; control characters in titles become spaces.
std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title);

// TOML for vigil.toml: a header comment naming `origin` (the file read), then per feed a
// comment with its title and category and a [[source]] table with `name` and `url`.
// - name: the title as a slug (ASCII lower-cased, letters of other scripts kept, punctuation,
//   spaces and symbols collapsed into single hyphens, at most 60 bytes); the URL's host when
//   that leaves nothing; "-2", "-3", ... appended on collisions.
// - skipped, each with a "# skipped ...: URL" comment in its place: types other than rss,
//   atom or none; URLs that are not absolute http(s) (file: ones included: an imported list
//   must not read local files); a URL seen before, compared after trimming and lower-casing
//   the scheme and host (the first one wins).
// URLs are trimmed and characters URLs cannot hold (spaces, non-ASCII) percent-encoded.
// Every string is TOML-escaped and every comment kept on one line, whatever the input holds.
std::string to_sources_toml(const OpmlDocument& opml, std::string_view origin);

}  // namespace vigil::feeds
