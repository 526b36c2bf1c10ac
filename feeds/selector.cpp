// The selectors of [source.select]: CSS through css_select.hpp, with an optional "@attr"
// suffix, or XPath 1.0 through pugixml's own engine after an "xpath:" prefix.
#include "feeds/selector.hpp"

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "feeds/css_select.hpp"
#include "feeds/html_dom.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

constexpr std::string_view kXPathPrefix = "xpath:";
// pugixml parses and evaluates XPath recursively; deeper brackets than this are refused
// before it sees them (pugixml's own limit, 1024, is too deep for a sanitizer's stack).
constexpr int kMaxXPathNesting = 64;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::unexpected<SelectorError> error(std::size_t offset, std::string message) {
  return std::unexpected(SelectorError{offset, std::move(message)});
}

// Where "@attr" starts in a CSS selector: the first '@' outside strings, brackets, parentheses
// and escapes ("a[href='mailto:x@y']" has none). npos when there is none.
std::size_t attribute_suffix_at(std::string_view css) {
  char quote = 0;
  int depth = 0;
  for (std::size_t i = 0; i < css.size(); ++i) {
    const char c = css[i];
    if (c == '\\') {
      ++i;
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '(') {
      ++depth;
    } else if (c == ']' || c == ')') {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (c == '@' && depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool fits_attribute_name(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7F) return false;
  return std::string_view(" \"'<>/=,[]()").find(c) == std::string_view::npos;
}

// Scans an XPath expression outside string literals. on_char(i, depth) sees every character
// outside literals with the bracket depth before it. Returns the offset of the first bracket
// deeper than kMaxXPathNesting, or npos.
template <class OnChar>
std::size_t scan_xpath(std::string_view expr, OnChar&& on_char) {
  char quote = 0;
  int depth = 0;
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const char c = expr[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    on_char(i, depth);
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(' || c == '[') {
      if (++depth > kMaxXPathNesting) return i;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Whether a path's last step reads a string: an attribute or text() (see reads_attribute).
bool step_reads_string(std::string_view step) {
  step = text::trim(step);
  // Trailing predicates go: "@href[1]" is still an attribute step.
  std::size_t predicate = std::string_view::npos;
  scan_xpath(step, [&](std::size_t i, int depth) {
    if (depth == 0 && step[i] == '[' && predicate == std::string_view::npos) predicate = i;
  });
  step = text::trim(step.substr(0, predicate));
  if (step.starts_with('@') || step.starts_with("attribute::")) return true;
  if (step.starts_with("text")) {
    const auto rest = text::trim(step.substr(4));
    return rest.starts_with('(');
  }
  return false;
}

bool final_steps_read_strings(std::string_view expr) {
  // Unwraps "(path)[n]" until the expression is a plain path or union.
  while (true) {
    expr = text::trim(expr);
    std::vector<std::size_t> bars;
    std::size_t last_slash = std::string_view::npos;
    std::vector<std::size_t> slashes;  // the last top-level '/' of each branch
    scan_xpath(expr, [&](std::size_t i, int depth) {
      if (depth != 0) return;
      if (expr[i] == '|') {
        bars.push_back(i);
        slashes.push_back(last_slash);
        last_slash = std::string_view::npos;
      } else if (expr[i] == '/') {
        last_slash = i;
      }
    });
    slashes.push_back(last_slash);
    bars.push_back(expr.size());
    if (bars.size() == 1 && last_slash == std::string_view::npos && expr.starts_with('(')) {
      std::size_t close = std::string_view::npos;
      scan_xpath(expr, [&](std::size_t i, int depth) {
        if (depth == 1 && expr[i] == ')' && close == std::string_view::npos) close = i;
      });
      if (close == std::string_view::npos) return false;
      expr = expr.substr(1, close - 1);
      continue;
    }
    std::size_t begin = 0;
    for (std::size_t b = 0; b < bars.size(); ++b) {
      const std::size_t from = slashes[b] == std::string_view::npos ? begin : slashes[b] + 1;
      if (!step_reads_string(expr.substr(from, bars[b] - from))) return false;
      begin = bars[b] + 1;
    }
    return true;
  }
}

bool has_attribute(pugi::xml_node node, const std::string& name) {
  return node.type() == pugi::node_element && node.attribute(name.c_str());
}

}  // namespace

struct Selector::Impl {
  std::string text;
  // CSS
  css::SelectorList css;
  bool scope_itself = false;  // a bare "@attr"
  std::string attribute;      // lower case; empty when the selector reads text
  // XPath
  std::optional<pugi::xpath_query> xpath;
  bool xpath_reads_string = false;
};

Selector::Selector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;
Selector::~Selector() = default;

std::expected<Selector, SelectorError> Selector::parse(std::string_view text) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  // Offsets in errors stay those of `text`, surrounding whitespace included.
  std::size_t begin = 0;
  while (begin < text.size() && is_space(text[begin])) ++begin;
  std::size_t end = text.size();
  while (end > begin && is_space(text[end - 1])) --end;
  const std::string_view body = text.substr(begin, end - begin);
  if (body.empty()) return error(begin, "expected a selector");

  if (body.starts_with(kXPathPrefix)) {
    const std::size_t at = begin + kXPathPrefix.size();
    const std::string_view expr = body.substr(kXPathPrefix.size());
    if (text::trim(expr).empty()) return error(at, "expected an XPath expression after 'xpath:'");
    if (const auto nul = expr.find('\0'); nul != std::string_view::npos) return error(at + nul, "unexpected byte 0x00");
    if (const auto deep = scan_xpath(expr, [](std::size_t, int) {}); deep != std::string_view::npos)
      return error(at + deep, fmt::format("XPath expression nested deeper than {} levels", kMaxXPathNesting));
    const std::string owned(expr);  // pugixml wants a terminated string
    try {
      impl->xpath.emplace(owned.c_str());
    } catch (const pugi::xpath_exception& e) {
      return error(at + static_cast<std::size_t>(e.result().offset), fmt::format("XPath: {}", e.result().description()));
    }
    if (const auto& result = impl->xpath->result(); !result)  // pugixml built without exceptions
      return error(at + static_cast<std::size_t>(result.offset), fmt::format("XPath: {}", result.description()));
    impl->xpath_reads_string =
        impl->xpath->return_type() != pugi::xpath_type_node_set || final_steps_read_strings(expr);
    return Selector(std::move(impl));
  }

  std::string_view css = body;
  if (const auto at = attribute_suffix_at(body); at != std::string_view::npos) {
    css = body.substr(0, at);
    const std::string_view suffix = body.substr(at + 1);
    std::size_t name_at = 0;
    while (name_at < suffix.size() && is_space(suffix[name_at])) ++name_at;
    if (name_at == suffix.size()) return error(begin + at + 1, "expected an attribute name after '@'");
    for (std::size_t i = name_at; i < suffix.size(); ++i) {
      const char c = suffix[i];
      if (fits_attribute_name(c)) {
        impl->attribute += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        continue;
      }
      const auto u = static_cast<unsigned char>(c);
      return error(begin + at + 1 + i, u >= 0x20 && u < 0x7F
                                           ? fmt::format("unexpected '{}' in the attribute name after '@'", c)
                                           : fmt::format("unexpected byte 0x{:02X} in the attribute name after '@'", u));
    }
    if (text::trim(css).empty()) {
      impl->scope_itself = true;
      return Selector(std::move(impl));
    }
  }
  auto parsed = css::parse(css);
  if (!parsed) return error(begin + parsed.error().offset, std::move(parsed.error().message));
  impl->css = std::move(*parsed);
  if (!impl->attribute.empty()) {
    // "sel@attr" picks what "sel[attr]" picks.
    for (auto& alternative : impl->css.alternatives)
      alternative.compounds.back().attributes.push_back({impl->attribute, css::AttributeTest::Op::exists, {}, false});
  }
  return Selector(std::move(impl));
}

std::vector<pugi::xml_node> Selector::elements(pugi::xml_node scope) const {
  if (impl_->xpath) {
    if (impl_->xpath->return_type() != pugi::xpath_type_node_set) return {};
    auto set = impl_->xpath->evaluate_node_set(scope);
    set.sort();
    std::vector<pugi::xml_node> found;
    for (const auto& node : set)
      if (node.node().type() == pugi::node_element) found.push_back(node.node());
    return found;
  }
  if (impl_->scope_itself) {
    if (has_attribute(scope, impl_->attribute)) return {scope};
    return {};
  }
  return css::select_all(impl_->css, scope);
}

pugi::xml_node Selector::first(pugi::xml_node scope) const {
  if (impl_->xpath) {
    const auto found = elements(scope);
    return found.empty() ? pugi::xml_node() : found.front();
  }
  if (impl_->scope_itself) return has_attribute(scope, impl_->attribute) ? scope : pugi::xml_node();
  return css::select_first(impl_->css, scope);
}

std::optional<std::string> Selector::value(pugi::xml_node scope) const {
  if (impl_->xpath) {
    if (impl_->xpath->return_type() != pugi::xpath_type_node_set) {
      const auto result = impl_->xpath->evaluate_string(scope);
      const auto trimmed = text::trim(result);
      if (trimmed.empty()) return std::nullopt;
      return std::string(trimmed);
    }
    const auto picked = impl_->xpath->evaluate_node(scope);  // the first in document order
    if (picked.attribute()) return std::string(text::trim(picked.attribute().value()));
    const auto node = picked.node();
    if (!node) return std::nullopt;
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) return text::collapse_whitespace(node.value());
    return text_of(node);
  }
  const auto picked = first(scope);
  if (!picked) return std::nullopt;
  if (!impl_->attribute.empty()) return std::string(text::trim(picked.attribute(impl_->attribute.c_str()).value()));
  return text_of(picked);
}

bool Selector::reads_attribute() const {
  return impl_->xpath ? impl_->xpath_reads_string : !impl_->attribute.empty();
}

const std::string& Selector::text() const { return impl_->text; }

}  // namespace vigil::feeds::detail
