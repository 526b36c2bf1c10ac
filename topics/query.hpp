#pragma once
// The topic query language: syntax tree and parser.
//
//   landmine              a word and its inflections (stemmed per the topic's languages)
//   "land mine"           a phrase: consecutive words, each stemmed
//   mine*                 a prefix (the last word of a term; never stemmed)
//   a AND b, a b          both (adjacent terms are joined by an implicit AND)
//   a OR b                either
//   NOT a, -a             not (only next to a positive term: `NOT a` alone is an error)
//   ( ... )               grouping
//   a NEAR/5 b            within 5 words of each other, either order, in one field (NEAR = NEAR/10)
//   title:a               a term, phrase, regex or group restricted to a field (title, summary, content)
//   /regex/  /regex/i     an RE2 regular expression over a field's plain text (i: ignore case)
//   *                     the whole query: every item
//
// Precedence, loosest first: OR, AND (explicit or implicit), NOT and -, NEAR, field:, primaries.
// Operators are upper case only: `and`, `or`, `not`, `near` are ordinary words.
#include <cstddef>
#include <cstdint>
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

// Where a leaf may match. `any` is every field: title, summary and content.
enum class Field : std::uint8_t { any, title, summary, content };

struct Node;

// A word as written (`Landmine`, `anti-personnel`, `mine*`). Punctuation inside it splits it
// into several folded words (anti-personnel -> anti personnel), which then match consecutively;
// words joined by a hyphen or an apostrophe also match written together (antipersonnel).
struct Term {
  std::string text;                 // as written in the query, field prefix excluded
  std::size_t column = 0;           // 1-based, of its first character
  Field field = Field::any;
  std::vector<std::string> words;   // folded (text/words.hpp), never empty
  std::vector<std::string> joined;  // `words` with hyphen/apostrophe groups joined; empty if none
  bool prefix = false;              // written with a trailing `*`: the last word is a prefix
};

// A quoted phrase: its folded words must occur consecutively within one field.
struct Phrase {
  std::string text;                 // as written, quotes included, field prefix excluded
  std::size_t column = 0;           // 1-based, of the opening quote
  Field field = Field::any;
  std::vector<std::string> words;   // folded, never empty
  std::vector<std::string> joined;  // as in Term
};

// An RE2 regular expression, already checked to compile.
struct Regex {
  std::string text;     // as written, slashes and flags included
  std::size_t column = 0;
  Field field = Field::any;
  std::string pattern;  // between the slashes, `\/` unescaped to `/`
  bool ignore_case = false;
};

// The query `*`: every item. Only ever the whole query.
struct All {};

struct And {
  std::vector<Node> operands;  // two or more
};

struct Or {
  std::vector<Node> operands;  // two or more
};

struct Not {
  std::vector<Node> operand;  // exactly one (a vector because Node is incomplete here)
};

// Both sides within `distance` words of each other (|position difference| <= distance), in
// either order, in the same field. Each side is a Term, a Phrase or an Or of those.
struct Near {
  std::vector<Node> operands;  // exactly two
  std::size_t distance = 10;
  std::size_t column = 0;  // of the NEAR keyword
};

struct Node {
  std::variant<Term, Phrase, Regex, All, And, Or, Not, Near> value;
};

struct Query {
  Node root;
};

}  // namespace query

// Parses a whole query into its tree, or the first error with its column. Besides syntax, it
// rejects: a query without a positive term (`NOT a`, `-a -b`, an OR branch that is only a
// negation), a regex RE2 cannot compile, `*` anywhere but as the whole query, nesting deeper
// than 32 levels, an unknown field (`author:x`), NEAR with something other than terms,
// phrases or an OR of them on either side.
std::expected<query::Query, QueryError> parse_query(std::string_view text);

}  // namespace vigil::topics
