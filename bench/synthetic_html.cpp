// Press-release list pages in the markup WordPress and Drupal themes produce, and the selectors
// that read them. Article pages are in synthetic_html_articles.cpp; shared chrome and text in
// synthetic_html_chrome.cpp.
#include "bench/synthetic_html.hpp"

#include "bench/synthetic_html_parts.hpp"

namespace vigil::bench {
namespace {

using html::kSite;
using html::put;

// "contains(concat(' ', normalize-space(@class), ' '), ' name ')": XPath's test for what CSS
// writes as ".name".
std::string has_class(std::string_view name) {
  return fmt::format("contains(concat(' ', normalize-space(@class), ' '), ' {} ')", name);
}

void wordpress_item(std::string& out, Rng& rng) {
  const std::size_t id = 1000 + rng.below(90000);
  const std::string title = html::headline_text(rng);
  const std::string url = fmt::format("{}/{}/", kSite, html::slug_of(title));
  const std::string category = html::invented_word(rng);
  const std::string image = fmt::format("{}/wp-content/uploads/2025/{:02}/{}", kSite, 1 + rng.below(12), html::invented_word(rng));
  const html::Date date = html::random_date(rng);
  put(out,
      "<article id=\"post-{0}\" class=\"post-{0} post type-post status-publish format-standard has-post-thumbnail hentry category-{1} tag-{2}\">\n"
      "<div class=\"post-thumbnail\"><a href=\"{3}\" aria-hidden=\"true\" tabindex=\"-1\"><img width=\"768\" height=\"432\" src=\"{4}-768x432.jpg\" "
      "class=\"attachment-medium_large size-medium_large wp-post-image\" alt=\"\" decoding=\"async\" loading=\"lazy\" "
      "srcset=\"{4}-768x432.jpg 768w, {4}-300x169.jpg 300w, {4}-1024x576.jpg 1024w, {4}.jpg 1600w\" sizes=\"(max-width: 768px) 100vw, 768px\"></a></div>\n"
      "<header class=\"entry-header\"><div class=\"entry-meta\"><span class=\"cat-links\"><a href=\"{5}/category/{1}/\" rel=\"category tag\">{1}</a></span></div>\n"
      "<h2 class=\"entry-title\"><a href=\"{3}\" rel=\"bookmark\">{6}</a></h2>\n"
      "<div class=\"entry-meta\"><span class=\"posted-on\"><a href=\"{3}\" rel=\"bookmark\"><time class=\"entry-date published\" datetime=\"{7}\">{8}</time>"
      "<time class=\"updated\" datetime=\"{7}\">{8}</time></a></span><span class=\"byline\"> by <span class=\"author vcard\">"
      "<a class=\"url fn n\" href=\"{5}/author/{9}/\">{10}</a></span></span></div></header>\n"
      "<div class=\"entry-summary\"><p>{11} [&hellip;]</p></div>\n"
      "<footer class=\"entry-footer\"><a href=\"{3}\" class=\"more-link\">Read more<span class=\"screen-reader-text\"> &#8220;{6}&#8221;</span></a></footer>\n"
      "</article>\n",
      id, category, html::invented_word(rng), url, image, kSite, title, date.iso(), date.written(), html::invented_word(rng), html::person(rng),
      html::sentences(rng, 2 + rng.below(2)));
}

void drupal_item(std::string& out, Rng& rng) {
  const std::string title = html::headline_text(rng);
  const std::string path = "/news/" + html::slug_of(title);
  const html::Date date = html::random_date(rng);
  put(out,
      "<div class=\"views-row\"><article role=\"article\" about=\"{0}\" class=\"node node--type-press-release node--promoted node--view-mode-teaser\">\n"
      "<div class=\"node__media\"><div class=\"field field--name-field-image field--type-image field--label-hidden field__item\">"
      "<img loading=\"lazy\" src=\"{1}/sites/default/files/styles/teaser/public/2025-{2:02}/{3}.jpg?itok={4}\" width=\"480\" height=\"270\" alt=\"{5}\" "
      "typeof=\"foaf:Image\" class=\"image-style-teaser\"></div></div>\n"
      "<h3 class=\"node__title\"><a href=\"{0}\" rel=\"bookmark\"><span class=\"field field--name-title field--type-string field--label-hidden\">{6}</span></a></h3>\n"
      "<div class=\"node__meta\"><span class=\"field field--name-field-date\"><time datetime=\"{7}\" class=\"datetime\">{8:02}/{9:02}/{10}</time></span> "
      "<span class=\"field field--name-field-location\">{11}</span></div>\n"
      "<div class=\"node__content\"><div class=\"clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item\">"
      "<p>{12}</p></div>\n<ul class=\"links inline\"><li class=\"node-readmore\"><a href=\"{0}\" rel=\"tag\" title=\"{6}\" hreflang=\"en\">Read more"
      "<span class=\"visually-hidden\"> about {6}</span></a></li></ul></div>\n</article></div>\n",
      path, kSite, date.month, html::invented_word(rng), rng.below(100000000), html::sentence(rng, 5, 9), title, date.iso(), date.day,
      date.month, date.year, html::person(rng), html::sentences(rng, 2 + rng.below(2)));
}

}  // namespace

ListPage synthetic_list_page(ListStyle style, std::size_t items, std::uint64_t seed) {
  Rng rng(seed);
  const bool wp = style == ListStyle::wordpress;
  const auto cms = wp ? html::Cms::wordpress : html::Cms::drupal;
  ListPage page;
  page.items = items;
  std::string& out = page.html;
  out.reserve(64 * 1024 + items * 2048);
  html::head(out, rng, "Press releases", fmt::format("{}/press-releases/", kSite), "");
  html::page_header(out, rng, cms);
  put(out,
      "<main id=\"main\" class=\"site-main\" role=\"main\">\n<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><a href=\"{0}/\">Home</a> &raquo; "
      "<a href=\"{0}/news/\">News</a> &raquo; <span aria-current=\"page\">Press releases</span></nav>\n"
      "<header class=\"page-header\"><h1 class=\"page-title\">Press releases</h1><div class=\"archive-description\"><p>{1}</p></div></header>\n"
      "<form class=\"filters\" method=\"get\"><label for=\"year\">Year</label><select id=\"year\" name=\"year\">",
      kSite, html::sentences(rng, 2));
  for (int year = 2025; year >= 2010; --year) put(out, "<option value=\"{0}\">{0}</option>", year);
  out += "</select><button type=\"submit\">Filter</button></form>\n";
  out += wp ? "<div class=\"posts\">\n" : "<div class=\"view view-press-releases view-id-press_releases\"><div class=\"view-content\">\n";
  for (std::size_t i = 0; i < items; ++i) {
    if (wp) wordpress_item(out, rng);
    else drupal_item(out, rng);
  }
  out += wp ? "</div>\n" : "</div></div>\n";
  out += "<nav class=\"navigation pagination\" aria-label=\"Posts\"><h2 class=\"screen-reader-text\">Posts navigation</h2><div class=\"nav-links\">"
         "<span aria-current=\"page\" class=\"page-numbers current\">1</span>";
  for (int n = 2; n <= 6; ++n) put(out, "<a class=\"page-numbers\" href=\"{}/press-releases/page/{}/\">{}</a>", kSite, n, n);
  put(out, "<a class=\"next page-numbers\" href=\"{}/press-releases/page/2/\">Next</a></div></nav>\n</main>\n", kSite);
  html::sidebar(out, rng, cms, "");
  html::page_footer(out, rng, cms);
  return page;
}

SelectSpec list_selectors(ListStyle style, bool xpath) {
  SelectSpec select;
  if (style == ListStyle::wordpress) {
    if (!xpath) {
      select.item = "article.type-post";
      select.title = "h2.entry-title";
      select.link = "h2.entry-title a@href";
      select.date = "time.published";
      select.summary = "div.entry-summary";
    } else {
      select.item = "xpath://article[" + has_class("type-post") + "]";
      select.title = "xpath:.//h2[" + has_class("entry-title") + "]";
      select.link = "xpath:.//h2[" + has_class("entry-title") + "]/a/@href";
      select.date = "xpath:.//time[" + has_class("published") + "]/@datetime";
      select.summary = "xpath:.//div[" + has_class("entry-summary") + "]";
    }
  } else {
    if (!xpath) {
      select.item = "div.views-row > article";
      select.title = "h3.node__title";
      select.link = "h3.node__title a@href";
      select.date = "time";
      select.summary = "div.field--name-body";
    } else {
      select.item = "xpath://div[" + has_class("views-row") + "]/article";
      select.title = "xpath:.//h3[" + has_class("node__title") + "]";
      select.link = "xpath:.//h3[" + has_class("node__title") + "]/a/@href";
      select.date = "xpath:.//time/@datetime";
      select.summary = "xpath:.//div[" + has_class("field--name-body") + "]";
    }
  }
  return select;
}

}  // namespace vigil::bench
