#pragma once
// Private to feeds/: the document's bytes as UTF-8, whatever charset it was written in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds::detail {

// Which charset the body is read in, first match wins:
//  1. a byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE), or UTF-16/32 recognized from the
//     zero bytes around a leading '<' (a BOM cannot lie; a label can);
//  2. the charset of the HTTP Content-Type (RFC 3023, as feedparser does: servers that send
//     one usually mean it, and a document copied between systems keeps a stale prolog);
//  3. the encoding of the XML prolog (<?xml ... encoding="windows-1251"?>);
//  4. UTF-8.
// A declared charset the bytes are not valid in is skipped for the next one (a header saying
// UTF-8 over a windows-1251 document is common); when none fits, the first known one is used
// with U+FFFD for the bad bytes, with a warning. A charset iconv does not know warns and is
// read as UTF-8. UTF-16/32 labels are ignored on bytes that are not UTF-16/32.
// Returns nullopt when the body can be used as it is (UTF-8 or undeclared, without BOM);
// otherwise the converted text, its prolog declaring encoding="UTF-8".
std::optional<std::string> to_utf8(std::string_view body, std::string_view content_type,
                                   std::vector<std::string>& warnings);

// The charset parameter of a Content-Type value ("text/xml; charset=KOI8-R" -> "KOI8-R").
std::string charset_of_content_type(std::string_view content_type);
// The encoding pseudo-attribute of a leading XML declaration, or "".
std::string charset_of_prolog(std::string_view body);

}  // namespace vigil::feeds::detail
