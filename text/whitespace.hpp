#pragma once
// Whitespace and control characters in text from the outside: trimmed, collapsed, or kept
// out of headers, terminals and logs.
#include <string>
#include <string_view>

namespace vigil::text {

// Trims ASCII whitespace (space, \t \n \v \f \r) at both ends.
std::string_view trim(std::string_view text);

// Runs of whitespace (ASCII and U+00A0) become one space; leading and trailing ones go.
std::string collapse_whitespace(std::string_view text);

// One line of text for a header, a terminal or a log: control characters (C0, DEL, C1,
// U+2028/U+2029) become spaces, runs of whitespace collapse to one space, ends are trimmed.
// Invalid UTF-8 becomes U+FFFD.
std::string single_line(std::string_view text);

// Drops control characters except '\n' and '\t' (keeps the line structure of a text).
// Invalid UTF-8 becomes U+FFFD.
std::string strip_controls(std::string_view text);

}  // namespace vigil::text
