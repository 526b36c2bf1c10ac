#include "topics/normalize.hpp"

#include <cstdlib>
#include <memory>
#include <utf8proc.h>

#include "text/utf8.hpp"

namespace vigil::topics {
namespace {

enum class CharClass {
  separator,
  letter,     // starts or continues a word
  joiner,     // continues a word (marks, invisible joiners), never starts one
  unspaced,   // a character of a script written without spaces: a token of its own
};

// Scripts whose words are not separated by spaces. Ranges cover the letters of Thai, Lao,
// Myanmar, Khmer, CJK radicals, ideographs (with extensions), kana and bopomofo.
bool in_unspaced_script(char32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
         (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
         (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3021 && cp <= 0x3029) ||
         (cp >= 0x3031 && cp <= 0x3035) || (cp >= 0x3038 && cp <= 0x303C) ||
         (cp >= 0x3040 && cp <= 0x312F) || (cp >= 0x31A0 && cp <= 0x31FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9D) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

CharClass classify(char32_t cp) {
  if (cp < 0x80) {
    const bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return alnum ? CharClass::letter : CharClass::separator;
  }
  switch (cp) {
    case 0x02BC:  // modifier letter apostrophe: an apostrophe like ' and ’
      return CharClass::separator;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060:  // soft hyphen, ZWNJ, ZWJ, word joiner
    case 0xFF9E: case 0xFF9F:  // half-width (semi-)voiced sound marks: part of the kana before
      return CharClass::joiner;
    default:
      break;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return in_unspaced_script(cp) ? CharClass::unspaced : CharClass::letter;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return CharClass::joiner;
    default:
      return CharClass::separator;
  }
}

constexpr int fold_options = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                             UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

// Marks are stripped from alphabetic words (accents) but kept on characters of unspaced
// scripts, where they are vowels, tones or voicing (Thai vowels, kana dakuten).
std::string fold_with(std::string_view word, bool strip_marks) {
  if (text::is_ascii(word)) {  // the common case, without a trip through utf8proc
    std::string out(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const int options = fold_options | (strip_marks ? UTF8PROC_STRIPMARK : 0);
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                              static_cast<utf8proc_ssize_t>(word.size()), &mapped,
                              static_cast<utf8proc_option_t>(options));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (n < 0) return std::string(word);  // cannot happen for decoded input; keep the word as is
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

}  // namespace

std::string fold(std::string_view word) { return fold_with(word, true); }

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t word_begin = 0;
  std::size_t word_end = 0;
  bool in_word = false;
  bool unspaced = false;

  auto flush = [&] {
    if (!in_word) return;
    in_word = false;
    auto folded = fold_with(text.substr(word_begin, word_end - word_begin), !unspaced);
    if (folded.empty()) return;  // only ignorable characters were left
    tokens.push_back({std::move(folded), tokens.size(), word_begin, word_end});
  };

  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    const auto decoded = byte < 0x80 ? text::Decoded{byte, 1, true} : text::decode_utf8(text, pos);
    const std::size_t next = pos + decoded.length;
    const CharClass kind = decoded.valid ? classify(decoded.cp) : CharClass::separator;
    switch (kind) {
      case CharClass::letter:
        if (in_word && unspaced) flush();
        if (!in_word) {
          in_word = true;
          unspaced = false;
          word_begin = pos;
        }
        word_end = next;
        break;
      case CharClass::unspaced:
        flush();
        in_word = true;
        unspaced = true;
        word_begin = pos;
        word_end = next;
        break;
      case CharClass::joiner:
        if (in_word) word_end = next;  // a mark with nothing before it is dropped
        break;
      case CharClass::separator:
        flush();
        break;
    }
    pos = next;
  }
  flush();
  return tokens;
}

}  // namespace vigil::topics
