#include "topics/query_lexer.hpp"

#include "text/utf8.hpp"

namespace vigil::topics::query {
namespace {

// Straight and typographic quotes: users paste queries from word processors and write
// «мины» in Russian or French. Any of them opens a phrase and any of them closes it.
bool is_quote(char32_t cp) {
  switch (cp) {
    case U'"': case U'\u201C': case U'\u201D': case U'\u201E': case U'\u00AB': case U'\u00BB':
      return true;
    default:
      return false;
  }
}

bool ends_word(char32_t cp) { return text::is_unicode_space(cp) || is_quote(cp) || cp == '(' || cp == ')'; }

LexemeKind classify_word(std::string_view word) {
  if (word == "OR") return LexemeKind::op_or;
  if (word == "AND") return LexemeKind::op_and;
  if (word == "NOT") return LexemeKind::op_not;
  if (word == "NEAR" || word.starts_with("NEAR/")) return LexemeKind::op_near;
  return LexemeKind::word;
}

}  // namespace

std::expected<std::vector<Lexeme>, QueryError> lex_query(std::string_view text) {
  std::vector<Lexeme> tokens;
  std::size_t pos = 0;
  std::size_t column = 1;
  auto next = [&] {
    const auto decoded = text::decode_utf8(text, pos);
    pos += decoded.length;
    ++column;
    return decoded.cp;
  };

  while (pos < text.size()) {
    const std::size_t start = pos;
    const std::size_t start_column = column;
    const char32_t cp = next();
    if (text::is_unicode_space(cp)) continue;
    if (cp == '(' || cp == ')') {
      tokens.push_back({cp == '(' ? LexemeKind::lparen : LexemeKind::rparen, {},
                        std::string(text.substr(start, 1)), start_column});
      continue;
    }
    if (is_quote(cp)) {
      const std::size_t inside = pos;
      bool closed = false;
      std::size_t inside_end = pos;
      while (pos < text.size()) {
        inside_end = pos;
        if (is_quote(next())) {
          closed = true;
          break;
        }
      }
      if (!closed) return std::unexpected(QueryError{start_column, "unterminated phrase"});
      tokens.push_back({LexemeKind::phrase, std::string(text.substr(inside, inside_end - inside)),
                        std::string(text.substr(start, pos - start)), start_column});
      continue;
    }
    std::size_t end = pos;
    while (end < text.size()) {
      const auto decoded = text::decode_utf8(text, end);
      if (ends_word(decoded.cp)) break;
      end += decoded.length;
      ++column;
    }
    pos = end;
    const auto word = text.substr(start, end - start);
    tokens.push_back({classify_word(word), std::string(word), std::string(word), start_column});
  }
  tokens.push_back({LexemeKind::end, {}, {}, column});
  return tokens;
}

std::string_view describe(LexemeKind kind) {
  switch (kind) {
    case LexemeKind::word: return "a word";
    case LexemeKind::phrase: return "a phrase";
    case LexemeKind::op_or: return "OR";
    case LexemeKind::op_and: return "AND";
    case LexemeKind::op_not: return "NOT";
    case LexemeKind::op_near: return "NEAR";
    case LexemeKind::lparen: return "'('";
    case LexemeKind::rparen: return "')'";
    case LexemeKind::end: return "the end of the query";
  }
  return "?";
}

}  // namespace vigil::topics::query
