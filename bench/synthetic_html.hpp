#pragma once
// Deterministic, invented HTML pages for bench_html: press-release list pages and article pages
// with the weight real CMS pages carry (head with inline CSS and scripts, mega-menu navigation,
// sidebars with widgets, footers with inline SVG icons, tracking scripts at the end). The text
// is generated (common English words and invented names in random sentences), so the same seed
// always gives the same bytes (with one compiler: several draws are arguments of one call, whose
// order of evaluation C++ leaves open; sizes and shapes do not depend on it).
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/source.hpp"

namespace vigil::bench {

enum class ListStyle {
  wordpress,  // <article class="post type-post ..."> with h2.entry-title, time.published, .entry-summary
  drupal,     // a Views list: div.views-row > article.node--type-press-release
};

struct ListPage {
  std::string html;
  std::size_t items = 0;
};

// A "Press releases" page of `items` entries (30-100 make 50-300 KB).
ListPage synthetic_list_page(ListStyle style, std::size_t items, std::uint64_t seed);

// The [source.select] that picks every field of the style's entries: CSS selectors, or the
// equivalent XPath 1.0 ("xpath:" prefix; a CSS class test becomes the usual
// contains(concat(' ', normalize-space(@class), ' '), ' name ') idiom).
SelectSpec list_selectors(ListStyle style, bool xpath);

enum class ArticleShape {
  wordpress_post,  // a blog post with author box, related posts and a long comment thread
  news,            // a news article between two sidebars, ad slots and inline "read more" boxes
  long_report,     // a long report: table of contents, many sections, tables, lists, footnotes
};

struct ArticlePage {
  std::string html;
  std::string body_word;         // an invented word only the article's main text contains
  std::string boilerplate_word;  // one only comments, sidebars or related lists contain
};

// An article page of the given shape; `size` (0, 1, 2...) makes the main text longer. The
// pages weigh 30-200 KB.
ArticlePage synthetic_article_page(ArticleShape shape, std::size_t size, std::uint64_t seed);

}  // namespace vigil::bench
