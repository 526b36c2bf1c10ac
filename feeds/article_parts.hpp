#pragma once
// Private to the article extractor (article*.cpp): the pieces shared by content scoring,
// cleaning, rendering and metadata. Everything walks the pugixml tree of html_dom.hpp without
// recursion.
#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feeds/article.hpp"
#include "feeds/html_dom.hpp"

namespace vigil::feeds::detail::article {

// Pre-order walk of `root` and its descendants without recursion. enter(node) returns whether
// to descend; leave(node) runs for every entered node after its children.
template <class Enter, class Leave>
void walk(pugi::xml_node root, Enter&& enter, Leave&& leave) {
  if (!root) return;
  pugi::xml_node n = root;
  for (;;) {
    if (enter(n) && n.first_child()) {
      n = n.first_child();
      continue;
    }
    for (;;) {
      leave(n);
      if (n == root) return;
      if (pugi::xml_node next = n.next_sibling()) {
        n = next;
        break;
      }
      n = n.parent();
    }
  }
}

// ---- names and attributes (article_classes.cpp) ----
bool is_inline_tag(std::string_view name);
bool is_heading_tag(std::string_view name);  // h1-h6
// Elements dropped with their content before anything else: scripts, styles, embeds, forms'
// controls, and elements hidden by `hidden`, aria-hidden or an inline display:none.
bool is_invisible(pugi::xml_node element);
// class + " " + id, lower-cased: what the keyword rules look at.
std::string class_and_id(pugi::xml_node element);
// Readability's class weight: -25 / +25 for a negative / positive class and again for the id.
int class_weight(pugi::xml_node element);
// Navigation, sidebars, comments, banners... by tag, role, class or id (readability's
// "unlikely candidates"), unless the class also says article/body/content/main.
bool is_unlikely(pugi::xml_node element);
// Whether an element marks an article body (itemprop=articleBody, WordPress' entry-content,
// Drupal's field--name-body and the like).
bool is_article_body_marker(pugi::xml_node element);
// What a class_and_id() string names: a byline or caption, a date, a share bar.
bool names_byline(std::string_view match);
bool names_date(std::string_view match);
bool names_share(std::string_view match);

// ---- measuring and cleaning (article_clean.cpp) ----
// Aggregates over an element's subtree, as the scoring and the cleaning need them.
struct NodeInfo {
  double text = 0;       // code points, whitespace runs counted once
  double link_text = 0;  // text inside links (fragment links weigh 0.3)
  double own_text = 0;   // text not inside a descendant block element
  double own_link_text = 0;
  int commas = 0;
  int own_commas = 0;
  int paragraphs = 0;  // <p>
  int images = 0;
  int list_items = 0;
  int inputs = 0;
  int embeds = 0;
  int links = 0;  // <a href> elements
  double heading_text = 0;
  double list_text = 0;  // text inside <li>
  double time_text = 0;  // text inside <time>
  double score = 0;      // readability content score (candidates only)
  bool scored = false;   // was initialized as a candidate
  bool in_scope = false;
  bool lost_children = false;  // the cleaning dropped an element child

  double link_density() const { return text > 0 ? link_text / text : 0; }
};
using InfoMap = std::unordered_map<pugi::xml_node_struct*, NodeInfo>;

inline NodeInfo& info(InfoMap& map, pugi::xml_node n) { return map[n.internal_object()]; }
inline const NodeInfo* find_info(const InfoMap& map, pugi::xml_node n) {
  const auto it = map.find(n.internal_object());
  return it == map.end() ? nullptr : &it->second;
}

// Length of a text as the scoring counts it (code points, whitespace runs once) and its commas.
std::size_t text_length(std::string_view text);
int comma_count(std::string_view text);

struct Flags {
  bool strip_unlikely = true;   // drop navigation, sidebars, comments... before scoring
  bool weigh_classes = true;    // class names add to or take from scores
  bool clean_conditionally = true;  // drop link-heavy or form-heavy blocks from the result
};

// Drops invisible elements (always) and, with flags.strip_unlikely, the unlikely candidates
// (navigation, sidebars, comments, banners...) that do not hold a marked article body.
void prune(pugi::xml_node root, const Flags& flags);
// Fills `map` with the aggregates of every element under `root` (root included).
void measure(pugi::xml_node root, InfoMap& map);
// Whether a block inside (or beside) the content is a byline, caption, credit, share bar,
// figure, "read also" link or date line rather than the article.
bool is_noise(pugi::xml_node element, const InfoMap& map, const Flags& flags);
// Cleans a chosen content element: forms, share bars, bylines, captions, link-heavy lists and
// blocks (readability's conditional cleaning, bottom-up); `map` is updated as it goes.
void clean_content(pugi::xml_node content, InfoMap& map, const Flags& flags);

// ---- rendering (article_render.cpp) ----
struct Rendered {
  std::string text;
  std::string html;
  std::size_t length = 0;  // code points of text
};
// The text and HTML of `nodes` (in document order), without headings or leading blocks that
// repeat one of `titles`, orphan headings, repeated blocks and one-word boilerplate blocks.
Rendered render(const std::vector<pugi::xml_node>& nodes, const std::vector<std::string>& titles);
// The folded words of a text (text/words.hpp), single-spaced: for comparing titles, headings
// and boilerplate phrases whatever their case, accents or punctuation.
std::string comparable(std::string_view text);

// ---- metadata (article_metadata.cpp) ----
// Fills everything but text and html. Reads the tree as parsed, before any pruning. `titles`
// receives every title-like string seen (og:title, headline, <title>, its trimmed form) so the
// content can leave them out.
void read_metadata(const HtmlDocument& doc, Article& out, std::vector<std::string>& titles);

}  // namespace vigil::feeds::detail::article
