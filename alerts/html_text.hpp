#pragma once
// Feed HTML is hostile: it is reduced to plain text before it goes anywhere, and plain text
// is escaped before it goes into HTML.
#include <string>
#include <string_view>

namespace vigil::alerts {

// Plain text of an HTML fragment: tags dropped (script, style and similar with their content),
// block elements become line breaks, entities decoded, whitespace collapsed, at most one blank
// line in a row, control characters removed. Always valid UTF-8.
std::string html_to_text(std::string_view html);

// Escapes & < > " ' for use in HTML text and in quoted attribute values.
std::string escape_html(std::string_view text);

// True for an absolute http:// or https:// URL without whitespace or control characters:
// the only links vigil puts into an email, a webhook or the console.
bool is_http_url(std::string_view url);

}  // namespace vigil::alerts
