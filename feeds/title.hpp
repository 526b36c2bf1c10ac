#pragma once
// Private to feeds/: the plain-text titles Item promises.
#include <string>
#include <string_view>

namespace vigil::feeds::detail {

// Title rules: strip tags (html, or guess when it looks like markup; a tag that never closes
// stays text), decode entities (always: pugixml leaves undeclared ones such as &nbsp; as
// written), collapse whitespace.
enum class TitleMarkup { text, html, guess };
std::string plain_title(std::string_view raw, TitleMarkup markup);

}  // namespace vigil::feeds::detail
