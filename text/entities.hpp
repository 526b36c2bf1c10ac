#pragma once
// Private to text/: reading one character reference, shared by decode_entities and
// html_to_text.
#include <cstddef>
#include <string_view>

namespace vigil::text::detail {

// The code point for an HTML entity name ("eacute" -> U+00E9), or 0 when unknown.
char32_t lookup_entity(std::string_view name);

// Reads the character reference at text[pos] (which holds '&'): "&name;" (semicolon required)
// or "&#233;" / "&#xE9;" (semicolon optional, as HTML tolerates). Returns the bytes consumed
// and sets `cp`, or returns 0 when there is no reference we know (the '&' is then text).
// Numeric references to C1 controls mean Windows-1252 (&#146; is U+2019); &#0;, surrogates
// and values past U+10FFFF read as U+FFFD.
std::size_t read_reference(std::string_view text, std::size_t pos, char32_t& cp);

}  // namespace vigil::text::detail
