// Recursive descent over the lexemes, one function per precedence level:
//   query   := or_expr END
//   or_expr := and_expr (OR and_expr)*
//   and_expr:= unary                      (later: unary ((AND)? unary | NEAR/n unary)*)
//   unary   := primary                    (later: (NOT | -) unary)
//   primary := WORD | PHRASE              (later: '(' or_expr ')', prefix*, field:, /regex/)
// Constructs of the full language are recognised where they will live and rejected with a
// "not supported yet" error, so no query silently changes meaning when they arrive.
#include <array>
#include <utility>

#include "topics/normalize.hpp"
#include "topics/query.hpp"
#include "topics/query_lexer.hpp"
#include "text/utf8.hpp"

namespace vigil::topics {
namespace {

using query::LexemeKind;
using query::Lexeme;
using query::Node;

std::unexpected<QueryError> fail(std::size_t column, std::string message) {
  return std::unexpected(QueryError{column, std::move(message)});
}

bool starts_operand(LexemeKind kind) {
  return kind == LexemeKind::word || kind == LexemeKind::phrase || kind == LexemeKind::lparen ||
         kind == LexemeKind::op_not;
}

// The field names the full language will scope terms to (`title:ukraine`).
bool is_field_scope(std::string_view word) {
  const auto colon = word.find(':');
  if (colon == std::string_view::npos) return false;
  static constexpr std::array<std::string_view, 5> fields{"title", "summary", "content", "author",
                                                          "source"};
  const auto name = word.substr(0, colon);
  for (const auto field : fields)
    if (name == field) return true;
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

  std::expected<query::Query, QueryError> parse() {
    if (peek().kind == LexemeKind::end) return fail(1, "empty query");
    auto root = parse_or();
    if (!root) return std::unexpected(root.error());
    const auto& rest = peek();
    if (rest.kind != LexemeKind::end)  // only a ')' can be left over here
      return fail(rest.column, "parentheses are not supported yet");
    return query::Query{std::move(*root)};
  }

 private:
  const Lexeme& peek() const { return lexemes_[at_]; }
  const Lexeme& take() { return lexemes_[at_++]; }

  std::expected<Node, QueryError> parse_or() {
    if (peek().kind == LexemeKind::op_or) return fail(peek().column, "expected a term before OR");
    auto first = parse_and();
    if (!first) return first;
    if (peek().kind != LexemeKind::op_or) return first;
    query::Or alternatives;
    alternatives.operands.push_back(std::move(*first));
    while (peek().kind == LexemeKind::op_or) {
      take();
      if (!starts_operand(peek().kind)) return fail(peek().column, "expected a term after OR");
      auto next = parse_and();
      if (!next) return next;
      alternatives.operands.push_back(std::move(*next));
    }
    return Node{std::move(alternatives)};
  }

  std::expected<Node, QueryError> parse_and() {
    auto node = parse_unary();
    if (!node) return node;
    const auto& next = peek();
    switch (next.kind) {
      case LexemeKind::op_and:
        return fail(next.column, "AND is not supported yet (join terms with OR)");
      case LexemeKind::op_near:
        return fail(next.column, "NEAR is not supported yet");
      case LexemeKind::word:
      case LexemeKind::phrase:
      case LexemeKind::lparen:
      case LexemeKind::op_not:
        return fail(next.column,
                    "terms must be joined with OR (implicit AND is not supported yet; "
                    "quote several words to search for a phrase)");
      default:
        return node;
    }
  }

  std::expected<Node, QueryError> parse_unary() {
    const auto& next = peek();
    if (next.kind == LexemeKind::op_not) return fail(next.column, "NOT is not supported yet");
    if (next.kind == LexemeKind::word && next.text.size() > 1 && next.text.front() == '-')
      return fail(next.column, "excluding a term (-word) is not supported yet");
    return parse_primary();
  }

  std::expected<Node, QueryError> parse_primary() {
    const auto& lexeme = take();
    switch (lexeme.kind) {
      case LexemeKind::word: return parse_word(lexeme);
      case LexemeKind::phrase: return parse_phrase(lexeme);
      case LexemeKind::lparen:
      case LexemeKind::rparen:
        return fail(lexeme.column, "parentheses are not supported yet");
      case LexemeKind::op_and:
        return fail(lexeme.column, "AND is not supported yet (join terms with OR)");
      case LexemeKind::op_not:
        return fail(lexeme.column, "NOT is not supported yet");
      case LexemeKind::op_near:
        return fail(lexeme.column, "NEAR is not supported yet");
      case LexemeKind::op_or:
        return fail(lexeme.column, "expected a term before OR");
      case LexemeKind::end:
        break;
    }
    return fail(lexeme.column, "expected a term");
  }

  static std::expected<Node, QueryError> parse_word(const Lexeme& lexeme) {
    const std::string_view text = lexeme.text;
    if (const auto star = text.find('*'); star != std::string_view::npos)
      return fail(lexeme.column + text::utf8_length(text.substr(0, star)),
                  "prefix search (word*) is not supported yet");
    if (text.front() == '/')
      return fail(lexeme.column, "regular expressions (/.../) are not supported yet");
    if (is_field_scope(text))
      return fail(lexeme.column, "field scopes (" + std::string(text.substr(0, text.find(':') + 1)) +
                                     ") are not supported yet");
    auto words = words_of(text);
    if (words.empty())
      return fail(lexeme.column, "'" + lexeme.raw + "' has no letters or digits to search for");
    return Node{query::Term{lexeme.raw, lexeme.column, std::move(words)}};
  }

  static std::expected<Node, QueryError> parse_phrase(const Lexeme& lexeme) {
    auto words = words_of(lexeme.text);
    if (words.empty()) return fail(lexeme.column, "empty phrase");
    return Node{query::Phrase{lexeme.raw, lexeme.column, std::move(words)}};
  }

  static std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    for (auto& token : tokenize(text)) words.push_back(std::move(token.word));
    return words;
  }

  std::vector<Lexeme> lexemes_;
  std::size_t at_ = 0;
};

}  // namespace

std::expected<query::Query, QueryError> parse_query(std::string_view text) {
  auto lexemes = query::lex_query(text);
  if (!lexemes) return std::unexpected(lexemes.error());
  return Parser(std::move(*lexemes)).parse();
}

}  // namespace vigil::topics
