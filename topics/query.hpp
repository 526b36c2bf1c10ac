#pragma once
// The topic query language: tokens, syntax tree and parser.
//
// This version understands terms joined by OR: a term is a word (`landmine`) or a quoted
// phrase (`"land mine"`). The tree and the parser are laid out by precedence (OR, then AND,
// then unary NOT, then primaries) so AND, NOT, parentheses, NEAR, prefixes and field scopes
// slot in later; today those constructs are rejected with a "not supported yet" error
// instead of being read as words.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vigil::topics {

struct QueryError {
  std::size_t column = 0;  // 1-based, in characters (code points) of the query
  std::string message;     // "expected a term after OR"
};

namespace query {

struct Node;

// Any of its operands matches.
struct Or {
  std::vector<Node> operands;
};

// A bare word as written (`Landmine`). Punctuation inside it splits it into several
// normalized words (`anti-personnel` -> anti, personnel), which then match consecutively.
struct Term {
  std::string text;                // as written in the query
  std::size_t column = 0;          // 1-based, of its first character
  std::vector<std::string> words;  // normalized (see topics/normalize.hpp), never empty
};

// A quoted phrase: its normalized words must occur consecutively within one field.
struct Phrase {
  std::string text;                // as written in the query, quotes included
  std::size_t column = 0;          // 1-based, of the opening quote
  std::vector<std::string> words;  // normalized, never empty
};

struct Node {
  std::variant<Or, Term, Phrase> value;
};

struct Query {
  Node root;
};

}  // namespace query

// Parses a whole query into its tree, or the first error with its column.
std::expected<query::Query, QueryError> parse_query(std::string_view text);

}  // namespace vigil::topics
