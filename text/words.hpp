#pragma once
// Text normalization shared by queries and items, so both sides fold the same way.
//
// A text is split into words, then each word is folded: Unicode NFKC, case folding, marks
// (accents) stripped, default-ignorable characters dropped. So `Café`, `CAFE` and `café`
// all become `cafe`, `Ελλάδα` becomes `ελλαδα`, `Straße` becomes `strasse`.
//
// Word boundaries:
// - A word is a run of letters and digits (Unicode L* and N*), with combining marks and
//   invisible joiners (soft hyphen, ZWJ, ZWNJ, word joiner) kept inside it.
// - Everything else separates words: spaces, punctuation, symbols, hyphens (`anti-personnel`
//   is `anti` `personnel`) and apostrophes (', ’ and ʼ alike: `l’ONU` is `l` `onu`, `don't`
//   is `don` `t`, `Amnesty's` is `amnesty` `s`), so `ONU` finds `l’ONU` and a query written
//   with either apostrophe matches text written with the other.
// - Words joined by a hyphen (-, U+2010, U+2011) or an apostrophe with no space around it
//   (`anti-personnel`, `п’ять`, `O'Brien`) are also given as one compound token, after their
//   parts: `antipersonnel` (position of `anti`, span 2), so a query word written together
//   finds the hyphenated text and the other way round. Only the whole chain is joined.
// - Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) give
//   one token per character (with its combining marks, which are kept there), so a phrase of
//   such characters matches consecutive characters.
// Malformed UTF-8 bytes separate words and are otherwise ignored.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::text {

struct Token {
  std::string word;          // folded
  std::size_t position = 0;  // 0-based word position: plain words count 0, 1, 2...
  std::size_t span = 1;      // words covered: 1, or the parts of a compound token (>= 2)
  std::size_t begin = 0;     // byte offsets of the original word (or compound) in the text
  std::size_t end = 0;
};

// The folded words of a plain text, in order of position; at one position the plain word
// comes first, then the compound that starts there, if any.
std::vector<Token> tokenize(std::string_view text);

// A token of a TokenList: as Token, with its folded word kept in the list's buffer.
struct WordToken {
  std::size_t word_begin = 0;  // the folded word is TokenList::words[word_begin, word_begin + word_size)
  std::size_t word_size = 0;
  std::size_t position = 0;
  std::size_t span = 1;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The tokens of one text with their folded words side by side in one buffer (a compound's word
// is its parts' words, which lie next to each other there), for a caller that tokenizes much
// text and keeps the storage from one text to the next: no allocation per word.
struct TokenList {
  std::vector<WordToken> tokens;
  std::string words;

  std::size_t size() const { return tokens.size(); }
  std::string_view word(std::size_t t) const {
    return std::string_view(words.data() + tokens[t].word_begin, tokens[t].word_size);
  }
};

// The same tokens as tokenize(text), in the same order, into `out` (replaced; its capacity is
// reused).
void tokenize(std::string_view text, TokenList& out);

// Folds one word (NFKC, case fold, strip marks). Returns "" for input with nothing left.
std::string fold(std::string_view word);

}  // namespace vigil::text
