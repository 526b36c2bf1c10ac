// What class names, ids, roles and attributes say about an element, for the article
// extractor: invisible, unlikely to be content (navigation, sidebars, comments, banners), an
// article body as CMSs mark it, a byline, a share bar. Readability's word lists, extended.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "feeds/article_parts.hpp"

namespace vigil::feeds::detail::article {
namespace {
template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 38> kInline{
    "a",    "abbr", "acronym", "b",    "bdi",  "bdo",   "big",  "br",   "cite",   "code", "data", "del", "dfn",
    "em",   "font", "i",       "img",  "ins",  "kbd",   "label", "mark", "nobr",  "q",    "rp",   "rt",  "ruby",
    "s",    "samp", "small",   "span", "strike", "strong", "sub", "sup", "time", "tt",   "u",    "var"};

constexpr std::array<std::string_view, 27> kInvisibleTags{
    "script", "style",  "noscript", "template", "iframe", "object", "embed",  "svg",    "math",
    "canvas", "video",  "audio",    "select",   "textarea", "input", "button", "head",  "title",
    "link",   "meta",   "map",      "source",   "track",  "frame",  "frameset", "applet", "dialog"};

constexpr std::array<std::string_view, 13> kHiddenClasses{
    "hidden",   "d-none",          "sr-only",    "screen-reader-text", "visually-hidden", "visuallyhidden", "is-hidden",
    "u-hidden", "element-invisible", "show-for-sr", "screenreader-only", "hide",          "invisible"};

// Class/id words of boilerplate blocks (substrings of class + id).
constexpr std::array<std::string_view, 60> kUnlikely{
    "-ad-",       "ad-break",     "adsbygoogle", "advert",      "agegate",     "banner",      "breadcrumb",
    "combx",      "comment",      "community",   "consent",     "cookie",      "cover-wrap",  "disqus",
    "footer",     "gdpr",         "legends",     "menu",        "modal",       "most-popular",
    "most-read",  "mostread",     "mostpopular", "newsletter",  "outbrain",    "taboola",     "pagination",
    "pager",      "popup",        "promo",       "related",     "remark",      "replies",     "rss",
    "share",      "sharing",      "shoutbox",    "sidebar",     "signup",      "sign-up",     "skyscraper",
    "social",     "sponsor",      "subscribe",   "subscription", "supplemental", "trending",  "skip-link",
    "tag-cloud",  "tagcloud",     "author-bio",  "author-box",  "about-the-author", "table-of-contents", "yom-remote",
    "twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "wp-block-embed"};
// Whole words of class or id that mark boilerplate ("ad", not "head").
constexpr std::array<std::string_view, 13> kUnlikelyWords{"ad",  "ads",  "adv",   "nav",   "navbar", "tags", "toc",
                                                          "cta", "donate", "donation", "print", "login", "search"};
// Words that keep an unlikely-looking block (readability's "ok maybe its a candidate")...
constexpr std::array<std::string_view, 4> kMaybe{"article", "body", "content", "main"};
// ...unless one of these says what it is anyway ("comments-content", "sidebar-main").
constexpr std::array<std::string_view, 21> kStrong{
    "comment", "disqus",  "cookie", "consent",   "gdpr",      "newsletter", "sidebar",
    "related", "share",   "sharing", "social",   "breadcrumb", "most-read", "mostread",
    "promo",   "subscribe", "signup", "popup",   "outbrain",  "taboola",    "author-bio"};

constexpr std::array<std::string_view, 10> kUnlikelyRoles{"navigation", "menu",        "menubar", "complementary", "dialog",
                                                          "alertdialog", "contentinfo", "search",  "banner",        "toolbar"};
constexpr std::array<std::string_view, 4> kUnlikelyTags{"nav", "aside", "footer", "menu"};

constexpr std::array<std::string_view, 33> kNegative{
    "-ad-",    "hidden",    "banner",  "combx",    "comment",  "com-",      "contact",    "footer", "gdpr",
    "masthead", "media",    "meta",    "outbrain", "promo",    "related",   "scroll",     "share",  "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags",    "widget",    "cookie",     "newsletter",
    "social",  "breadcrumb", "byline", "caption",  "credit",   "subscribe", "taboola"};
constexpr std::array<std::string_view, 13> kPositive{"article", "body", "content", "entry", "hentry", "h-entry", "main",
                                                     "page",    "post", "text",    "blog",  "story",  "release"};

// Class substrings of article bodies as CMSs write them.
constexpr std::array<std::string_view, 24> kBodyMarkers{
    "entry-content",   "post-content",   "post_content",     "post-body",      "post__body",    "post__content",
    "article-body",    "article_body",   "article__body",    "articlebody",    "article-content", "article__content",
    "article-text",    "story-body",     "story-content",    "story__body",    "field--name-body", "field-name-body",
    "body-text",       "entry__content", "single-content",   "content-body",   "td-post-content", "news-body"};

// Bylines, datelines, captions: short blocks the cleaning drops from the content.
constexpr std::array<std::string_view, 18> kByline{
    "byline",     "author",      "dateline",   "posted-on", "entry-meta", "post-meta",  "article-meta", "meta-info",
    "article-info", "post-info", "submitted",  "caption",   "credit",     "copyright",  "timestamp",    "pubdate",
    "publish-date", "wp-caption-text"};
constexpr std::array<std::string_view, 7> kShareWords{"share", "social", "addthis", "compartir", "partage", "teilen",
                                                     "condivid"};
constexpr std::array<std::string_view, 5> kDateWords{"date", "time", "published", "updated", "meta"};
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

template <std::size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& needles) {
  for (auto needle : needles)
    if (text.find(needle) != std::string_view::npos) return true;
  return false;
}

// Whether one of `words` is a whole word of `text` (words are runs of letters and digits).
template <std::size_t N>
bool has_word(std::string_view text, const std::array<std::string_view, N>& words) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_char(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && is_word_char(text[end])) ++end;
    if (end > i && one_of(words, text.substr(i, end - i))) return true;
    i = end;
  }
  return false;
}

std::string_view attr(pugi::xml_node n, const char* name) { return n.attribute(name).value(); }

}  // namespace

bool is_unlikely(pugi::xml_node element) {
  const std::string_view name = element.name();
  if (one_of(kUnlikelyTags, name)) return true;
  if (const auto role = lowered(attr(element, "role")); !role.empty() && one_of(kUnlikelyRoles, std::string_view(role)))
    return true;
  const auto match = class_and_id(element);
  if (match.size() <= 1) return false;
  if (!contains_any(match, kUnlikely) && !has_word(match, kUnlikelyWords)) return false;
  return !contains_any(match, kMaybe) || contains_any(match, kStrong);
}


bool is_inline_tag(std::string_view name) { return one_of(kInline, name); }

bool is_heading_tag(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

bool is_invisible(pugi::xml_node element) {
  if (one_of(kInvisibleTags, std::string_view(element.name()))) return true;
  if (element.attribute("hidden")) return true;
  if (lowered(attr(element, "aria-hidden")) == "true") return true;
  if (auto style = attr(element, "style"); !style.empty()) {
    std::string compact;
    for (char c : style)
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(lower(c));
    if (compact.find("display:none") != std::string::npos || compact.find("visibility:hidden") != std::string::npos)
      return true;
  }
  if (auto cls = attr(element, "class"); !cls.empty()) {
    const auto lowered_class = lowered(cls);
    std::size_t i = 0;
    while (i < lowered_class.size()) {
      while (i < lowered_class.size() && lowered_class[i] == ' ') ++i;
      std::size_t end = lowered_class.find(' ', i);
      if (end == std::string::npos) end = lowered_class.size();
      if (end > i && one_of(kHiddenClasses, std::string_view(lowered_class).substr(i, end - i))) return true;
      i = end;
    }
  }
  return false;
}

std::string class_and_id(pugi::xml_node element) {
  std::string out = lowered(attr(element, "class"));
  out += ' ';
  out += lowered(attr(element, "id"));
  return out;
}

int class_weight(pugi::xml_node element) {
  int weight = 0;
  for (const char* name : {"class", "id"}) {
    const auto value = lowered(attr(element, name));
    if (value.empty()) continue;
    if (contains_any(value, kNegative) || has_word(value, std::array<std::string_view, 2>{"hid", "ad"})) weight -= 25;
    if (contains_any(value, kPositive)) weight += 25;
  }
  return weight;
}

bool is_article_body_marker(pugi::xml_node element) {
  if (lowered(attr(element, "itemprop")) == "articlebody") return true;
  const auto cls = lowered(attr(element, "class"));
  return !cls.empty() && contains_any(cls, kBodyMarkers);
}


bool names_byline(std::string_view match) { return contains_any(match, kByline); }
bool names_date(std::string_view match) { return has_word(match, kDateWords); }
bool names_share(std::string_view match) { return contains_any(match, kShareWords); }

}  // namespace vigil::feeds::detail::article
