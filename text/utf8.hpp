#pragma once
// UTF-8 for text from the outside: every function accepts any bytes; invalid sequences read
// as U+FFFD, one per maximal invalid subpart (as the Unicode standard and browsers do).
#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::text {

inline constexpr char32_t replacement_character = 0xFFFD;

struct Decoded {
  char32_t cp = replacement_character;
  std::size_t length = 1;  // bytes consumed, at least 1 so callers always advance
  bool valid = false;      // false: an invalid sequence, reported as U+FFFD
};

// Decodes the code point starting at `pos` (< text.size()). Overlong forms, surrogates and
// values past U+10FFFF are invalid; a truncated sequence is one invalid unit.
Decoded decode_utf8(std::string_view text, std::size_t pos);

// Appends the encoding of `cp` (U+FFFD for surrogates and values past U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

// Length in bytes of the sequence a lead byte announces (1 for stray bytes).
std::size_t utf8_sequence_length(unsigned char lead);

// What to do with C1 controls (U+0080-U+009F) in otherwise valid text.
enum class C1Controls {
  keep,
  // XML parsers turn Windows-1252 references such as &#146; into C1 controls; read them as
  // the characters Windows-1252 means (U+2019), as browsers do.
  windows_1252,
};

// The text with every invalid sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text, C1Controls c1 = C1Controls::keep);

// The character Windows-1252 puts at a C1 code (0x80-0x9F; U+FFFD where it has none);
// other code points are returned unchanged.
char32_t from_windows_1252(char32_t cp);

// Number of code points (each invalid sequence counts one).
std::size_t utf8_length(std::string_view text);

// At most `max_chars` code points; a cut text ends with "…", preferably at a word break.
// Always valid UTF-8.
std::string truncate_chars(std::string_view text, std::size_t max_chars);

// At most `max_bytes` bytes, never splitting a UTF-8 sequence (no ellipsis).
std::string truncate_bytes(std::string_view text, std::size_t max_bytes);

bool is_ascii(std::string_view text);

// Whether `text` is valid UTF-8, that is, valid_utf8 would return it unchanged. ASCII is
// skipped 32 bytes at a time, so the common case costs little more than reading it.
bool is_valid_utf8(std::string_view text);

// Unicode white space: ASCII's, U+0085 and the separators (categories Zs, Zl, Zp).
bool is_unicode_space(char32_t cp);

}  // namespace vigil::text
