#pragma once
// Private to feeds/: turning feed text into the shapes Item promises (plain-text titles,
// HTML summaries, valid UTF-8).
#include <string>
#include <string_view>

namespace vigil::feeds::detail {

// Decodes HTML character references: named ones (&amp; &nbsp; &eacute; ...: the common HTML
// set, semicolon required) and numeric ones (&#233; &#xE9;). Unknown names stay as written.
std::string decode_html_entities(std::string_view text);

// Removes tags, comments and the contents of <script>/<style>; block-level tags become spaces
// so "<p>a</p><p>b</p>" reads "a b". Text between tags is left as is (entities not decoded).
std::string strip_tags(std::string_view html);

// Whether `text` contains something that looks like an HTML tag ("<b>", "</p>", "<!--").
bool looks_like_markup(std::string_view text);

// Runs of whitespace (ASCII and U+00A0) become one space; leading/trailing ones go.
std::string collapse_whitespace(std::string_view text);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view text);

// Escapes & < > " so plain text can be embedded in HTML.
std::string escape_html(std::string_view text);

// Replaces invalid UTF-8 sequences (a feed declaring one encoding and using another) with
// U+FFFD, so later stages can rely on valid UTF-8. C1 controls (U+0080-U+009F, which XML
// parsers produce from Windows-1252 references such as &#146;) become the characters
// Windows-1252 means (U+2019).
std::string to_valid_utf8(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and out-of-range values).
void append_utf8(std::string& out, char32_t code_point);

// Title rules: strip tags (html, or guess when it looks like markup), decode entities (always:
// pugixml leaves undeclared ones such as &nbsp; as written), collapse whitespace.
enum class TitleMarkup { text, html, guess };
std::string plain_title(std::string_view raw, TitleMarkup markup);

// The code point for an HTML entity name ("eacute" -> U+00E9), or 0 when unknown.
char32_t lookup_entity(std::string_view name);

}  // namespace vigil::feeds::detail
