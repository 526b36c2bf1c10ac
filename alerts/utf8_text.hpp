#pragma once
// UTF-8 helpers for text that comes from feeds: every function here accepts any bytes and
// returns valid UTF-8, so the renderers never pass broken or hostile bytes on.
#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::alerts {

// Replaces every invalid or overlong UTF-8 sequence with U+FFFD.
std::string valid_utf8(std::string_view text);

// One line of text for a header, a terminal or a log: control characters (C0, DEL, C1,
// U+2028/U+2029) become spaces, runs of whitespace collapse to one space, ends are trimmed.
std::string single_line(std::string_view text);

// Drops control characters except '\n' and '\t' (keeps the line structure of a text).
std::string strip_controls(std::string_view text);

// At most `max_chars` code points; a cut text ends with "…", preferably at a word break.
std::string truncate_chars(std::string_view text, std::size_t max_chars);

// At most `max_bytes` bytes, never splitting a UTF-8 sequence (no ellipsis).
std::string truncate_bytes(std::string_view text, std::size_t max_bytes);

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray bytes).
std::size_t utf8_sequence_length(unsigned char lead);

void append_utf8(std::string& out, char32_t code_point);

bool is_ascii(std::string_view text);

}  // namespace vigil::alerts
