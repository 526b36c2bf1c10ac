// Recursive descent over the lexemes, one function per precedence level, loosest first:
//   query   := '*' END | or_expr END
//   or_expr := and_expr (OR and_expr)*
//   and_expr:= unary ((AND)? unary)*          adjacent operands are an implicit AND
//   unary   := (NOT | '-') unary | near       NOT binds to the next operand only
//   near    := scoped (NEAR[/n] scoped)?      a second NEAR in a row is an error
//   scoped  := FIELD+ primary | primary       the field applies to every leaf inside
//   primary := WORD | PHRASE | REGEX | '(' or_expr ')'
// Everything that makes a query meaningless is checked here, bottom-up while parsing (no
// second walk over the tree): positivity, NEAR's operands, field scopes, regexes. Recursion
// only goes through '(' and NOT, both counted, so hostile input cannot exhaust the stack.
#include <charconv>
#include <optional>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "text/utf8.hpp"
#include "text/words.hpp"
#include "topics/query.hpp"
#include "topics/query_lexer.hpp"

namespace vigil::topics {
namespace {

using query::Field;
using query::Lexeme;
using query::LexemeKind;
using query::Node;

constexpr std::size_t max_depth = 32;
constexpr std::size_t max_near_distance = 1000;

std::unexpected<QueryError> fail(std::size_t column, std::string message) {
  return std::unexpected(QueryError{column, std::move(message)});
}

// An operand on its way up: its node, where it starts, and whether it has a term to look
// for (see is_positive below); `problem` says why not, for the error at the root.
struct Parsed {
  Node node;
  std::size_t column = 0;
  bool positive = true;
  QueryError problem;
};

using Result = std::expected<Parsed, QueryError>;

constexpr std::string_view only_not_message =
    "the query needs at least one word to look for (NOT only excludes)";
constexpr std::string_view or_branch_message = "each side of OR needs a word to look for (NOT only excludes)";

bool starts_operand(LexemeKind kind) {
  switch (kind) {
    case LexemeKind::word: case LexemeKind::phrase: case LexemeKind::regex: case LexemeKind::field:
    case LexemeKind::minus: case LexemeKind::op_not: case LexemeKind::lparen:
    case LexemeKind::error:  // so the parser walks into it, unless it finds an earlier error
      return true;
    default:
      return false;
  }
}

bool starts_scoped(LexemeKind kind) {
  return kind == LexemeKind::word || kind == LexemeKind::phrase || kind == LexemeKind::regex ||
         kind == LexemeKind::lparen || kind == LexemeKind::error;
}

struct Folded {
  std::vector<std::string> words;   // the plain tokens
  std::vector<std::string> joined;  // compounds in place of their parts; empty if none
  std::size_t end = 0;              // byte offset where the last plain token ends
};

// tokenize() gives each compound (anti-personnel -> antipersonnel, span 2) after its parts.
Folded fold_words(std::string_view text) {
  Folded folded;
  auto tokens = text::tokenize(text);
  std::vector<const text::Token*> compound_at;
  for (const auto& token : tokens) {
    if (token.span != 1) continue;
    folded.words.push_back(token.word);
    folded.end = token.end;
  }
  compound_at.assign(folded.words.size(), nullptr);
  bool any = false;
  for (const auto& token : tokens)
    if (token.span >= 2 && token.position + token.span <= folded.words.size()) {
      compound_at[token.position] = &token;
      any = true;
    }
  if (!any) return folded;
  for (std::size_t at = 0; at < folded.words.size();) {
    if (const text::Token* compound = compound_at[at]) {
      folded.joined.push_back(compound->word);
      at += compound->span;
    } else {
      folded.joined.push_back(folded.words[at]);
      ++at;
    }
  }
  return folded;
}

bool is_word_or_phrase(const Node& node) {
  return std::holds_alternative<query::Term>(node.value) || std::holds_alternative<query::Phrase>(node.value);
}

// A NEAR side: a term, a phrase, or an OR of those (an OR group has been flattened).
bool nearable(const Node& node) {
  if (is_word_or_phrase(node)) return true;
  const auto* alternatives = std::get_if<query::Or>(&node.value);
  if (!alternatives) return false;
  for (const auto& operand : alternatives->operands)
    if (!is_word_or_phrase(operand)) return false;
  return true;
}

// The explicit field of a NEAR side's leaves (they can only differ inside an OR).
void collect_fields(const Node& node, std::vector<Field>& fields) {
  if (const auto* term = std::get_if<query::Term>(&node.value)) fields.push_back(term->field);
  if (const auto* phrase = std::get_if<query::Phrase>(&node.value)) fields.push_back(phrase->field);
  if (const auto* alternatives = std::get_if<query::Or>(&node.value))
    for (const auto& operand : alternatives->operands) collect_fields(operand, fields);
}

std::string_view field_name(Field field) {
  switch (field) {
    case Field::title: return "title:";
    case Field::summary: return "summary:";
    case Field::content: return "content:";
    case Field::any: break;
  }
  return "";
}

// The first match of a regex in a few short texts is empty only if it can match an empty
// string, which would make it fire on (nearly) every text.
bool matches_empty(const re2::RE2& re) {
  for (const re2::StringPiece probe : {"", "a", " ", "a b", "1"}) {
    re2::StringPiece found;
    if (re.Match(probe, 0, probe.size(), re2::RE2::UNANCHORED, &found, 1) && found.empty()) return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

  std::expected<query::Query, QueryError> parse() {
    if (peek().kind == LexemeKind::end) return fail(1, "empty query");
    if (lexemes_.size() == 2 && peek().kind == LexemeKind::word && peek().raw == "*")
      return query::Query{Node{query::All{}}};
    auto root = parse_or(nullptr);
    if (!root) return std::unexpected(root.error());
    if (peek().kind != LexemeKind::end) return unexpected(peek());
    if (!root->positive) return std::unexpected(root->problem);
    return query::Query{std::move(root->node)};
  }

 private:
  const Lexeme& peek() const { return lexemes_[at_]; }
  const Lexeme& take() { return lexemes_[at_++]; }

  // A lexeme where an operand should start.
  std::unexpected<QueryError> unexpected(const Lexeme& lexeme) const {
    switch (lexeme.kind) {
      case LexemeKind::rparen:
        if (depth_ == 0) return fail(lexeme.column, "unbalanced parentheses: ')' has no matching '('");
        break;
      case LexemeKind::end:
        return fail(lexeme.column, "expected a term");
      default:
        break;
    }
    return fail(lexeme.column, "expected a term before " + query::describe(lexeme));
  }

  Result expect_operand_after(const Lexeme& op) const {
    return fail(peek().column, "expected a term after " + query::describe(op));
  }

  std::optional<QueryError> enter(const Lexeme& lexeme) {
    if (++depth_ > max_depth)
      return QueryError{lexeme.column,
                        "the query nests deeper than " + std::to_string(max_depth) + " levels"};
    return std::nullopt;
  }

  Result parse_or(const Lexeme* group) {
    if (!starts_operand(peek().kind)) {
      if (group && peek().kind == LexemeKind::end)
        return fail(group->column, "unbalanced parentheses: '(' is never closed");
      return unexpected(peek());
    }
    std::vector<Parsed> parts;
    while (true) {
      auto part = parse_and();
      if (!part) return part;
      parts.push_back(std::move(*part));
      if (peek().kind != LexemeKind::op_or) break;
      const auto& op = take();
      if (!starts_operand(peek().kind)) return expect_operand_after(op);
    }
    return combine_or(std::move(parts));
  }

  Result parse_and() {
    std::vector<Parsed> parts;
    while (true) {
      auto part = parse_unary();
      if (!part) return part;
      parts.push_back(std::move(*part));
      if (peek().kind == LexemeKind::op_and) {
        const auto& op = take();
        if (!starts_operand(peek().kind)) return expect_operand_after(op);
      } else if (!starts_operand(peek().kind)) {
        break;
      }
    }
    return combine_and(std::move(parts));
  }

  Result parse_unary() {
    if (peek().kind != LexemeKind::op_not && peek().kind != LexemeKind::minus) return parse_near();
    const auto& op = take();
    if (auto deep = enter(op)) return std::unexpected(*deep);
    if (!starts_operand(peek().kind)) return expect_operand_after(op);
    auto operand = parse_unary();
    if (!operand) return operand;
    --depth_;
    query::Not negation;
    negation.operand.push_back(std::move(operand->node));
    return Parsed{Node{std::move(negation)}, op.column, false,
                  QueryError{op.column, std::string(only_not_message)}};
  }

  Result parse_near() {
    auto left = parse_scoped();
    if (!left || peek().kind != LexemeKind::op_near) return left;
    const auto& op = take();
    const auto distance = near_distance(op);
    if (!distance) return std::unexpected(distance.error());
    if (peek().kind == LexemeKind::op_not || peek().kind == LexemeKind::minus)
      return near_operand_error(peek().column);
    if (!starts_operand(peek().kind)) return expect_operand_after(op);
    auto right = parse_scoped();
    if (!right) return right;
    if (peek().kind == LexemeKind::op_near)
      return fail(peek().column, "NEAR cannot be chained: write (a NEAR b) AND (b NEAR c)");
    for (const auto* side : {&*left, &*right})
      if (!nearable(side->node)) return near_operand_error(side->column);
    std::vector<Field> fields;
    collect_fields(left->node, fields);
    collect_fields(right->node, fields);
    std::optional<Field> explicit_field;
    for (const auto field : fields) {
      if (field == Field::any) continue;
      if (explicit_field && *explicit_field != field)
        return fail(op.column, "NEAR needs both sides in the same field (" +
                                   std::string(field_name(*explicit_field)) + " and " +
                                   std::string(field_name(field)) + " never meet)");
      explicit_field = field;
    }
    query::Near near;
    near.distance = *distance;
    near.column = op.column;
    near.operands.push_back(std::move(left->node));
    near.operands.push_back(std::move(right->node));
    return Parsed{Node{std::move(near)}, left->column, true, {}};
  }

  static std::unexpected<QueryError> near_operand_error(std::size_t column) {
    return fail(column, "NEAR joins words or phrases (or an OR of them in parentheses)");
  }

  static std::expected<std::size_t, QueryError> near_distance(const Lexeme& op) {
    const std::string_view raw = op.raw;
    if (raw == "NEAR") return 10;
    const auto digits = raw.substr(5);  // after "NEAR/"
    std::size_t distance = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), distance);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || distance == 0 ||
        distance > max_near_distance)
      return fail(op.column, "NEAR/n needs a number of words from 1 to " + std::to_string(max_near_distance) +
                                 ", as in NEAR/5 (not " + std::string(raw) + ")");
    return distance;
  }

  // Field prefixes in a row are read in a loop: `title:title:...x` must not recurse.
  Result parse_scoped() {
    if (peek().kind != LexemeKind::field) return parse_primary();
    const auto outer = scope_;
    const std::size_t column = peek().column;
    while (peek().kind == LexemeKind::field) {
      const auto& prefix = take();
      const Field field = query::field_named(prefix.text).value_or(Field::any);  // the lexer checked it
      if (scope_ != Field::any && scope_ != field)
        return fail(prefix.column, prefix.raw + " inside " + std::string(field_name(scope_)) +
                                       " (a scoped group cannot name another field)");
      scope_ = field;
      if (!starts_scoped(peek().kind) && peek().kind != LexemeKind::field)
        return fail(peek().column, "expected a word, phrase, regex or group after " + prefix.raw);
    }
    auto scoped = parse_primary();
    if (!scoped) return scoped;
    scope_ = outer;
    scoped->column = column;
    return scoped;
  }

  Result parse_primary() {
    const auto& lexeme = peek();
    switch (lexeme.kind) {
      case LexemeKind::word: return parse_word(take());
      case LexemeKind::phrase: return parse_phrase(take());
      case LexemeKind::regex: return parse_regex(take());
      case LexemeKind::lparen: return parse_group(take());
      case LexemeKind::error: return fail(lexeme.column, lexeme.text);
      default: return unexpected(lexeme);
    }
  }

  Result parse_group(const Lexeme& open) {
    if (auto deep = enter(open)) return std::unexpected(*deep);
    if (peek().kind == LexemeKind::rparen) return fail(open.column, "empty parentheses");
    auto inner = parse_or(&open);
    if (!inner) return inner;
    if (peek().kind != LexemeKind::rparen) {
      if (peek().kind == LexemeKind::end)
        return fail(open.column, "unbalanced parentheses: '(' is never closed");
      return unexpected(peek());
    }
    take();
    --depth_;
    inner->column = open.column;
    return inner;
  }

  Result parse_word(const Lexeme& lexeme) const {
    std::string_view text = lexeme.text;
    if (text == "*") return fail(lexeme.column, "* (every item) must be the whole query");
    const auto star = text.find('*');
    const bool prefix = star != std::string_view::npos;
    if (prefix && star + 1 != text.size())
      return fail(lexeme.column + text::utf8_length(text.substr(0, star)),
                  "* is only allowed at the end of a word (prefix*)");
    if (prefix) text.remove_suffix(1);
    auto folded = fold_words(text);
    if (folded.words.empty())
      return fail(lexeme.column, "'" + lexeme.raw + "' has no letters or digits to search for");
    if (prefix && folded.end != text.size())
      return fail(lexeme.column + text::utf8_length(text),
                  "a prefix* needs a letter or digit right before the *");
    query::Term term{lexeme.raw, lexeme.column, scope_, std::move(folded.words),
                     std::move(folded.joined), prefix};
    return Parsed{Node{std::move(term)}, lexeme.column, true, {}};
  }

  Result parse_phrase(const Lexeme& lexeme) const {
    auto folded = fold_words(lexeme.text);
    if (folded.words.empty()) return fail(lexeme.column, "empty phrase");
    query::Phrase phrase{lexeme.raw, lexeme.column, scope_, std::move(folded.words),
                         std::move(folded.joined)};
    return Parsed{Node{std::move(phrase)}, lexeme.column, true, {}};
  }

  Result parse_regex(const Lexeme& lexeme) const {
    if (lexeme.text.empty()) return fail(lexeme.column, "empty regex");
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!lexeme.ignore_case);
    const re2::RE2 re(lexeme.text, options);
    if (!re.ok()) return fail(lexeme.column, "invalid regex " + lexeme.raw + ": " + re.error());
    if (matches_empty(re))
      return fail(lexeme.column,
                  "regex " + lexeme.raw + " matches every text (it can match an empty string)");
    query::Regex regex{lexeme.raw, lexeme.column, scope_, lexeme.text, lexeme.ignore_case};
    return Parsed{Node{std::move(regex)}, lexeme.column, true, {}};
  }

  // Or is positive only if every operand is: a branch without a word would match (nearly)
  // every item, so the topic could not be found by its words.
  static Parsed combine_or(std::vector<Parsed> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    Parsed result{Node{query::Or{}}, parts.front().column, true, {}};
    auto& operands = std::get<query::Or>(result.node.value).operands;
    for (auto& part : parts) {
      if (!part.positive && result.positive) {
        result.positive = false;
        const bool nested_or = std::holds_alternative<query::Or>(part.node.value);
        result.problem = nested_or ? part.problem : QueryError{part.column, std::string(or_branch_message)};
      }
      absorb<query::Or>(operands, std::move(part.node));
    }
    return result;
  }

  // And is positive if any operand is: the others only narrow it down.
  static Parsed combine_and(std::vector<Parsed> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    Parsed result{Node{query::And{}}, parts.front().column, false, parts.front().problem};
    auto& operands = std::get<query::And>(result.node.value).operands;
    for (auto& part : parts) {
      result.positive = result.positive || part.positive;
      absorb<query::And>(operands, std::move(part.node));
    }
    if (result.positive) result.problem = {};
    return result;
  }

  // Flattens a nested operator of the same kind: (a OR b) OR c is one Or of three.
  template <typename Op>
  static void absorb(std::vector<Node>& operands, Node node) {
    if (auto* same = std::get_if<Op>(&node.value)) {
      for (auto& operand : same->operands) operands.push_back(std::move(operand));
      return;
    }
    operands.push_back(std::move(node));
  }

  std::vector<Lexeme> lexemes_;
  std::size_t at_ = 0;
  std::size_t depth_ = 0;    // open groups and NOTs
  Field scope_ = Field::any;  // the field prefix in force
};

}  // namespace

std::expected<query::Query, QueryError> parse_query(std::string_view text) {
  return Parser(query::lex_query(text)).parse();
}

}  // namespace vigil::topics
