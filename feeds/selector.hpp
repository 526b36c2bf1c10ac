#pragma once
// Private to feeds/ (and its tests): the selectors of an HTML source's [source.select] table.
// A selector is CSS (the default; see css_select.hpp for what it supports) or XPath 1.0 (prefix
// "xpath:"); a CSS selector may end in "@attr" to read an attribute instead of the text
// ("h3 a@href"). XPath expressions that select attributes ("xpath://h3/a/@href") or strings
// ("xpath:string(//time/@datetime)") read those.
//
// "sel@attr" picks what "sel" picks that has the attribute (as "sel[attr]" would), so
// "time@datetime" skips a <time> without one. A bare "@attr" reads the scope's own attribute
// (an item that is itself the link: item = "a.card", link = "@href"). A CSS selector may start
// with a combinator to anchor it at the scope ("> h3 a").
#include <pugixml.hpp>

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds::detail {

// A syntax error: where in the selector text (0-based byte offset) and what was expected,
// e.g. {7, "expected a class name after '.'"}.
struct SelectorError {
  std::size_t offset = 0;
  std::string message;
};

class Selector {
 public:
  // Parses `text` ("article.teaser", "h3 a@href", "xpath://li[@class='pr']").
  static std::expected<Selector, SelectorError> parse(std::string_view text);

  // Elements under `scope` (descendants only, the scope itself excluded for CSS; XPath is
  // evaluated with `scope` as the context node) that the selector picks, in document order,
  // without duplicates. For the `item` selector.
  std::vector<pugi::xml_node> elements(pugi::xml_node scope) const;

  // The first element the selector picks under `scope`, or an empty node.
  pugi::xml_node first(pugi::xml_node scope) const;

  // The value the selector reads under `scope`: the attribute's value when it names one
  // ("@href", XPath attribute or string results), else the picked element's text (text_of in
  // html_dom.hpp); values are trimmed. nullopt when nothing is picked (or, for XPath string
  // results, when the string is empty). Fields such as title, link and date.
  std::optional<std::string> value(pugi::xml_node scope) const;

  // Whether the selector reads an attribute or string rather than an element's content. For
  // XPath, true for string, number and boolean expressions, and for paths whose last step
  // (in every branch of a union) is an attribute (@x, attribute::x) or text(): judged from
  // the expression's text, so that no page is needed.
  bool reads_attribute() const;

  const std::string& text() const;  // as written, for error messages

  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;
  ~Selector();

 private:
  struct Impl;
  explicit Selector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::feeds::detail
