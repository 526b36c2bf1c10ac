#pragma once
// Private to feeds/ (behind selector.hpp): a CSS selector engine over the pugixml trees that
// html_dom.hpp builds. Selectors Level 3 (type, *, #id, .class, the attribute operators with
// the `i` flag, the four combinators, the structural pseudo-classes, :not) plus lists inside
// :not()/:is()/:where(), :scope, and a leading combinator ("> h3 a" means ":scope > h3 a").
// Element and attribute names are matched in lower case (the tree's), values and classes
// case-sensitively. Matching runs right to left from each candidate element, without
// recursion over the tree.
#include <pugixml.hpp>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/selector.hpp"  // SelectorError

namespace vigil::feeds::detail::css {

enum class Combinator : std::uint8_t { descendant, child, next_sibling, later_sibling };

struct AttributeTest {
  enum class Op : std::uint8_t { exists, equals, prefix, suffix, contains, word, dash };
  std::string name;  // lower case
  Op op = Op::exists;
  std::string value;
  bool ignore_case = false;  // the `i` flag: ASCII case-insensitive value
};

// :nth-child(an+b) and its relatives: the element's 1-based position among its element
// siblings (of its own name when of_type), counted from the end when from_end.
struct PositionTest {
  long long a = 0;
  long long b = 1;
  bool of_type = false;
  bool from_end = false;
};

struct Complex;

// :not(list) (negate) or :is(list) / :where(list).
struct NestedTest {
  bool negate = false;
  std::vector<Complex> alternatives;
};

// One compound selector: "article.teaser[data-id]:first-child".
struct Compound {
  enum Flag : std::uint8_t { root = 1, scope = 2, empty = 4 };
  std::string tag;  // lower case; empty for * or none
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  std::vector<AttributeTest> attributes;
  std::vector<PositionTest> positions;
  std::vector<NestedTest> nested;
  std::uint8_t flags = 0;
};

// "div.list > article h3": compounds left to right; combinators[i] joins compounds[i] and
// compounds[i + 1].
struct Complex {
  std::vector<Compound> compounds;
  std::vector<Combinator> combinators;
};

// A selector group ("h2 a, h3 a"): an element matches when any alternative does.
struct SelectorList {
  std::vector<Complex> alternatives;
};

// Shared by the parser and the matcher.
inline constexpr std::size_t kMaxCompounds = 256;  // per selector: matching recurses once per compound
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline bool equal_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Parses a selector group. Errors give the byte offset in `text` and what was expected.
std::expected<SelectorList, SelectorError> parse(std::string_view text);

// Whether `element` matches; `scope` is what :scope (and a leading combinator) refers to.
// Combinators may reach ancestors and siblings outside the scope, as querySelectorAll does.
bool matches(const SelectorList& list, pugi::xml_node element, pugi::xml_node scope);

// The descendant elements of `scope` (not the scope itself) that match, in document order.
std::vector<pugi::xml_node> select_all(const SelectorList& list, pugi::xml_node scope);

// The first of them in document order, or an empty node.
pugi::xml_node select_first(const SelectorList& list, pugi::xml_node scope);

}  // namespace vigil::feeds::detail::css
