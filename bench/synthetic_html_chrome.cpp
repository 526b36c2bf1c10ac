// Generated text and page chrome for synthetic_html.cpp. The chrome is what makes a real CMS
// page weigh 50 KB before its first item: inline CSS, configuration JSON, menus, widgets, SVG
// icons and scripts, all of which the parse must go through and the selectors must skip.
#include <array>
#include <cctype>

#include "bench/synthetic_html_parts.hpp"

namespace vigil::bench::html {
namespace {

// Common English words, our own list; sentences mix them with invented names.
constexpr std::array<std::string_view, 160> kWords = {
    "the",       "a",         "of",        "and",       "to",        "in",        "for",       "on",
    "with",      "by",        "from",      "at",        "as",        "after",     "before",    "over",
    "under",     "between",   "during",    "without",   "about",     "against",   "through",   "into",
    "is",        "was",       "are",       "were",      "has",       "had",       "will",      "would",
    "could",     "should",    "may",       "said",      "says",      "called",    "asked",     "told",
    "report",    "statement", "government", "ministry", "people",    "families",  "children",  "workers",
    "region",    "district",  "village",   "city",      "border",    "river",     "coast",     "road",
    "water",     "food",      "health",    "school",    "hospital",  "shelter",   "aid",       "funding",
    "court",     "law",       "rights",    "evidence",  "witnesses", "officials", "volunteers", "teams",
    "week",      "month",     "year",      "morning",   "evening",   "winter",    "spring",    "summer",
    "new",       "local",     "national",  "public",    "urgent",    "independent", "several", "many",
    "most",      "few",       "more",      "less",      "first",     "last",      "second",    "third",
    "released",  "published", "announced", "confirmed", "welcomed",  "rejected",  "reviewed",  "visited",
    "supported", "delivered", "collected", "recorded",  "reported",  "expected",  "planned",   "opened",
    "closed",    "repaired",  "cleared",   "trained",   "monitored", "documented", "requested", "funded",
    "access",    "safety",    "support",   "programme", "project",   "survey",    "inquiry",   "agreement",
    "meeting",   "campaign",  "network",   "partners",  "community", "council",   "committee", "delegation",
    "which",     "that",      "while",     "because",   "although",  "where",     "when",      "since",
    "also",      "still",     "again",     "now",       "only",      "already",   "nearly",    "almost",
    "their",     "its",       "our",       "this",      "these",     "those",     "other",     "each"};

constexpr std::array<std::string_view, 13> kConsonants = {"b", "d", "f", "g", "k", "l", "m",
                                                          "n", "p", "r", "s", "t", "v"};
constexpr std::array<std::string_view, 5> kVowels = {"a", "e", "i", "o", "u"};
constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kCssProperties = {
    "margin", "padding", "color", "background-color", "font-size", "line-height",
    "border-radius", "max-width", "letter-spacing", "gap", "border-bottom", "transition"};

std::string capitalized(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

std::string css_value(Rng& rng) {
  switch (rng.below(4)) {
    case 0: return fmt::format("{}px", rng.below(48));
    case 1: return fmt::format("#{:06x}", rng.below(0x1000000));
    case 2: return fmt::format("{}.{}rem", rng.below(3), rng.below(10));
    default: return fmt::format("var(--wp--preset--spacing--{})", 10 * (1 + rng.below(8)));
  }
}

// About 12 KB of stylesheet rules, as block themes inline them.
void inline_style(std::string& out, Rng& rng) {
  out += "<style id=\"global-styles-inline-css\">\n:root{";
  for (int i = 0; i < 40; ++i) put(out, "--wp--preset--color--{}:#{:06x};", invented_word(rng), rng.below(0x1000000));
  out += "}\n";
  for (int i = 0; i < 140; ++i) {
    put(out, ".{}-{} .{}", invented_word(rng), invented_word(rng), invented_word(rng));
    if (rng.chance(30)) put(out, ":hover, .{}>a", invented_word(rng));
    out += "{";
    for (std::size_t p = 0, n = 1 + rng.below(4); p < n; ++p)
      put(out, "{}:{};", kCssProperties[rng.below(kCssProperties.size())], css_value(rng));
    out += "}\n";
  }
  out += "</style>\n";
}

// A minified-looking script of `statements` statements.
void inline_script(std::string& out, Rng& rng, std::size_t statements) {
  const std::string ns = invented_word(rng);
  put(out, "<script>\n(function(w,d){{var {0}=w.{0}||{{}};", ns);
  for (std::size_t i = 0; i < statements; ++i) {
    const std::string f = invented_word(rng), a = invented_word(rng), b = invented_word(rng);
    if (rng.chance(50))
      put(out, "{0}.{1}=function({2},{3}){{if(!{2}||{3}<{4})return null;return {2}.{5}?{2}.{5}({3}):{2}[{3}]}};", ns, f, a,
          b, rng.below(100), invented_word(rng));
    else
      put(out, "{0}.{1}={{\"{2}\":\"{3}\",\"{4}\":{5},\"enabled\":{6}}};", ns, f, a, invented_word(rng), b, rng.below(10000),
          rng.chance(50) ? "true" : "false");
  }
  put(out, "w.{0}={0};}})(window,document);\n</script>\n", ns);
}

void svg_icon(std::string& out, Rng& rng) {
  out += "<svg class=\"icon\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M";
  for (int i = 0; i < 60; ++i) put(out, "{}.{} {}.{}{}", rng.below(24), rng.below(100), rng.below(24), rng.below(100), i % 6 == 5 ? "C" : " ");
  out += "Z\"></path></svg>";
}

void link_list(std::string& out, Rng& rng, std::string_view prefix, std::size_t count, std::size_t words) {
  out += "<ul>";
  for (std::size_t i = 0; i < count; ++i) {
    const std::string text = headline_text(rng, words, words + 2);
    put(out, "<li><a href=\"{}/{}/{}/\">{}</a></li>", kSite, prefix, slug_of(text), text);
  }
  out += "</ul>";
}

}  // namespace

std::string invented_word(Rng& rng) {
  std::string word;
  for (std::size_t i = 0, n = 2 + rng.below(2); i < n; ++i) {
    word += kConsonants[rng.below(kConsonants.size())];
    word += kVowels[rng.below(kVowels.size())];
  }
  if (rng.chance(40)) word += kConsonants[rng.below(kConsonants.size())];
  return word;
}

std::string person(Rng& rng) { return capitalized(invented_word(rng)) + " " + capitalized(invented_word(rng)); }

std::string sentence(Rng& rng, std::size_t min_words, std::size_t max_words) {
  std::string text;
  const std::size_t words = min_words + rng.below(max_words - min_words + 1);
  for (std::size_t i = 0; i < words; ++i) {
    if (i > 0) text += rng.chance(7) && i + 1 < words ? ", " : " ";
    if (rng.chance(12)) {
      text += capitalized(invented_word(rng));
      if (rng.chance(10)) text += "&#8217;s";
    } else if (rng.chance(1)) {
      text += "&amp;";
    } else {
      text += kWords[rng.below(kWords.size())];
    }
  }
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text + ".";
}

std::string sentences(Rng& rng, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += (i > 0 ? " " : "") + sentence(rng);
  return text;
}

std::string headline_text(Rng& rng, std::size_t min_words, std::size_t max_words) {
  std::string text = sentence(rng, min_words, max_words);
  text.pop_back();  // the period
  return text;
}

std::string slug_of(std::string_view text) {
  std::string slug;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string Date::iso() const { return fmt::format("{}-{:02}-{:02}T{:02}:{:02}:00+00:00", year, month, day, hour, minute); }
std::string Date::written() const { return fmt::format("{} {} {}", day, kMonths[static_cast<std::size_t>(month - 1)], year); }

Date random_date(Rng& rng) {
  return Date{2025, 1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28)),
              static_cast<int>(rng.below(24)), static_cast<int>(rng.below(60))};
}

void head(std::string& out, Rng& rng, std::string_view title, std::string_view canonical, std::string_view json_ld) {
  const std::string description = sentence(rng);
  put(out,
      "<!DOCTYPE html>\n<html lang=\"en-GB\" class=\"no-js\">\n<head>\n<meta charset=\"UTF-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0} &#8211; Ngo Example</title>\n<meta name=\"description\" content=\"{1}\">\n"
      "<link rel=\"canonical\" href=\"{2}\">\n<meta property=\"og:locale\" content=\"en_GB\">\n"
      "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"{0}\">\n"
      "<meta property=\"og:description\" content=\"{1}\">\n<meta property=\"og:url\" content=\"{2}\">\n"
      "<meta property=\"og:site_name\" content=\"Ngo Example\">\n<meta name=\"twitter:card\" content=\"summary_large_image\">\n"
      "<link rel=\"dns-prefetch\" href=\"//fonts.example\">\n<link rel=\"dns-prefetch\" href=\"//stats.example\">\n",
      title, description, canonical);
  for (int i = 0; i < 10; ++i) {
    const std::string plugin = invented_word(rng);
    put(out, "<link rel=\"stylesheet\" id=\"{0}-css\" href=\"{1}/wp-content/plugins/{0}/assets/css/{0}.min.css?ver=6.4.{2}\" media=\"all\">\n",
        plugin, kSite, rng.below(10));
  }
  inline_style(out, rng);
  put(out, "<script id=\"{}-js-extra\">\nvar siteConfig = {{", invented_word(rng));
  for (int i = 0; i < 40; ++i) put(out, "{}\"{}\":\"{}/{}\"", i > 0 ? "," : "", invented_word(rng), kSite, invented_word(rng));
  out += "};\n</script>\n";
  for (int i = 0; i < 6; ++i)
    put(out, "<script src=\"{}/wp-includes/js/{}.min.js?ver=3.7.{}\" id=\"{}-js\" defer></script>\n", kSite, invented_word(rng),
        rng.below(10), invented_word(rng));
  if (!json_ld.empty()) put(out, "<script type=\"application/ld+json\">{}</script>\n", json_ld);
  out += "</head>\n";
}

void page_header(std::string& out, Rng& rng, Cms cms) {
  const bool wp = cms == Cms::wordpress;
  put(out,
      "<body class=\"{}\">\n<div id=\"page\" class=\"site\"><a class=\"skip-link screen-reader-text\" href=\"#content\">Skip to content</a>\n"
      "<div id=\"cookie-notice\" class=\"cookie-notice\" role=\"dialog\" aria-label=\"Cookies\"><p>{}</p>"
      "<button type=\"button\" class=\"accept\">Accept all</button><button type=\"button\">Settings</button></div>\n",
      wp ? "wp-singular page-template-default wp-theme-ngo has-sidebar" : "path-node page-node-type-page user-logged-out",
      sentences(rng, 2));
  put(out,
      "<header id=\"masthead\" class=\"{}\" role=\"banner\"><div class=\"site-branding\"><a href=\"{}/\" rel=\"home\">"
      "<img src=\"{}/logo.svg\" width=\"180\" height=\"48\" alt=\"Ngo Example\"></a><p class=\"site-description\">{}</p></div>\n",
      wp ? "site-header" : "region region-header", kSite, kSite, headline_text(rng));
  put(out, "<nav id=\"site-navigation\" class=\"{}\" aria-label=\"Primary\"><button class=\"menu-toggle\" aria-expanded=\"false\">Menu</button><ul class=\"menu\">\n",
      wp ? "main-navigation" : "block block-menu navigation menu--main");
  for (int top = 0; top < 9; ++top) {
    const std::string label = capitalized(invented_word(rng));
    const std::size_t id = 100 + rng.below(9000);
    put(out, "<li id=\"menu-item-{0}\" class=\"menu-item menu-item-type-post_type menu-item-object-page menu-item-has-children menu-item-{0}\">"
             "<a href=\"{1}/{2}/\">{3}</a><ul class=\"sub-menu\">",
        id, kSite, slug_of(label), label);
    for (std::size_t sub = 0, n = 6 + rng.below(7); sub < n; ++sub) {
      const std::string text = headline_text(rng, 2, 4);
      const std::size_t sub_id = 100 + rng.below(9000);
      put(out, "<li id=\"menu-item-{0}\" class=\"menu-item menu-item-type-post_type menu-item-object-page menu-item-{0}\"><a href=\"{1}/{2}/{3}/\">{4}</a></li>",
          sub_id, kSite, slug_of(label), slug_of(text), text);
    }
    out += "</ul></li>\n";
  }
  put(out,
      "</ul></nav>\n<form role=\"search\" method=\"get\" class=\"search-form\" action=\"{}/\"><label><span class=\"screen-reader-text\">Search for:</span>"
      "<input type=\"search\" class=\"search-field\" placeholder=\"Search &hellip;\" name=\"s\"></label>"
      "<input type=\"submit\" class=\"search-submit\" value=\"Search\"></form>\n</header>\n<div id=\"content\" class=\"site-content\">\n",
      kSite);
}

void sidebar(std::string& out, Rng& rng, Cms cms, std::string_view marker) {
  const bool wp = cms == Cms::wordpress;
  put(out, "<aside id=\"secondary\" class=\"{}\" role=\"complementary\">\n", wp ? "widget-area" : "layout-sidebar-first region region-sidebar-first");
  // Recent posts: a Views block on Drupal, whose rows are not articles.
  put(out, "<section class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Recent posts</h2>");
  out += wp ? "<ul>" : "<div class=\"view view-latest\"><div class=\"view-content\">";
  for (int i = 0; i < 8; ++i) {
    std::string text = headline_text(rng);
    if (i == 3 && !marker.empty()) text += " " + std::string(marker);
    const Date date = random_date(rng);
    if (wp)
      put(out, "<li><a href=\"{}/{}/\">{}</a><span class=\"post-date\">{}</span></li>", kSite, slug_of(text), text, date.written());
    else
      put(out, "<div class=\"views-row\"><span class=\"views-field-title\"><a href=\"{}/news/{}\">{}</a></span> <span class=\"date\">{}</span></div>",
          kSite, slug_of(text), text, date.written());
  }
  out += wp ? "</ul></section>\n" : "</div></div></section>\n";
  out += "<section class=\"widget widget_categories\"><h2 class=\"widget-title\">Categories</h2><ul>";
  for (int i = 0; i < 14; ++i) {
    const std::string name = capitalized(invented_word(rng));
    put(out, "<li class=\"cat-item cat-item-{}\"><a href=\"{}/category/{}/\">{}</a> ({})</li>", rng.below(500), kSite, slug_of(name), name,
        rng.below(300));
  }
  out += "</ul></section>\n<section class=\"widget widget_archive\"><h2 class=\"widget-title\">Archives</h2><ul>";
  for (int i = 0; i < 24; ++i)
    put(out, "<li><a href=\"{}/{}/{:02}/\">{} {}</a></li>", kSite, 2025 - i / 12, 12 - i % 12, kMonths[static_cast<std::size_t>(11 - i % 12)],
        2025 - i / 12);
  out += "</ul></section>\n<section class=\"widget widget_tag_cloud\"><h2 class=\"widget-title\">Tags</h2><div class=\"tagcloud\">";
  for (int i = 0; i < 30; ++i) {
    const std::string tag = invented_word(rng);
    put(out, "<a href=\"{}/tag/{}/\" class=\"tag-cloud-link tag-link-{}\" style=\"font-size: {}pt;\" aria-label=\"{} ({} items)\">{}</a> ", kSite, tag,
        rng.below(900), 8 + rng.below(14), tag, rng.below(40), tag);
  }
  put(out,
      "</div></section>\n<section class=\"widget widget_newsletter\"><h2 class=\"widget-title\">Newsletter</h2><p>{}</p>"
      "<form class=\"newsletter\" action=\"{}/subscribe\" method=\"post\"><input type=\"email\" name=\"email\" placeholder=\"Your email\" required>"
      "<input type=\"hidden\" name=\"list\" value=\"{}\"><button type=\"submit\">Subscribe</button></form></section>\n</aside>\n",
      sentences(rng, 2), kSite, rng.below(100000));
}

void page_footer(std::string& out, Rng& rng, Cms cms) {
  put(out, "</div>\n<footer id=\"colophon\" class=\"{}\" role=\"contentinfo\"><div class=\"footer-widgets\">",
      cms == Cms::wordpress ? "site-footer" : "region region-footer");
  for (int column = 0; column < 4; ++column) {
    put(out, "<div class=\"footer-column\"><h2 class=\"widget-title\">{}</h2>", headline_text(rng, 1, 2));
    link_list(out, rng, "about", 8, 2);
    out += "</div>";
  }
  out += "</div>\n<ul class=\"social-links\">";
  for (const char* network : {"facebook", "x", "instagram", "youtube", "linkedin", "mastodon"}) {
    put(out, "<li><a href=\"https://{}.example/ngo\" rel=\"noopener\" aria-label=\"{}\">", network, network);
    svg_icon(out, rng);
    out += "</a></li>";
  }
  put(out, "</ul>\n<div class=\"site-info\"><p>&copy; 2025 Ngo Example. {}</p></div></footer>\n</div>\n", sentence(rng));
  for (int i = 0; i < 4; ++i) put(out, "<script src=\"{}/assets/js/{}.js?ver={}\" id=\"{}-js\"></script>\n", kSite, invented_word(rng), rng.below(1000), invented_word(rng));
  for (int i = 0; i < 3; ++i) inline_script(out, rng, 25);
  out += "</body>\n</html>\n";
}

}  // namespace vigil::bench::html
