#pragma once
// Splits a query into lexemes with 1-based character columns. Private to topics/.
//
// What a lexeme is depends on where it starts (the start of the query, after white space, a
// parenthesis, a closing quote, a `-` or a field prefix):
//   ( )                    parentheses
//   "..." “...” «...»      a phrase (any of the quotes opens and closes it)
//   -                      a minus, when a non-space follows: `-gold`, `-(a b)`, `-"x y"`
//   title:                 a field prefix: ASCII letters, a colon, then a non-space
//   /.../i                 a regex up to the next unescaped `/`, spaces included
//   anything else          a word, up to white space, a quote or a parenthesis; a `-` or a
//                          `/` inside it is part of it (`anti-personnel`, `and/or`)
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topics/query.hpp"

namespace vigil::topics::query {

enum class LexemeKind {
  word,    // a bare word (`mine`, `mine*`, `*`, `anti-personnel`)
  phrase,  // "quoted text"; `text` is the inside, `raw` keeps the quotes
  regex,   // /pattern/flags; `text` is the pattern with `\/` unescaped, `raw` as written
  field,   // `title:` and the like; `text` is the name without the colon
  minus,   // `-` at the start of an operand
  op_or,
  op_and,
  op_not,
  op_near,  // NEAR or NEAR/n (`raw` keeps the distance; the parser reads it)
  lparen,
  rparen,
  error,  // text the lexer cannot read (`text` says why); the last lexeme before `end`
  end,
};

struct Lexeme {
  LexemeKind kind = LexemeKind::end;
  std::string text;          // a word, a phrase's inside, a regex's pattern, a field's name
  std::string raw;           // exactly as written
  std::size_t column = 0;    // 1-based, in code points
  bool ignore_case = false;  // a regex written with the `i` flag
};

// The field a prefix names (`title`, `Summary`: ASCII letters, any case), if it is one.
std::optional<Field> field_named(std::string_view name);

// Operators are upper case only: lower-case `and`, `or`, `not`, `near` are ordinary words.
// Always ends with `end`. Unreadable text (an unterminated phrase or regex, text glued to a
// regex, an unknown field) becomes an `error` lexeme and ends the list there: the parser
// reports it when it gets there, so of several errors the leftmost is reported.
std::vector<Lexeme> lex_query(std::string_view text);

// How a lexeme is named in error messages: "OR", "'('", "a word", "the end of the query".
std::string describe(const Lexeme& lexeme);

}  // namespace vigil::topics::query
