#include "topics/query_lexer.hpp"

#include <array>
#include <utility>

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

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

LexemeKind classify_word(std::string_view word) {
  if (word == "OR") return LexemeKind::op_or;
  if (word == "AND") return LexemeKind::op_and;
  if (word == "NOT") return LexemeKind::op_not;
  if (word == "NEAR" || word.starts_with("NEAR/")) return LexemeKind::op_near;
  return LexemeKind::word;
}

// Reads code points while counting columns.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  std::size_t pos() const { return pos_; }
  std::size_t column() const { return column_; }
  char32_t peek() const { return text::decode_utf8(text_, pos_).cp; }
  // The code point after the next one, or 0 at the end.
  char32_t peek_second() const {
    const auto first = text::decode_utf8(text_, pos_);
    const auto at = pos_ + first.length;
    return at < text_.size() ? text::decode_utf8(text_, at).cp : 0;
  }
  char32_t next() {
    const auto decoded = text::decode_utf8(text_, pos_);
    pos_ += decoded.length;
    ++column_;
    return decoded.cp;
  }
  std::string_view since(std::size_t start) const { return text_.substr(start, pos_ - start); }
  std::string_view rest() const { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t column_ = 1;
};

std::unexpected<QueryError> fail(std::size_t column, std::string message) {
  return std::unexpected(QueryError{column, std::move(message)});
}

// `name:` followed by a non-space. Returns the length of the name, or 0 if there is no such
// prefix. An unknown name is an error (`author:x`, and `http://...` too: quoted, it is a
// phrase). A known field followed by a space is an error rather than a word, so `title: mine`
// does not silently search for the word "title".
std::expected<std::size_t, QueryError> field_prefix(const Cursor& at) {
  const auto rest = at.rest();
  std::size_t letters = 0;
  while (letters < rest.size() && is_ascii_letter(rest[letters])) ++letters;
  if (letters == 0 || letters >= rest.size() || rest[letters] != ':') return 0;
  const std::string name(rest.substr(0, letters));
  const bool known = field_named(name).has_value();
  const bool followed = letters + 1 < rest.size() &&
                        !text::is_unicode_space(text::decode_utf8(rest, letters + 1).cp);
  if (followed && known) return letters;
  if (followed)
    return fail(at.column(), "unknown field " + name +
                                 ": (expected title:, summary: or content:; quote the text to search for it)");
  if (known)
    return fail(at.column(), name + ": must be directly followed by what it scopes (" + name + ":word, " +
                                 name + ":\"a phrase\", " + name + ":(a OR b))");
  return 0;
}

// From the opening slash: the pattern up to the next unescaped slash, then an optional `i`.
std::expected<Lexeme, QueryError> lex_regex(Cursor& at) {
  const std::size_t start = at.pos();
  const std::size_t column = at.column();
  at.next();  // the opening slash
  std::string pattern;
  bool closed = false;
  while (!at.done()) {
    const std::size_t from = at.pos();
    const char32_t cp = at.next();
    if (cp == '/') {
      closed = true;
      break;
    }
    if (cp == '\\' && !at.done()) {
      const std::size_t escaped = at.pos();
      if (at.next() == '/') {
        pattern += '/';
        continue;
      }
      pattern += '\\';
      pattern += at.since(escaped);
      continue;
    }
    pattern += at.since(from);
  }
  if (!closed)
    return fail(column, "unterminated regex (it ends at the next /; write \\/ for a slash inside it)");

  Lexeme lexeme{LexemeKind::regex, std::move(pattern), {}, column};
  const std::size_t flags = at.pos();
  const std::size_t flags_column = at.column();
  while (!at.done() && !ends_word(at.peek())) at.next();
  const auto written = at.since(flags);
  if (written == "i") {
    lexeme.ignore_case = true;
  } else if (!written.empty()) {
    return fail(flags_column, "unexpected '" + std::string(written) +
                                  "' after a regex (its only flag is i; write \\/ for a slash inside it)");
  }
  lexeme.raw = std::string(at.since(start));
  return lexeme;
}

std::expected<Lexeme, QueryError> lex_phrase(Cursor& at) {
  const std::size_t start = at.pos();
  const std::size_t column = at.column();
  at.next();  // the opening quote
  const std::size_t inside = at.pos();
  std::size_t inside_end = inside;
  while (!at.done()) {
    inside_end = at.pos();
    if (is_quote(at.next()))
      return Lexeme{LexemeKind::phrase, std::string(at.since(inside).substr(0, inside_end - inside)),
                    std::string(at.since(start)), column};
  }
  return fail(column, "unterminated phrase");
}

}  // namespace

std::optional<Field> field_named(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Field>, 3> fields{
      {{"title", Field::title}, {"summary", Field::summary}, {"content", Field::content}}};
  for (const auto& [known, field] : fields) {
    if (known.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = (name[i] | 0x20) == known[i];  // ASCII letters only reach here
    if (same) return field;
  }
  return std::nullopt;
}

std::vector<Lexeme> lex_query(std::string_view text) {
  std::vector<Lexeme> lexemes;
  Cursor at(text);
  const auto stop = [&](const QueryError& error) {
    lexemes.push_back({LexemeKind::error, error.message, {}, error.column});
    lexemes.push_back({LexemeKind::end, {}, {}, error.column});
    return lexemes;
  };
  while (!at.done()) {
    const std::size_t start = at.pos();
    const std::size_t column = at.column();
    const char32_t cp = at.peek();
    if (text::is_unicode_space(cp)) {
      at.next();
      continue;
    }
    if (cp == '(' || cp == ')') {
      at.next();
      lexemes.push_back({cp == '(' ? LexemeKind::lparen : LexemeKind::rparen, {},
                         std::string(at.since(start)), column});
      continue;
    }
    if (is_quote(cp)) {
      auto phrase = lex_phrase(at);
      if (!phrase) return stop(phrase.error());
      lexemes.push_back(std::move(*phrase));
      continue;
    }
    if (cp == '/') {
      auto regex = lex_regex(at);
      if (!regex) return stop(regex.error());
      lexemes.push_back(std::move(*regex));
      continue;
    }
    // A `-` followed by white space, `)` or the end is not a negation: it is a word of its
    // own (which has nothing to search for), as in `Ukraine - Russia`.
    if (cp == '-') {
      const char32_t after = at.peek_second();
      if (after != 0 && !text::is_unicode_space(after) && after != ')') {
        at.next();
        lexemes.push_back({LexemeKind::minus, {}, "-", column});
        continue;
      }
    }
    const auto field = field_prefix(at);
    if (!field) return stop(field.error());
    if (*field > 0) {
      for (std::size_t i = 0; i <= *field; ++i) at.next();  // the letters and the colon
      const auto raw = at.since(start);
      lexemes.push_back({LexemeKind::field, std::string(raw.substr(0, *field)), std::string(raw), column});
      continue;
    }
    while (!at.done() && !ends_word(at.peek())) at.next();
    const auto word = at.since(start);
    lexemes.push_back({classify_word(word), std::string(word), std::string(word), column});
  }
  lexemes.push_back({LexemeKind::end, {}, {}, at.column()});
  return lexemes;
}

std::string describe(const Lexeme& lexeme) {
  switch (lexeme.kind) {
    case LexemeKind::word: return "'" + lexeme.raw + "'";
    case LexemeKind::phrase: return "a phrase";
    case LexemeKind::regex: return "a regex";
    case LexemeKind::field: return lexeme.raw;
    case LexemeKind::minus: return "-";
    case LexemeKind::op_or: return "OR";
    case LexemeKind::op_and: return "AND";
    case LexemeKind::op_not: return "NOT";
    case LexemeKind::op_near: return lexeme.raw;
    case LexemeKind::lparen: return "'('";
    case LexemeKind::rparen: return "')'";
    case LexemeKind::error: return lexeme.text;
    case LexemeKind::end: return "the end of the query";
  }
  return "?";
}

}  // namespace vigil::topics::query
