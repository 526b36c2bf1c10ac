// libFuzzer target for the selectors of HTML list pages (built with -DVIGIL_FUZZ=ON and
// clang-19; see scripts/fuzz). The input's first line is a selector (CSS, "@attr", or
// "xpath:..."), the rest an HTML page; a valid selector is run over the page as
// html_list does: items from the document, then a field from each item.
// Seeds: tests/fixtures/fuzz/html_select/ (dictionary: tests/fixtures/fuzz/html_select.dict).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/html_dom.hpp"
#include "feeds/selector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const auto text = input.substr(0, newline);
  const auto body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  const auto selector = vigil::feeds::detail::Selector::parse(text);
  if (!selector) return 0;
  (void)selector->reads_attribute();
  const auto doc = vigil::feeds::detail::parse_html(body, "text/html", "https://ngo.example/press/");
  const auto items = selector->elements(doc.dom);
  (void)selector->first(doc.dom);
  (void)selector->value(doc.dom);
  std::size_t tried = 0;
  for (const auto item : items) {
    if (++tried > 16) break;
    (void)selector->value(item);
    (void)selector->elements(item);
  }
  return 0;
}
