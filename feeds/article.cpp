// Article text, readability-style: boilerplate pruned, text blocks scored (length, commas) and
// their scores passed up to the ancestors that hold them, the best-scoring container taken
// with the siblings that score well, then cleaned and rendered. A marked article body
// (itemprop=articleBody, entry-content, field--name-body...) or the <article>/<main> that holds
// the page's text bounds the search. A page whose result is too short is tried again with
// fewer rules, as readability does, and the longest result wins.
#include "feeds/article.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/article_parts.hpp"

namespace vigil::feeds {
namespace detail::article {
namespace {

// Results shorter than this (code points) make the next, more lenient attempt run.
constexpr std::size_t kEnoughText = 200;
// Ancestors a text block's score reaches, and the share each level gets.
constexpr int kAncestorLevels = 5;

double initial_score(pugi::xml_node n, const Flags& flags) {
  const std::string_view name = n.name();
  double score = 0;
  if (name == "div" || name == "article" || name == "section" || name == "main") score = 5;
  else if (name == "pre" || name == "td" || name == "blockquote") score = 3;
  else if (name == "address" || name == "ol" || name == "ul" || name == "dl" || name == "dd" || name == "dt" ||
           name == "li" || name == "form")
    score = -3;
  else if (is_heading_tag(name) || name == "th")
    score = -5;
  if (flags.weigh_classes) score += class_weight(n);
  return score;
}

double non_link_text(const NodeInfo& i) { return i.text - i.link_text; }

enum class ScopeKind { page, container, marked_body };
struct Scope {
  pugi::xml_node node;
  ScopeKind kind = ScopeKind::page;
};

// The main heading: the <h1> that repeats a title, else the first <h1>.
pugi::xml_node main_heading(pugi::xml_node root, const std::vector<std::string>& titles) {
  pugi::xml_node first, matching;
  std::vector<std::string> wanted;
  for (const auto& t : titles) wanted.push_back(comparable(t));
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element || matching) return false;
        if (std::string_view(n.name()) == "h1") {
          if (!first) first = n;
          if (std::find(wanted.begin(), wanted.end(), comparable(text_of(n))) != wanted.end()) matching = n;
          return false;
        }
        return true;
      },
      [](pugi::xml_node) {});
  return matching ? matching : first;
}

bool contains(pugi::xml_node ancestor, pugi::xml_node n) {
  for (; n; n = n.parent())
    if (n == ancestor) return true;
  return false;
}

// The deepest element holding all of `nodes` (at most a few hundred are looked at).
pugi::xml_node common_ancestor(const std::vector<pugi::xml_node>& nodes, pugi::xml_node root) {
  if (nodes.empty()) return {};
  std::vector<pugi::xml_node> chain;  // root .. nodes[0]
  for (auto n = nodes.front(); n; n = n.parent()) {
    chain.push_back(n);
    if (n == root) break;
  }
  std::reverse(chain.begin(), chain.end());
  std::size_t depth = chain.size();  // chain[0, depth) holds every node seen so far
  for (std::size_t i = 1; i < nodes.size() && i < 300; ++i) {
    std::size_t d = 0;
    std::vector<pugi::xml_node> path;
    for (auto n = nodes[i]; n; n = n.parent()) {
      path.push_back(n);
      if (n == root) break;
    }
    std::reverse(path.begin(), path.end());
    while (d < depth && d < path.size() && path[d] == chain[d]) ++d;
    depth = d;
  }
  return depth == 0 ? pugi::xml_node{} : chain[depth - 1];
}

// Where the article is looked for: the largest marked article body, else the <article> that
// holds the main heading or most of the text, else <main>; else the whole page.
Scope find_scope(pugi::xml_node root, InfoMap& map, pugi::xml_node heading) {
  std::vector<pugi::xml_node> markers, articles, mains;
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (is_article_body_marker(n)) markers.push_back(n);
        if (name == "article") articles.push_back(n);
        if (name == "main" || std::string_view(n.attribute("role").value()) == "main") mains.push_back(n);
        return true;
      },
      [](pugi::xml_node) {});
  const double total = non_link_text(info(map, root));
  // The <article> or <main> around the main heading: a marked body elsewhere is a teaser.
  pugi::xml_node heading_holder;
  for (auto p = heading; p && p != root; p = p.parent()) {
    const std::string_view name = p.name();
    if (name == "article" || name == "main" || std::string_view(p.attribute("role").value()) == "main") {
      heading_holder = p;
      break;
    }
  }
  auto largest = [&](const std::vector<pugi::xml_node>& nodes) {
    pugi::xml_node best;
    double best_text = -1;
    for (auto n : nodes) {
      const double t = non_link_text(info(map, n));
      if (t > best_text) best = n, best_text = t;
    }
    return best;
  };

  // Outermost markers only (a marked body inside a marked body is the same article).
  std::vector<pugi::xml_node> usable;
  for (auto m : markers) {
    if (heading_holder && !contains(heading_holder, m) && !contains(m, heading_holder)) continue;
    if (!usable.empty() && contains(usable.back(), m)) continue;  // markers come in document order
    usable.push_back(m);
  }
  if (auto best = largest(usable); best && non_link_text(info(map, best)) >= 140) {
    double all = 0;
    for (auto m : usable) all += non_link_text(info(map, m));
    if (non_link_text(info(map, best)) >= 0.6 * all) return {best, ScopeKind::marked_body};
    // Many marked blocks of a similar size are a repeated component (the posts of a live
    // blog, teasers): the article is what holds them all.
    if (auto holder = common_ancestor(usable, root); holder && non_link_text(info(map, holder)) >= 140)
      return {holder, ScopeKind::container};
  }

  for (const auto* group : {&articles, &mains}) {
    pugi::xml_node best = largest(*group);
    if (heading_holder && std::find(group->begin(), group->end(), heading_holder) != group->end() &&
        non_link_text(info(map, heading_holder)) >= 140)
      best = heading_holder;
    if (!best) continue;
    const double text = non_link_text(info(map, best));
    if (text >= 0.3 * total || (best == heading_holder && text >= 140)) return {best, ScopeKind::container};
  }
  return {root, ScopeKind::page};
}

void mark_scope(pugi::xml_node scope, InfoMap& map) {
  walk(
      scope,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        info(map, n).in_scope = true;
        return true;
      },
      [](pugi::xml_node) {});
}

// Scores every text block and passes the score to its ancestors; returns the candidates.
std::vector<pugi::xml_node> score_blocks(pugi::xml_node root, InfoMap& map, const Flags& flags) {
  std::vector<pugi::xml_node> candidates;
  walk(
      root,
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        const auto& self = info(map, n);
        if (is_inline_tag(name) || name == "h1" || self.own_text < 25) return true;
        const double links = self.own_text > 0 ? std::min(1.0, self.own_link_text / self.own_text) : 0;
        const double score =
            (1 + self.own_commas + std::min(std::floor(self.own_text / 100), 3.0)) * (1 - links);
        int level = 0;
        for (auto ancestor = n.parent(); ancestor && ancestor.type() == pugi::node_element && level < kAncestorLevels;
             ancestor = ancestor.parent(), ++level) {
          auto& a = info(map, ancestor);
          if (!a.scored) {
            a.scored = true;
            a.score = initial_score(ancestor, flags);
            candidates.push_back(ancestor);
          }
          const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
          a.score += score / divider;
        }
        return true;
      },
      [](pugi::xml_node) {});
  for (auto c : candidates) {
    auto& i = info(map, c);
    i.score *= 1 - i.link_density();
  }
  return candidates;
}

double score_of(InfoMap& map, pugi::xml_node n) {
  const auto& i = info(map, n);
  return i.scored ? i.score : 0;
}

// Readability's refinements of the top candidate, never leaving the scope.
pugi::xml_node refine(pugi::xml_node top, const Scope& scope, std::vector<pugi::xml_node> candidates, InfoMap& map) {
  auto within = [&](pugi::xml_node n) { return n && n.type() == pugi::node_element && info(map, n).in_scope; };
  // Several near-top candidates under one ancestor: the ancestor holds the article.
  std::sort(candidates.begin(), candidates.end(),
            [&](pugi::xml_node a, pugi::xml_node b) { return score_of(map, a) > score_of(map, b); });
  const double top_score = score_of(map, top);
  std::vector<pugi::xml_node> alternatives;
  for (std::size_t i = 0; i < candidates.size() && i < 5; ++i)
    if (candidates[i] != top && top_score > 0 && score_of(map, candidates[i]) / top_score >= 0.75)
      alternatives.push_back(candidates[i]);
  if (alternatives.size() >= 3) {
    for (auto p = top.parent(); within(p); p = p.parent()) {
      int holding = 0;
      for (auto alt : alternatives)
        if (contains(p, alt)) ++holding;
      if (holding >= 3) {
        top = p;
        break;
      }
      if (p == scope.node) break;
    }
  }
  // A parent that scores better than its best child is the article.
  double last = score_of(map, top);
  const double threshold = last / 3;
  for (auto p = top.parent(); top != scope.node && within(p); p = p.parent()) {
    if (!info(map, p).scored) {
      if (p == scope.node) break;
      continue;
    }
    const double s = score_of(map, p);
    if (s < threshold) break;
    if (s > last) {
      top = p;
      break;
    }
    last = s;
    if (p == scope.node) break;
  }
  // An only child says nothing its parent does not.
  while (top != scope.node && within(top.parent())) {
    int elements = 0;
    for (auto c = top.parent().first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) ++elements;
    if (elements != 1) break;
    top = top.parent();
  }
  return top;
}

bool is_paragraph_like(pugi::xml_node n) {
  const std::string_view name = n.name();
  if (name == "p" || name == "ul" || name == "ol" || name == "blockquote" || name == "pre" || name == "dl") return true;
  if (name != "div") return false;
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && !is_inline_tag(c.name())) return false;
  return true;
}

bool ends_a_sentence(std::string_view text) {
  const auto dot = text.find('.');
  return dot != std::string_view::npos && (dot + 1 == text.size() || text[dot + 1] == ' ');
}

// The top candidate with its siblings that score well or read as paragraphs.
std::vector<pugi::xml_node> with_siblings(pugi::xml_node top, InfoMap& map, const Flags& flags) {
  const double top_score = score_of(map, top);
  const double threshold = std::max(10.0, top_score * 0.2);
  const std::string top_class = top.attribute("class").value();
  std::vector<pugi::xml_node> siblings;
  std::vector<bool> chosen, noisy;
  for (auto s = top.parent().first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element) continue;
    bool append = s == top;
    const bool noise = !append && is_noise(s, map, flags);
    if (!append && !noise) {
      const auto& i = info(map, s);
      const double bonus = (!top_class.empty() && top_class == s.attribute("class").value()) ? top_score * 0.2 : 0;
      if (i.scored && i.score + bonus >= threshold) append = true;
      else if (is_paragraph_like(s)) {
        const double length = i.text, density = i.link_density();
        if (length > 80 && density < 0.25) append = true;
        else if (length < 80 && length > 0 && density == 0 && ends_a_sentence(text_of(s))) append = true;
      }
    }
    siblings.push_back(s);
    chosen.push_back(append);
    noisy.push_back(noise);
  }
  // Text between two chosen blocks is part of the article (a pull quote, a box of facts),
  // unless it is mostly links.
  for (std::size_t i = 1; i + 1 < siblings.size(); ++i) {
    if (chosen[i] || noisy[i] || !chosen[i - 1] || !chosen[i + 1]) continue;
    const auto& between = info(map, siblings[i]);
    if (between.text > 80 && between.link_density() < 0.25) chosen[i] = true;
  }
  // A heading between chosen blocks belongs to the one it introduces.
  bool seen_chosen = false;
  for (std::size_t i = 0; i + 1 < siblings.size(); ++i) {
    if (chosen[i]) seen_chosen = true;
    if (!chosen[i] && seen_chosen && is_heading_tag(siblings[i].name()) && chosen[i + 1]) chosen[i] = true;
  }
  std::vector<pugi::xml_node> out;
  for (std::size_t i = 0; i < siblings.size(); ++i)
    if (chosen[i]) out.push_back(siblings[i]);
  return out;
}

// Lede words in class names (whole words of class or id).
constexpr std::array<std::string_view, 10> kLedeWords{"lead",  "lede",   "dek",     "deck",        "intro",
                                                      "summary", "excerpt", "subtitle", "description", "strapline"};
constexpr std::array<std::string_view, 5> kLedeMarks{"standfirst", "chapo", "chapeau", "entradilla", "bajada"};

bool is_lede(pugi::xml_node n, const std::string& description) {
  const auto match = class_and_id(n);
  std::string word;
  bool lede = false;
  for (char c : match + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(c);
      continue;
    }
    if (std::find(kLedeWords.begin(), kLedeWords.end(), word) != kLedeWords.end()) lede = true;
    word.clear();
  }
  for (auto mark : kLedeMarks)
    if (match.find(mark) != std::string::npos) lede = true;
  if (std::string_view(n.attribute("itemprop").value()) == "description") lede = true;
  if (!lede && description.empty()) return false;
  const auto text = text_of(n);
  if (text.size() < 40) return false;
  return lede || comparable(text) == description;
}

// The standfirst between the main heading and the chosen content ("Trucks carrying food
// crossed into the town on Monday..."), which readers take as the article's first paragraph.
pugi::xml_node find_lede(pugi::xml_node heading, pugi::xml_node first, InfoMap& map, const std::string& description) {
  if (!heading || !first || contains(heading, first)) return {};
  // Elements after the heading in document order, a bounded number of them.
  auto next = [&](pugi::xml_node n, bool descend) {
    if (descend && n.first_child()) return n.first_child();
    while (n && !n.next_sibling()) n = n.parent();
    return n ? n.next_sibling() : pugi::xml_node{};
  };
  int budget = 2000;
  pugi::xml_node lede;
  for (auto n = next(heading, false); n && budget-- > 0;) {
    if (n == first) return lede;  // only a lede that comes before the content
    if (n.type() != pugi::node_element) {
      n = next(n, false);
      continue;
    }
    if (contains(n, first)) {
      n = next(n, true);
      continue;
    }
    if (!lede && is_lede(n, description) && info(map, n).link_density() < 0.3) {
      lede = n;
      n = next(n, false);
      continue;
    }
    n = next(n, true);
  }
  return {};
}

Rendered attempt(pugi::xml_node body, const Flags& flags, const std::vector<std::string>& titles,
                 const std::string& description) {
  pugi::xml_document work;
  const auto root = work.append_copy(body);
  prune(root, flags);
  InfoMap map;
  measure(root, map);
  const auto heading = main_heading(root, titles);
  const auto scope = find_scope(root, map, heading);
  mark_scope(scope.node, map);
  auto candidates = score_blocks(root, map, flags);

  pugi::xml_node top;
  if (scope.kind == ScopeKind::marked_body) {
    top = scope.node;
  } else {
    for (auto c : candidates)
      if (info(map, c).in_scope && (!top || score_of(map, c) > score_of(map, top))) top = c;
    top = top ? refine(top, scope, candidates, map) : scope.node;
  }
  std::vector<pugi::xml_node> chosen{top};
  const bool may_reach_out = top != scope.node || scope.kind == ScopeKind::marked_body;
  if (may_reach_out && top != root && top.parent() && top.parent().type() == pugi::node_element)
    chosen = with_siblings(top, map, flags);
  if (auto lede = find_lede(heading, chosen.front(), map, description)) chosen.insert(chosen.begin(), lede);
  for (auto node : chosen) clean_content(node, map, flags);
  return render(chosen, titles);
}

}  // namespace
}  // namespace detail::article

Article extract_article(std::string_view html, std::string_view content_type, std::string_view url) {
  namespace a = detail::article;
  Article article;
  const auto doc = detail::parse_html(html, content_type, url);
  std::vector<std::string> titles;
  a::read_metadata(doc, article, titles);
  pugi::xml_node body = doc.html().child("body");
  if (!body) body = doc.html();
  if (!body) return article;

  const auto description = a::comparable(article.description);
  // Readability's retries: keep the unlikely blocks, then stop weighing classes, then stop
  // the conditional cleaning.
  constexpr std::array<a::Flags, 4> kAttempts{a::Flags{true, true, true}, a::Flags{false, true, true},
                                              a::Flags{false, false, true}, a::Flags{false, false, false}};
  a::Rendered best;
  for (const auto& flags : kAttempts) {
    auto result = a::attempt(body, flags, titles, description);
    if (result.length >= a::kEnoughText) {
      best = std::move(result);
      break;
    }
    if (result.length > best.length) best = std::move(result);
  }
  article.text = std::move(best.text);
  article.html = std::move(best.html);
  return article;
}

}  // namespace vigil::feeds
