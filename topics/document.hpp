#pragma once
// One item as the matcher reads it: each field's plain text, tokens and per-language keys,
// computed once for all topics. Private to topics/.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "topics/compiled.hpp"
#include "topics/snippet.hpp"
#include "topics/word_table.hpp"
#include "text/words.hpp"

namespace vigil::topics::detail {

struct FieldText {
  std::string text;                  // plain text: the title as is, summary and content from HTML
  TextFacts facts;                   // of `text`, for snippets
  text::TokenList tokens;            // ordered by position (text/words.hpp)
  std::vector<std::uint32_t> first_at;  // tokens at position p: [first_at[p], first_at[p + 1])
  std::vector<const WordEntry*> words;  // token t's word: its keys and the patterns it anchors
  std::vector<std::uint32_t> anchoring;  // the tokens whose word anchors some pattern, ascending
  std::vector<std::uint64_t> hashes;    // token t's word hash (WordTable::hash), while reading
  std::size_t max_span = 1;  // the longest compound's span

  std::size_t positions() const { return first_at.empty() ? 0 : first_at.size() - 1; }
  const text::WordToken& token(std::size_t t) const { return tokens.tokens[t]; }
  // Token t's stem in language `lang`; empty when the item is not read in that language.
  std::string_view key(LangId lang, std::size_t token) const { return words[token]->keys[lang]; }
};

struct Document {
  std::array<FieldText, kFieldCount> fields;
};

// Reads an item's fields and finds each token's keys and anchored patterns (word_table.hpp).
void read_document(const Item& item, const Compiled& compiled, Document& out);

}  // namespace vigil::topics::detail
