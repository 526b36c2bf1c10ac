#pragma once
// parse_feed: one fetched document in, normalized items out. The format (RSS 0.9x/2.0, RSS
// 1.0/RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1) is detected from the content; one private file per
// format.
#include <cstddef>
#include <expected>
#include <string>

#include "model/fetch.hpp"
#include "model/item.hpp"

namespace vigil::feeds {

struct ParseError {
  enum class Kind { malformed, not_a_feed };
  Kind kind = Kind::malformed;
  std::size_t offset = 0;  // byte offset into the body, where known
  std::string message;     // "feeds: malformed XML at offset 120: ..."
};

// Uses result.body, result.content_type (its charset), result.final_url (else result.url) as
// the base for relative links, and result.source as Item::source. Titles come out as plain
// text; summary and content as HTML (plain-text Atom constructs and JSON Feed text are
// escaped); every string is valid UTF-8.
// Charsets (feeds/encoding.hpp): a BOM, else the HTTP charset, else the XML prolog, else
// UTF-8; a declared charset the bytes do not fit gives way to the next one.
// Ill-formed XML is recovered where possible, with a warning: first by repairing bare '&',
// stray '<', HTML entities and control characters, else by keeping the complete items read
// before the error.
// Errors: a body that yields no items because it is not well-formed XML (empty included) is
// `malformed`, as is broken JSON; well-formed XML of another kind, an HTML page or JSON that is
// not a JSON Feed is `not_a_feed`. Never throws on input.
//
// Dates: Item::published is the feed's publication date (RSS pubDate, else dc:date; Atom
// published); when the feed gives only an update date (Atom entries need only <updated>),
// published takes that date too, so age limits still work. Item::updated is set only from an
// update date the feed states (Atom updated, dcterms:modified, atom:updated in RSS); it is
// never copied from published. Both stay empty when the feed gives no (parseable) date;
// an unparseable date adds one warning per feed.
// Ids: RSS guid / RDF rdf:about / Atom id, else the link, else "hash:" + 16 hex digits of
// XXH3-64 over title, summary and content.
std::expected<ParsedFeed, ParseError> parse_feed(const FetchResult& result);

}  // namespace vigil::feeds
