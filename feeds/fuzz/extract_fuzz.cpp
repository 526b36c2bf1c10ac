// libFuzzer target for extract_article (built with -DVIGIL_FUZZ=ON and clang-19; see scripts/fuzz).
// Seeds: the article pages of tests/fixtures/articles/. Any bytes are an HTML page; the
// extractor must neither crash, nor recurse on the stack, nor leave its output invalid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feeds/article.hpp"
#include "text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const auto article = vigil::feeds::extract_article(html, "text/html", "https://ngo.example/news/item");
  // Text and HTML go into emails and JSON as they are: they must be valid UTF-8.
  if (!vigil::text::is_valid_utf8(article.text) || !vigil::text::is_valid_utf8(article.html)) std::abort();
  return 0;
}
