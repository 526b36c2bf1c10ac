#pragma once
// Small UTF-8 helpers shared by the query lexer and the text tokenizer. Private to topics/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::topics::utf8 {

inline constexpr char32_t replacement = 0xFFFD;

struct Decoded {
  char32_t cp = replacement;
  std::size_t length = 1;  // bytes consumed, at least 1 so callers always advance
  bool valid = false;      // false: one malformed byte, reported as U+FFFD
};

// Decodes the code point starting at `pos` (< text.size()). Malformed input never throws.
Decoded decode(std::string_view text, std::size_t pos);

void append(std::string& out, char32_t cp);

// Number of code points (malformed bytes count one each).
std::size_t length(std::string_view text);

bool is_space(char32_t cp);

}  // namespace vigil::topics::utf8
