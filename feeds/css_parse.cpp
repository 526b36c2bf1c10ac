// CSS selectors, parsed: a hand-written parser that says where and what it expected. The
// matcher is css_select.cpp.
#include "feeds/css_select.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "text/utf8.hpp"

namespace vigil::feeds::detail::css {
namespace {

// :not(:is(:not(...))) deeper than this is refused: nested lists are parsed and matched
// recursively, so their depth must stay small whatever the input.
constexpr int kMaxNesting = 16;
// nth arguments beyond this are clamped: no element has a billionth sibling.
constexpr long long kMaxNumber = 1'000'000'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '-'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string text) {
  for (char& c : text) c = lower(c);
  return text;
}



std::optional<Combinator> combinator_of(char c) {
  switch (c) {
    case '>': return Combinator::child;
    case '+': return Combinator::next_sibling;
    case '~': return Combinator::later_sibling;
    default: return std::nullopt;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::expected<SelectorList, SelectorError> run() {
    SelectorList list;
    skip_space();
    if (at_end()) return std::unexpected(SelectorError{pos_, "expected a selector"});
    if (!parse_list(0, list.alternatives)) return std::unexpected(std::move(error_));
    return list;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::size_t compounds_ = 0;
  SelectorError error_;

  bool fail(std::size_t offset, std::string message) {
    error_ = {offset, std::move(message)};
    return false;
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool skip_space() {
    const std::size_t start = pos_;
    while (!at_end() && is_space(s_[pos_])) ++pos_;
    return pos_ != start;
  }
  std::string unexpected_here() const {
    if (at_end()) return "unexpected end of the selector";
    const auto c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0x20 && c < 0x7F) return fmt::format("unexpected '{}'", static_cast<char>(c));
    return fmt::format("unexpected byte 0x{:02X}", c);
  }

  // A list of complex selectors, up to the end or (unconsumed) `closer`.
  bool parse_list(char closer, std::vector<Complex>& out) {
    while (true) {
      skip_space();
      Complex complex;
      if (!parse_complex(closer, complex)) return false;
      out.push_back(std::move(complex));
      if (at_end() || (closer != 0 && peek() == closer)) return true;
      if (peek() != ',') return fail(pos_, unexpected_here());
      ++pos_;
      skip_space();
      if (at_end() || (closer != 0 && peek() == closer)) return fail(pos_, "expected a selector after ','");
    }
  }

  bool parse_complex(char closer, Complex& out) {
    std::optional<Combinator> pending;
    char pending_char = ' ';
    if (const auto leading = combinator_of(peek())) {  // "> h3": relative to the scope
      Compound scope;
      scope.flags = Compound::scope;
      out.compounds.push_back(std::move(scope));
      pending = leading;
      pending_char = peek();
      ++pos_;
      skip_space();
    }
    while (true) {
      if (pending) out.combinators.push_back(*pending);
      const std::size_t start = pos_;
      Compound compound;
      if (!parse_compound(compound)) return false;
      if (pos_ == start) {
        if (pending && *pending != Combinator::descendant)
          return fail(pos_, fmt::format("expected a selector after '{}'", pending_char));
        return fail(pos_, at_end() ? std::string("expected a selector") : unexpected_here());
      }
      if (++compounds_ > kMaxCompounds)
        return fail(start, fmt::format("a selector may have at most {} compound selectors", kMaxCompounds));
      out.compounds.push_back(std::move(compound));
      const bool spaced = skip_space();
      if (at_end() || peek() == ',' || (closer != 0 && peek() == closer)) return true;
      if (const auto combinator = combinator_of(peek())) {
        pending = combinator;
        pending_char = peek();
        ++pos_;
        skip_space();
        continue;
      }
      if (!spaced) return true;  // the list reports what follows
      pending = Combinator::descendant;
    }
  }

  bool starts_name() const {
    if (at_end()) return false;
    const char c = peek();
    if (is_name_start(c)) return true;
    if (c == '\\') return pos_ + 1 < s_.size() && peek(1) != '\n';
    if (c == '-') return is_name_start(peek(1)) || peek(1) == '-' || (peek(1) == '\\' && pos_ + 2 < s_.size());
    return false;
  }

  // Name characters and escapes, appended to `out` (nothing when none follow).
  bool read_name(std::string& out) {
    while (!at_end()) {
      const char c = peek();
      if (is_name_char(c)) {
        out += c;
        ++pos_;
      } else if (c == '\\') {
        if (!read_escape(out)) return false;
      } else {
        break;
      }
    }
    return true;
  }

  bool read_escape(std::string& out) {
    const std::size_t at = pos_++;
    if (at_end()) return fail(at, "expected a character after '\\'");
    if (peek() == '\n' || peek() == '\r' || peek() == '\f') return fail(at, "a line break cannot be escaped here");
    if (!is_hex(peek())) {
      out += peek();
      ++pos_;
      return true;
    }
    char32_t cp = 0;
    for (int digits = 0; digits < 6 && !at_end() && is_hex(peek()); ++digits, ++pos_) {
      const char c = lower(peek());
      cp = cp * 16 + static_cast<char32_t>(is_digit(c) ? c - '0' : c - 'a' + 10);
    }
    if (peek() == '\r' && peek(1) == '\n') ++pos_;
    if (!at_end() && is_space(peek())) ++pos_;
    text::append_utf8(out, cp == 0 ? char32_t{0xFFFD} : cp);  // CSS: an escaped NUL is U+FFFD
    return true;
  }

  bool read_string(std::string& out) {
    const char quote = peek();
    const std::size_t open = pos_++;
    while (true) {
      if (at_end()) return fail(open, "unclosed string");
      const char c = peek();
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
      } else if (pos_ + 1 >= s_.size()) {
        return fail(open, "unclosed string");
      } else if (peek(1) == '\n') {  // a line continuation
        pos_ += 2;
      } else if (!read_escape(out)) {
        return false;
      }
    }
  }

  bool parse_compound(Compound& c) {
    if (peek() == '*' && !at_end()) {
      ++pos_;
    } else if (starts_name()) {
      if (!read_name(c.tag)) return false;
      c.tag = lowered(std::move(c.tag));
    }
    while (!at_end()) {
      switch (peek()) {
        case '#': {
          ++pos_;
          std::string id;
          if (!read_name(id)) return false;
          if (id.empty()) return fail(pos_, "expected an id after '#'");
          c.ids.push_back(std::move(id));
          break;
        }
        case '.': {
          ++pos_;
          if (!starts_name()) return fail(pos_, "expected a class name after '.'");
          std::string name;
          if (!read_name(name)) return false;
          c.classes.push_back(std::move(name));
          break;
        }
        case '[':
          if (!parse_attribute(c)) return false;
          break;
        case ':':
          if (!parse_pseudo(c)) return false;
          break;
        default:
          return true;
      }
    }
    return true;
  }

  bool parse_attribute(Compound& c) {
    const std::size_t open = pos_++;
    skip_space();
    if (at_end()) return fail(open, "unclosed '['");
    if (!starts_name()) return fail(pos_, "expected an attribute name after '['");
    AttributeTest test;
    if (!read_name(test.name)) return false;
    test.name = lowered(std::move(test.name));
    skip_space();
    if (at_end()) return fail(open, "unclosed '['");
    if (peek() != ']') {
      const std::size_t op_at = pos_;
      switch (peek()) {
        case '=': test.op = AttributeTest::Op::equals; break;
        case '^': test.op = AttributeTest::Op::prefix; break;
        case '$': test.op = AttributeTest::Op::suffix; break;
        case '*': test.op = AttributeTest::Op::contains; break;
        case '~': test.op = AttributeTest::Op::word; break;
        case '|': test.op = AttributeTest::Op::dash; break;
        default: return fail(pos_, "expected ']' or an operator such as '=' after the attribute name");
      }
      if (peek() != '=') {
        if (peek(1) != '=' || pos_ + 1 >= s_.size()) return fail(pos_ + 1, fmt::format("expected '=' after '{}'", peek()));
        ++pos_;
      }
      ++pos_;
      const std::string_view op = s_.substr(op_at, pos_ - op_at);
      skip_space();
      if (at_end()) return fail(open, "unclosed '['");
      if (peek() == '"' || peek() == '\'') {
        if (!read_string(test.value)) return false;
      } else {
        const std::size_t value_at = pos_;
        if (!read_name(test.value)) return false;
        if (pos_ == value_at) return fail(pos_, fmt::format("expected a value after '{}' (quote values that are not names)", op));
      }
      skip_space();
      if (!at_end() && (lower(peek()) == 'i' || lower(peek()) == 's') && !is_name_char(peek(1)) && peek(1) != '\\') {
        test.ignore_case = lower(peek()) == 'i';
        ++pos_;
        skip_space();
      }
      if (at_end()) return fail(open, "unclosed '['");
    }
    if (peek() != ']') return fail(pos_, "expected ']' to close '['");
    ++pos_;
    c.attributes.push_back(std::move(test));
    return true;
  }

  bool parse_pseudo(Compound& c) {
    const std::size_t at = pos_++;
    if (peek() == ':' && !at_end()) {
      ++pos_;
      std::string name;
      if (!read_name(name)) return false;
      return fail(at, fmt::format("unsupported pseudo-element '::{}': selectors pick elements", name));
    }
    if (!starts_name()) return fail(pos_, "expected a pseudo-class name after ':'");
    std::string name;
    if (!read_name(name)) return false;
    const std::string key = lowered(name);
    const bool nth = key == "nth-child" || key == "nth-last-child" || key == "nth-of-type" || key == "nth-last-of-type";
    const bool list = key == "not" || key == "is" || key == "where";
    if (!at_end() && peek() == '(') {
      ++pos_;
      if (nth) {
        PositionTest test;
        test.of_type = key.ends_with("of-type");
        test.from_end = key.starts_with("nth-last");
        if (!parse_nth(at, key, test)) return false;
        c.positions.push_back(test);
        return true;
      }
      if (!list) return fail(at, fmt::format("unknown pseudo-class ':{}()'", name));
      if (depth_ >= kMaxNesting) return fail(at, fmt::format("selectors nested deeper than {} levels", kMaxNesting));
      skip_space();
      if (at_end()) return fail(at, fmt::format("unclosed ':{}('", key));
      if (peek() == ')') return fail(pos_, fmt::format("expected a selector in ':{}()'", key));
      NestedTest nested;
      nested.negate = key == "not";
      ++depth_;
      if (!parse_list(')', nested.alternatives)) return false;
      --depth_;
      if (at_end()) return fail(at, fmt::format("unclosed ':{}('", key));
      ++pos_;
      c.nested.push_back(std::move(nested));
      return true;
    }
    if (nth || list) return fail(pos_, fmt::format("expected '(' after ':{}'", key));
    auto position = [&c](bool of_type, bool from_end) { c.positions.push_back({0, 1, of_type, from_end}); };
    if (key == "first-child") {
      position(false, false);
    } else if (key == "last-child") {
      position(false, true);
    } else if (key == "only-child") {
      position(false, false);
      position(false, true);
    } else if (key == "first-of-type") {
      position(true, false);
    } else if (key == "last-of-type") {
      position(true, true);
    } else if (key == "only-of-type") {
      position(true, false);
      position(true, true);
    } else if (key == "root") {
      c.flags |= Compound::root;
    } else if (key == "scope") {
      c.flags |= Compound::scope;
    } else if (key == "empty") {
      c.flags |= Compound::empty;
    } else {
      return fail(at, fmt::format("unknown pseudo-class ':{}'", name));
    }
    return true;
  }

  long long read_number() {
    long long value = 0;
    while (!at_end() && is_digit(peek())) {
      value = std::min(kMaxNumber, value * 10 + (peek() - '0'));
      ++pos_;
    }
    return value;
  }

  // The argument of :nth-child() and its relatives: an+b, odd or even, then ')'.
  bool parse_nth(std::size_t at, const std::string& key, PositionTest& test) {
    skip_space();
    const std::size_t start = pos_;
    std::string word;
    for (std::size_t i = pos_; i < s_.size() && is_name_start(s_[i]); ++i) word += lower(s_[i]);
    if (word == "odd" || word == "even") {
      test.a = 2;
      test.b = word == "odd" ? 1 : 0;
      pos_ += word.size();
    } else {
      long long sign = 1;
      if (peek() == '+' || peek() == '-') {
        sign = peek() == '-' ? -1 : 1;
        ++pos_;
      }
      const std::size_t digits_at = pos_;
      const long long first = read_number();
      const bool has_digits = pos_ != digits_at;
      if (!at_end() && lower(peek()) == 'n') {
        ++pos_;
        test.a = sign * (has_digits ? first : 1);
        test.b = 0;
        skip_space();
        if (peek() == '+' || peek() == '-') {
          const char op = peek();
          ++pos_;
          skip_space();
          const std::size_t b_at = pos_;
          const long long b = read_number();
          if (pos_ == b_at) return fail(pos_, fmt::format("expected a number after '{}'", op));
          test.b = op == '-' ? -b : b;
        }
      } else if (has_digits) {
        test.a = 0;
        test.b = sign * first;
      } else {
        return fail(start, fmt::format("expected an+b, 'odd' or 'even' in ':{}()'", key));
      }
    }
    skip_space();
    if (at_end()) return fail(at, fmt::format("unclosed ':{}('", key));
    if (peek() != ')') return fail(pos_, fmt::format("expected ')' after the argument of ':{}()'", key));
    ++pos_;
    return true;
  }
};

}  // namespace

std::expected<SelectorList, SelectorError> parse(std::string_view text) { return Parser(text).run(); }

}  // namespace vigil::feeds::detail::css
