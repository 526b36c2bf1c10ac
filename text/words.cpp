#include "text/words.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utf8proc.h>
#include <vector>

#include "text/utf8.hpp"

// Every item is tokenized for all topics, so this file is written for speed: ASCII and the
// two-byte UTF-8 range (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) are classified and
// folded through tables built once with utf8proc; utf8proc itself only sees words holding a
// character past U+07FF, through a per-thread buffer instead of an allocation per word.

namespace vigil::text {
namespace {

enum class CharClass : std::uint8_t {
  separator,
  letter,     // starts or continues a word
  joiner,     // continues a word (marks, invisible joiners), never starts one
  unspaced,   // a character of a script written without spaces: a token of its own
  connector,  // a hyphen or an apostrophe: separates words, joins them into a compound
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

// Characters of unspaced scripts that NFKC and case folding leave as they are (unified
// ideographs, plain kana), so a token of one of them is copied without utf8proc.
bool folds_to_itself(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA);
}

CharClass classify_with_utf8proc(char32_t cp) {
  if (cp < 0x80) {
    if (cp == '-' || cp == '\'') return CharClass::connector;
    const bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return alnum ? CharClass::letter : CharClass::separator;
  }
  switch (cp) {
    case 0x2010: case 0x2011:  // hyphen, non-breaking hyphen (en and em dashes separate)
    case 0x2019: case 0x02BC:  // right single quotation mark, modifier letter apostrophe
      return CharClass::connector;
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

// Folds through utf8proc. Marks are stripped from alphabetic words (accents) but kept on
// characters of unspaced scripts, where they are vowels, tones or voicing (Thai, kana).
std::string fold_with_utf8proc(std::string_view word, bool strip_marks) {
  // Decomposed code points, then re-encoded in place (reencode writes a NUL after the text).
  thread_local std::vector<utf8proc_int32_t> buffer(256);
  const auto options =
      static_cast<utf8proc_option_t>(fold_options | (strip_marks ? UTF8PROC_STRIPMARK : 0));
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  const auto size = static_cast<utf8proc_ssize_t>(word.size());
  auto n = utf8proc_decompose(bytes, size, buffer.data(),
                              static_cast<utf8proc_ssize_t>(buffer.size() - 1), options);
  if (n >= static_cast<utf8proc_ssize_t>(buffer.size())) {
    buffer.resize(static_cast<std::size_t>(n) + 1);
    n = utf8proc_decompose(bytes, size, buffer.data(), n, options);
  }
  if (n >= 0) n = utf8proc_reencode(buffer.data(), n, options);
  if (n < 0) return std::string(word);  // malformed input: keep the word as it is
  return std::string(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(n));
}

// Classes of all code points below U+0800 and the folds of the non-ASCII ones. Folding a
// word of these characters one at a time gives what utf8proc gives for the whole word: the
// only characters that compose with the one before them are marks, which folding strips
// (checked over every pair of them when this was written).
struct Tables {
  static constexpr char32_t limit = 0x800;
  struct Fold {
    std::uint8_t size = 0;
    std::array<char, 7> bytes{};  // the longest fold here is 5 bytes (U+00BC: "1⁄4")
  };
  std::array<CharClass, limit> classes{};
  std::array<Fold, limit> folds{};

  Tables() {
    for (char32_t cp = 0; cp < limit; ++cp) {
      classes[cp] = classify_with_utf8proc(cp);
      if (cp < 0x80) continue;
      std::string encoded;
      text::append_utf8(encoded, cp);
      const auto folded = fold_with_utf8proc(encoded, true);
      folds[cp].size = static_cast<std::uint8_t>(folded.size());
      folded.copy(folds[cp].bytes.data(), folds[cp].bytes.size());
    }
  }
};

const Tables& tables() {
  static const Tables instance;
  return instance;
}

// The code point at `pos`, with the common one- and two-byte cases decoded inline.
text::Decoded decode_at(std::string_view text, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    if ((b1 & 0xC0) == 0x80) return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (b1 & 0x3F)), 2, true};
  }
  return text::decode_utf8(text, pos);
}

CharClass class_of(const Tables& t, const text::Decoded& d) {
  if (!d.valid) return CharClass::separator;
  return d.cp < Tables::limit ? t.classes[d.cp] : classify_with_utf8proc(d.cp);
}

// Per byte: its lower case if it is an ASCII letter or digit, else 0 (bytes past 0x7F too).
constexpr std::array<char, 256> ascii_word_chars = [] {
  std::array<char, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<char>(c + ('a' - 'A'));
  return table;
}();

bool is_ascii_letter(unsigned char b) { return ascii_word_chars[b] != 0; }

// The high bit of each of eight bytes that is not an ASCII letter or digit.
std::uint64_t not_alphanumeric(std::uint64_t eight) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = kOnes * 0x80;
  constexpr std::uint64_t kLows = kOnes * 0x7F;
  // In range [lo, hi], for bytes below 0x80: adding 0x80 - lo sets the high bit from lo on,
  // adding 0x7F - hi from past hi on; no sum carries into the next byte.
  auto in_range = [&](std::uint64_t bytes, std::uint64_t lo, std::uint64_t hi) {
    const std::uint64_t low7 = bytes & kLows;
    return (low7 + kOnes * (0x80 - lo)) & ~(low7 + kOnes * (0x7F - hi)) & ~eight & kHighs;
  };
  const std::uint64_t letters = in_range(eight | kOnes * 0x20, 'a', 'z');  // bit 5 makes A-Z a-z
  const std::uint64_t digits = in_range(eight, '0', '9');
  return ~(letters | digits) & kHighs;
}

// An ASCII word of letters and digits, lower-cased in the copy.
void lowercase_ascii_word(std::string_view word, std::string& out) {
  // The second argument may exceed the size asked for (libstdc++ passes the capacity): the
  // word's own size is the bound.
  out.resize_and_overwrite(word.size(), [word](char* data, std::size_t) {
    for (std::size_t i = 0; i < word.size(); ++i) data[i] = ascii_word_chars[static_cast<unsigned char>(word[i])];
    return word.size();
  });
}

// Folds a word of valid characters below U+0800 through the tables into `buffer`, which has
// room for 3 bytes per input byte and one whole table entry more; returns the folded size.
std::size_t fold_with_tables(const Tables& t, std::string_view word, char* buffer) {
  char* out = buffer;
  for (std::size_t pos = 0; pos < word.size();) {
    const auto b0 = static_cast<unsigned char>(word[pos]);
    if (b0 < 0x80) {
      *out++ = static_cast<char>(b0 >= 'A' && b0 <= 'Z' ? b0 + ('a' - 'A') : b0);
      ++pos;
      continue;
    }
    const auto& fold = t.folds[((b0 & 0x1F) << 6) | (static_cast<unsigned char>(word[pos + 1]) & 0x3F)];
    std::memcpy(out, fold.bytes.data(), fold.bytes.size());  // whole entry: a fixed-size copy
    out += fold.size;
    pos += 2;
  }
  return static_cast<std::size_t>(out - buffer);
}

void fold_with_tables(const Tables& t, std::string_view word, std::string& out) {
  // A two-byte character folds to at most 5 bytes (¼ to 1⁄4): 3 bytes per input byte is room.
  const std::size_t room = word.size() * 3 + sizeof(Tables::Fold::bytes);
  if (room <= 256) {  // the usual short word: fold on the stack, allocate once at the size
    std::array<char, 256> buffer;
    out.assign(buffer.data(), fold_with_tables(t, word, buffer.data()));
  } else {
    out.resize_and_overwrite(room, [&](char* data, std::size_t) { return fold_with_tables(t, word, data); });
  }
}

// Which way a word can be folded, from the widest character it holds.
enum class Width : std::uint8_t { ascii, two_bytes, wider };

void fold_word(const Tables& t, std::string_view word, Width width, std::string& out) {
  switch (width) {
    case Width::ascii:
      lowercase_ascii_word(word, out);
      break;
    case Width::two_bytes:
      fold_with_tables(t, word, out);
      break;
    case Width::wider:
      out = fold_with_utf8proc(word, true);
      break;
  }
}

// Writes the tokens of one text into a TokenList. Folded words are appended to the list's
// buffer, which is kept larger than what it holds (`used_` bytes are words) so that a word is
// written in place, without a string of its own.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, TokenList& out) : text_(text), tables_(tables()), out_(out) {
    out_.tokens.clear();
    out_.tokens.reserve(text.size() / 5 + 1);  // English has about one word per six bytes
    out_.words.clear();
    grow_words(text.size() + kSlack);  // ASCII folds to as many bytes as it reads
  }

  void run() && {
    const std::string_view text = text_;
    for (std::size_t pos = 0; pos < text.size();) {
      const auto byte = static_cast<unsigned char>(text[pos]);
      if (is_ascii_letter(byte)) {
        pos = read_ascii_word(pos);
        continue;
      }
      if (byte < 0x80) {  // ASCII punctuation and spaces separate (a connector only after a word)
        ++pos;
        continue;
      }
      const auto decoded = decode_at(text, pos);
      switch (class_of(tables_, decoded)) {
        case CharClass::letter:
          pos = read_word(pos);
          break;
        case CharClass::unspaced:
          pos = read_unspaced(pos, decoded);
          break;
        default:  // separators, connectors (read_word looked at them) and stray marks
          pos += decoded.length;
          break;
      }
    }
    close_chain();
    out_.words.resize(used_);
  }

 private:
  static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t kSlack = 64;

  // Room for `bytes` more bytes of words after the used ones.
  char* room(std::size_t bytes) {
    if (used_ + bytes > out_.words.size()) grow_words(std::max(2 * out_.words.size(), used_ + bytes));
    return out_.words.data() + used_;
  }

  // Makes the buffer `size` bytes long, keeping the used bytes; the others are written before
  // they are read, so they need not be filled.
  void grow_words(std::size_t size) {
    out_.words.resize_and_overwrite(size, [](char*, std::size_t n) { return n; });
  }

  // The common case, a word of ASCII letters and digits: read and lower-cased in one pass.
  // A word that goes on with a non-ASCII character is read again by read_word.
  std::size_t read_ascii_word(std::size_t begin) {
    const std::string_view text = text_;
    char* out = room(text.size() - begin);
    std::size_t pos = begin;
    // Eight bytes at a time, each copied with bit 5 set (lower case for letters, no change for
    // digits), until one that is not a letter or digit (the first in memory order: the lowest
    // byte on a little-endian machine).
    while (std::endian::native == std::endian::little && pos + 8 <= text.size()) {
      std::uint64_t eight;
      std::memcpy(&eight, text.data() + pos, 8);
      const std::uint64_t lower = eight | 0x2020202020202020ull;
      std::memcpy(out + (pos - begin), &lower, 8);  // room holds the rest of the text
      const std::uint64_t others = not_alphanumeric(eight);
      if (others != 0) {
        pos += static_cast<std::size_t>(std::countr_zero(others)) / 8;
        break;
      }
      pos += 8;
    }
    while (pos < text.size()) {
      const char lower = ascii_word_chars[static_cast<unsigned char>(text[pos])];
      if (lower == 0) break;
      out[pos - begin] = lower;
      ++pos;
    }
    if (pos < text.size() && static_cast<unsigned char>(text[pos]) >= 0x80) return read_word(begin);
    add_folded(begin, pos, pos - begin);
    link_at_ = none;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '\'')) {
      link_at_ = pos + 1;
      return link_at_;
    }
    return pos;
  }

  // Reads the word starting at `begin` (a letter) and the connector right after it, if any;
  // returns where reading goes on.
  std::size_t read_word(std::size_t begin) {
    const std::string_view text = text_;  // a local the compiler need not reload
    std::size_t pos = begin;
    Width width = Width::ascii;
    while (pos < text.size()) {
      const auto byte = static_cast<unsigned char>(text[pos]);
      if (byte < 0x80) {
        if (!is_ascii_letter(byte)) break;
        ++pos;
        continue;
      }
      const auto decoded = decode_at(text, pos);
      const CharClass kind = class_of(tables_, decoded);
      if (kind != CharClass::letter && kind != CharClass::joiner) break;
      if (decoded.cp >= Tables::limit) width = Width::wider;
      else if (width == Width::ascii) width = Width::two_bytes;
      pos += decoded.length;
    }
    const bool added = add_word(begin, pos, width);
    // A connector continues the chain if the next word starts right after it.
    link_at_ = none;
    if (added && pos < text.size()) {
      const auto next = decode_at(text, pos);
      if (class_of(tables_, next) == CharClass::connector) {
        link_at_ = pos + next.length;
        return link_at_;
      }
    }
    return pos;
  }

  // One character of an unspaced script and the marks after it: a token that never joins.
  std::size_t read_unspaced(std::size_t begin, const text::Decoded& first) {
    close_chain();
    std::size_t pos = begin + first.length;
    while (pos < text_.size()) {
      const auto decoded = decode_at(text_, pos);
      if (class_of(tables_, decoded) != CharClass::joiner) break;
      pos += decoded.length;
    }
    const auto original = text_.substr(begin, pos - begin);
    std::size_t size = 0;
    if (pos == begin + first.length && folds_to_itself(first.cp)) {
      std::memcpy(room(original.size()), original.data(), original.size());
      size = original.size();
    } else {
      size = append_folded(fold_with_utf8proc(original, false));
    }
    if (size > 0) {
      out_.tokens.push_back(WordToken{.word_begin = used_, .word_size = size, .position = next_position_++,
                                      .span = 1, .begin = begin, .end = pos});
      used_ += size;
    }
    link_at_ = none;
    return pos;
  }

  std::size_t append_folded(const std::string& folded) {
    std::memcpy(room(folded.size()), folded.data(), folded.size());
    return folded.size();
  }

  // Folds a word into the buffer and adds it; it continues the chain when it starts where the
  // chain awaits its next part. False when nothing was left after folding.
  bool add_word(std::size_t begin, std::size_t end, Width width) {
    const auto word = text_.substr(begin, end - begin);
    std::size_t size = 0;
    switch (width) {
      case Width::ascii: {
        char* out = room(word.size());
        for (std::size_t i = 0; i < word.size(); ++i) out[i] = ascii_word_chars[static_cast<unsigned char>(word[i])];
        size = word.size();
        break;
      }
      case Width::two_bytes:
        // A two-byte character folds to at most 5 bytes (¼ to 1⁄4): 3 bytes per input byte and
        // one whole table entry are room (fold_with_tables copies whole entries).
        size = fold_with_tables(tables_, word, room(word.size() * 3 + sizeof(Tables::Fold::bytes)));
        break;
      case Width::wider:
        size = append_folded(fold_with_utf8proc(word, true));
        break;
    }
    if (size == 0) {  // only ignorable characters
      close_chain();
      return false;
    }
    add_folded(begin, end, size);
    return true;
  }

  // Adds the word of `size` bytes just written after the used ones.
  void add_folded(std::size_t begin, std::size_t end, std::size_t size) {
    if (begin != link_at_) close_chain();
    out_.tokens.push_back(WordToken{.word_begin = used_, .word_size = size, .position = next_position_++,
                                    .span = 1, .begin = begin, .end = end});
    used_ += size;
    if (chain_parts_ == 0) chain_first_ = out_.tokens.size() - 1;
    ++chain_parts_;
  }

  void close_chain() {
    if (chain_parts_ >= 2) add_compound();
    chain_parts_ = 0;
  }

  // Adds the compound of the chain's parts right after its first part, so tokens stay in
  // order of position. Its word is the parts' words, written one after the other.
  void add_compound() {
    auto& tokens = out_.tokens;
    const auto first = tokens.begin() + static_cast<std::ptrdiff_t>(chain_first_);
    const auto last = first + static_cast<std::ptrdiff_t>(chain_parts_ - 1);
    const WordToken compound{.word_begin = first->word_begin,
                             .word_size = last->word_begin + last->word_size - first->word_begin,
                             .position = first->position, .span = chain_parts_,
                             .begin = first->begin, .end = last->end};
    tokens.insert(first + 1, compound);
  }

  std::string_view text_;
  const Tables& tables_;
  TokenList& out_;
  std::size_t used_ = 0;           // bytes of out_.words that hold words
  std::size_t next_position_ = 0;
  std::size_t link_at_ = none;     // where a word must start to continue the chain
  std::size_t chain_first_ = 0;    // index in out_.tokens of the chain's first part
  std::size_t chain_parts_ = 0;
};

}  // namespace

std::string fold(std::string_view word) {
  // Unlike the tokenizer's words, this input may hold any characters: ASCII goes through the
  // tables too, which lower-case letters and keep the rest.
  const Tables& t = tables();
  Width width = Width::two_bytes;
  for (std::size_t pos = 0; pos < word.size();) {
    const auto decoded = decode_at(word, pos);
    if (!decoded.valid || decoded.cp >= Tables::limit) {
      width = Width::wider;
      break;
    }
    pos += decoded.length;
  }
  std::string out;
  fold_word(t, word, width, out);
  return out;
}

void tokenize(std::string_view text, TokenList& out) { Tokenizer(text, out).run(); }

std::vector<Token> tokenize(std::string_view text) {
  TokenList list;
  tokenize(text, list);
  std::vector<Token> out;
  out.reserve(list.size());
  for (std::size_t t = 0; t < list.size(); ++t) {
    const auto& token = list.tokens[t];
    out.push_back(Token{.word = std::string(list.word(t)), .position = token.position, .span = token.span,
                        .begin = token.begin, .end = token.end});
  }
  return out;
}

}  // namespace vigil::text
