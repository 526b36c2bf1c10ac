#include "feeds/title.hpp"

#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {

std::string plain_title(std::string_view raw, TitleMarkup markup) {
  const bool strip = markup == TitleMarkup::html || (markup == TitleMarkup::guess && text::looks_like_markup(raw));
  if (!strip) {
    if (raw.find('&') == std::string_view::npos) return text::collapse_whitespace(raw);  // nothing to decode
    return text::collapse_whitespace(text::decode_entities(raw));
  }
  return text::html_to_text(raw, {.layout = text::TextLayout::one_line, .unclosed_tag_is_text = true});
}

}  // namespace vigil::feeds::detail
