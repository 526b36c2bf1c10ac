// What the article extractor keeps out: invisible and unlikely elements before scoring, and
// inside the chosen content the blocks readability cleans conditionally. Also the subtree
// aggregates (text, link text, commas, counts) both the scoring and the cleaning decide on.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "feeds/article_parts.hpp"

namespace vigil::feeds::detail::article {
namespace {

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Openings of "read also" paragraphs, compared after comparable().
constexpr std::array<std::string_view, 22> kReadAlso{
    "read also",     "read more",     "also read",      "see also",       "related",         "more on this",
    "à lire aussi",  "lire aussi",    "voir aussi",     "lee también",    "lea también",     "leer más",
    "te puede interesar", "ver también", "читайте також", "також читайте", "дивіться також", "читайте также",
    "смотрите также", "lesen sie auch", "mehr zum thema", "leia também"};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string_view attr(pugi::xml_node n, const char* name) { return n.attribute(name).value(); }

// A form of controls (search, sign-up, comment form) rather than a page some CMSs (ASP.NET)
// wrap whole in one <form>.
bool is_control_form(pugi::xml_node form) {
  bool controls = false;
  std::size_t text = 0;
  walk(
      form,
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_pcdata) text += text_length(n.value());
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (name == "input" || name == "select" || name == "textarea" || name == "button") controls = true;
        return name != "script" && name != "style";
      },
      [](pugi::xml_node) {});
  return controls && text < 1000;
}

bool is_main_marker(pugi::xml_node element) {
  return std::string_view(element.name()) == "main" || lowered(attr(element, "role")) == "main" ||
         std::string_view(element.name()) == "article";
}

// Elements that hold an article body or <main>: never dropped as unlikely, so a page whose
// layout wrapper says "has-sidebar" keeps its article.
std::unordered_set<pugi::xml_node_struct*> protected_elements(pugi::xml_node root) {
  std::unordered_set<pugi::xml_node_struct*> keep;
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        if (is_article_body_marker(n) || is_main_marker(n)) {
          for (auto p = n; p && p != root; p = p.parent())
            if (!keep.insert(p.internal_object()).second) break;
        }
        return true;
      },
      [](pugi::xml_node) {});
  return keep;
}

bool is_data_table(pugi::xml_node table) {
  const auto role = lowered(attr(table, "role"));
  if (role == "presentation" || role == "none" || attr(table, "datatable") == "0") return false;
  if (!attr(table, "summary").empty()) return true;
  int rows = 0, cells = 0, max_cols = 0, cols = 0;
  bool header = false, nested = false;
  walk(
      table,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (n != table && name == "table") {
          nested = true;
          return false;
        }
        if (name == "caption" || name == "thead" || name == "th" || name == "tfoot" || name == "colgroup") header = true;
        if (name == "tr") {
          ++rows;
          cols = 0;
        }
        if (name == "td" || name == "th") {
          ++cells;
          max_cols = std::max(max_cols, ++cols);
        }
        return true;
      },
      [](pugi::xml_node) {});
  if (nested) return false;
  if (header) return true;
  return rows >= 10 || max_cols > 4 || (rows > 1 && cells > 10);
}

struct Counting {
  pugi::xml_node block;   // nearest enclosing block element
  double link_weight = 0; // 0 outside links
};

// Post-order aggregation under `root`. drop(element, info) is asked for each element (root
// excluded) once its subtree is known; a dropped element adds nothing to its ancestors and is
// removed from the tree at the end.
template <class Drop>
void aggregate(pugi::xml_node root, InfoMap& map, Drop&& drop) {
  std::vector<Counting> stack;
  std::vector<pugi::xml_node> doomed;
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
          if (stack.empty()) return false;
          const std::string_view value = n.value();
          const double length = static_cast<double>(text_length(value));
          const int commas = comma_count(value);
          auto& parent = info(map, n.parent());
          parent.text += length;
          parent.commas += commas;
          auto& block = info(map, stack.back().block);
          block.own_text += length;
          block.own_commas += commas;
          if (stack.back().link_weight > 0) {
            parent.link_text += length * stack.back().link_weight;
            block.own_link_text += length * stack.back().link_weight;
          }
          return false;
        }
        if (n.type() != pugi::node_element) return false;
        auto& self = info(map, n);
        const double score = self.score;
        const bool scored = self.scored, in_scope = self.in_scope;
        self = NodeInfo{};
        self.score = score;
        self.scored = scored;
        self.in_scope = in_scope;
        Counting next = stack.empty() ? Counting{n, 0} : stack.back();
        const std::string_view name = n.name();
        if (!is_inline_tag(name) || stack.empty()) next.block = n;
        if (name == "a" && n.attribute("href")) next.link_weight = attr(n, "href").starts_with('#') ? 0.3 : 1.0;
        stack.push_back(next);
        return true;
      },
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return;
        stack.pop_back();
        if (n == root) return;
        auto& self = info(map, n);
        if (drop(n, self)) {
          doomed.push_back(n);
          info(map, n.parent()).lost_children = true;
          return;
        }
        auto& parent = info(map, n.parent());
        parent.text += self.text;
        parent.link_text += self.link_text;
        parent.commas += self.commas;
        parent.paragraphs += self.paragraphs;
        parent.images += self.images;
        parent.list_items += self.list_items;
        parent.inputs += self.inputs;
        parent.embeds += self.embeds;
        parent.links += self.links;
        parent.heading_text += self.heading_text;
        parent.list_text += self.list_text;
        parent.time_text += self.time_text;
        const std::string_view name = n.name();
        if (name == "a" && n.attribute("href")) ++parent.links;
        if (name == "p") ++parent.paragraphs;
        else if (name == "img") ++parent.images;
        else if (name == "li") {
          ++parent.list_items;
          parent.list_text += self.text - self.list_text;  // nested items counted once
        } else if (name == "time") parent.time_text += self.text;
        else if (is_heading_tag(name)) parent.heading_text += self.text - self.heading_text;
      });
  // Children before parents (post-order), so no element is removed after an ancestor of it.
  for (auto n : doomed) n.parent().remove_child(n);
}

// A div or section of text without blocks in it: a paragraph by another name.
bool is_text_block(pugi::xml_node n) {
  const std::string_view name = n.name();
  if (name != "div" && name != "section") return false;
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && !is_inline_tag(c.name())) return false;
  return true;
}

bool has_ancestor(pugi::xml_node n, pugi::xml_node stop, std::string_view name) {
  for (auto p = n.parent(); p && p != stop; p = p.parent())
    if (name == p.name()) return true;
  return false;
}

// Readability's conditional cleaning, for one container inside the content.
bool drop_conditionally(pugi::xml_node n, const NodeInfo& self, const Flags& flags) {
  const std::string_view name = n.name();
  static constexpr std::array<std::string_view, 14> kContainers{"div",  "section", "ul",     "ol",     "table",
                                                                "form", "fieldset", "aside", "header", "footer",
                                                                "nav",  "dl",       "center", "article"};
  if (!one_of(kContainers, name)) return false;
  if (name == "table" && std::string_view(n.attribute("data-vigil-table").value()) == "1") return false;
  // A block of text alone is a paragraph (readability turns such divs into <p>s first).
  if (is_text_block(n)) return false;
  const int weight = flags.weigh_classes ? class_weight(n) : 0;
  const double text = self.text, density = self.link_density();
  const bool is_list = name == "ul" || name == "ol" || (text > 0 && self.list_text / text > 0.9);
  // A list's score starts below zero (readability's rule for choosing containers); it says
  // nothing about whether the list belongs to the article.
  const double score = self.scored && !is_list ? self.score : 0;
  if (weight + score < 0) return true;
  if (self.commas >= 10) return false;
  const double heading_density = text > 0 ? self.heading_text / text : 0;
  const int p = self.paragraphs, li = self.list_items - 100;
  if (self.images > 1 && p * 2 < self.images) return true;
  if (!is_list && li > p) return true;
  if (self.inputs > p / 3) return true;
  if (!is_list && heading_density < 0.9 && text < 25 && (self.images == 0 || self.images > 2)) return true;
  // A heading whose list or links were cleaned away ("Related stories").
  if (self.lost_children && heading_density >= 0.9 && text < 100) return true;
  // Long blocks may carry more links (sources, notes to editors) than a short link box.
  if (!is_list && weight < 25 && density > (text < 300 ? 0.25 : 0.4)) return true;
  if (weight >= 25 && density > 0.5) return true;
  if (is_list && density > 0.7) return true;
  if ((self.embeds == 1 && text < 75) || self.embeds > 1) return true;
  return false;
}

// Short blocks inside the content that are not the article: bylines, datelines, captions,
// credits, share bars, figures, headings whose class says they are boilerplate.
bool is_content_noise(pugi::xml_node n, const InfoMap& map, const Flags& flags) {
  const std::string_view name = n.name();
  if (name == "figure") {
    bool quote = false;
    walk(
        n,
        [&](pugi::xml_node c) {
          const std::string_view inner = c.name();
          if (inner == "blockquote" || inner == "table" || inner == "pre") quote = true;
          return c.type() == pugi::node_element && !quote;
        },
        [](pugi::xml_node) {});
    return !quote;
  }
  if (name == "figcaption" || name == "hr") return true;
  const auto* self = find_info(map, n);
  const double text = self ? self->text : 0;
  const auto match = class_and_id(n);
  const auto rel = lowered(attr(n, "rel"));
  const auto itemprop = lowered(attr(n, "itemprop"));
  if (is_heading_tag(name) && flags.weigh_classes && class_weight(n) < 0) return true;
  if ((names_byline(match) || rel == "author" || itemprop == "author") && text < 200) return true;
  if (names_date(match) && text < 100) return true;
  if (names_share(match) && text < 500) return true;
  // A block that is just a date (<p><time>3 May 2024</time></p>).
  if (self && !is_inline_tag(name) && self->time_text > 0 && self->time_text >= 0.6 * text && text < 80) return true;
  // A paragraph that is only a link ("Read more: ..."), unless it sits in a list.
  if (self && (name == "p" || is_text_block(n)) && text > 0 && text < 200 && self->link_text >= 0.9 * text && !has_ancestor(n, {}, "li"))
    return true;
  // A bar of short links ("Share: Facebook X LinkedIn").
  if (self && (name == "p" || is_text_block(n)) && self->links >= 3 && text < 150 && self->link_text >= 0.5 * text)
    return true;
  // "Read also: <link>" in the languages of the fixtures and their neighbours.
  if (self && (name == "p" || name == "div") && self->link_text > 0 && text < 200) {
    static const auto phrases = [] {
      std::vector<std::string> folded;
      for (auto phrase : kReadAlso) folded.push_back(comparable(phrase));
      return folded;
    }();
    const auto words = comparable(text_of(n)) + " ";
    if (std::any_of(phrases.begin(), phrases.end(), [&](const std::string& p) { return words.starts_with(p + " "); }))
      return true;
  }
  return false;
}

}  // namespace

std::size_t text_length(std::string_view text) {
  std::size_t length = 0;
  bool space = true;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r' || byte == '\f') {
      if (!space) ++length;
      space = true;
    } else {
      if ((byte & 0xC0) != 0x80) ++length;
      space = false;
    }
  }
  return length;
}

int comma_count(std::string_view text) {
  int commas = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',') ++commas;
    // U+060C (Arabic), U+3001 (ideographic), U+FF0C (fullwidth)
    else if (text.compare(i, 2, "\xD8\x8C") == 0 || text.compare(i, 3, "\xE3\x80\x81") == 0 ||
             text.compare(i, 3, "\xEF\xBC\x8C") == 0)
      ++commas;
  }
  return commas;
}

void prune(pugi::xml_node root, const Flags& flags) {
  const auto keep = flags.strip_unlikely ? protected_elements(root) : std::unordered_set<pugi::xml_node_struct*>{};
  std::vector<pugi::xml_node> doomed;
  int code_depth = 0;
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (n != root) {
          bool drop = is_invisible(n) || (name == "form" && is_control_form(n));
          if (!drop && flags.strip_unlikely && code_depth == 0 && name != "a" && name != "body" &&
              !keep.contains(n.internal_object()))
            drop = is_unlikely(n);
          if (drop) {
            doomed.push_back(n);
            return false;
          }
        }
        if (name == "pre" || name == "code") ++code_depth;
        return true;
      },
      [&](pugi::xml_node n) {
        const std::string_view name = n.name();
        if (n.type() == pugi::node_element && (name == "pre" || name == "code")) --code_depth;
      });
  for (auto n : doomed) n.parent().remove_child(n);
}

bool is_noise(pugi::xml_node element, const InfoMap& map, const Flags& flags) {
  return is_content_noise(element, map, flags);
}

void measure(pugi::xml_node root, InfoMap& map) {
  aggregate(root, map, [](pugi::xml_node, const NodeInfo&) { return false; });
}

void clean_content(pugi::xml_node content, InfoMap& map, const Flags& flags) {
  // Tables first: whether a table holds data decides how it is cleaned and rendered.
  std::vector<pugi::xml_node> tables;
  walk(
      content,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        if (std::string_view(n.name()) == "table") tables.push_back(n);
        return true;
      },
      [](pugi::xml_node) {});
  for (auto table : tables)
    if (is_data_table(table)) table.append_attribute("data-vigil-table").set_value("1");

  aggregate(content, map, [&](pugi::xml_node n, const NodeInfo&) {
    return is_content_noise(n, map, flags) ||
           (flags.clean_conditionally && drop_conditionally(n, info(map, n), flags));
  });
}

}  // namespace vigil::feeds::detail::article
