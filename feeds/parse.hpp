#pragma once
// parse_feed: one fetched document in, normalized items out. The format (RSS 2.0, RSS 1.0/RDF,
// Atom 1.0) is detected from the content; one private file per format.
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

// Uses result.body, result.final_url (else result.url) as the base for relative links, and
// result.source as Item::source.
std::expected<ParsedFeed, ParseError> parse_feed(const FetchResult& result);

}  // namespace vigil::feeds
