#pragma once
// Item JSON, the one shape items take on the command line (DESIGN.md "Item JSON"): the entries
// of `vigil parse`, the input lines of `vigil match` and `vigil dedup`.
//   {"id", "source", "title", "link", "published", "updated", "summary", "content", "author", "lang"}
// Keys in that order; dates RFC 3339 UTC ("2024-11-20T14:05:00Z") or null; `author` is one
// string, the item's authors joined with ", ".
#include <expected>
#include <functional>
#include <string>
#include <string_view>

#include "model/item.hpp"

namespace vigil::daemon {

// One line, no trailing newline. Never throws: invalid UTF-8 (which parse_feed never emits)
// is replaced by U+FFFD.
std::string item_to_json(const Item& item);

// Reads one Item JSON object. Unknown fields are ignored; missing fields, and null, leave the
// field empty. `author` may be a string (kept as one author, so writing it back gives the same
// string) or an array of strings. Errors ("item JSON: "published": not an RFC 3339 date: ...")
// for text that is not a JSON object, a field of the wrong type, or a date that does not parse.
std::expected<Item, std::string> item_from_json(std::string_view text);

// Item JSON lines, one item per line (blank lines skipped), as `vigil match` and `vigil dedup`
// read them: `visit(item, line_number)` for each good line; a bad line is reported on stderr as
// "COMMAND: INPUT:LINE: why" and skipped, the others still visited. Returns 1 when a line was
// bad, else 0 (the command's exit status).
int for_each_item_line(std::string_view text, std::string_view command, std::string_view input,
                       const std::function<void(const Item&, int)>& visit);

// What `vigil parse` prints: {"title", "link", "entries": [Item JSON...]}, indented by two
// spaces, keys in a stable order, no trailing newline.
std::string feed_to_json(const ParsedFeed& feed);

}  // namespace vigil::daemon
