#pragma once
// Splits a query into tokens with 1-based character columns. Private to topics/.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "topics/query.hpp"

namespace vigil::topics::query {

enum class LexemeKind {
  word,    // a bare word: any run of characters up to whitespace, a quote or a parenthesis
  phrase,  // "quoted text" (straight or curly quotes); `text` is the inside, `raw` keeps the quotes
  op_or,
  op_and,
  op_not,
  op_near,  // NEAR or NEAR/n
  lparen,
  rparen,
  end,
};

struct Lexeme {
  LexemeKind kind = LexemeKind::end;
  std::string text;        // a word, or a phrase's inside
  std::string raw;         // exactly as written
  std::size_t column = 0;  // 1-based, in code points
};

// Operators are upper case only: lower-case `and`, `or`, `not`, `near` are ordinary words.
std::expected<std::vector<Lexeme>, QueryError> lex_query(std::string_view text);

std::string_view describe(LexemeKind kind);

}  // namespace vigil::topics::query
