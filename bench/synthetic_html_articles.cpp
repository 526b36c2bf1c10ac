// Article pages of three shapes for the extractor: what a reader mode must keep (the main
// text) sits among what it must drop (comments, sidebars, related lists, ads, share bars).
#include "bench/synthetic_html.hpp"

#include <vector>

#include "bench/synthetic_html_parts.hpp"

namespace vigil::bench {
namespace {

using html::kSite;
using html::put;

constexpr std::string_view kBodyWord = "qorvantil";
constexpr std::string_view kBoilerplateWord = "quessemark";

// A paragraph of 3-6 sentences, one in three with a link; the first carries `marker`.
void paragraph(std::string& out, Rng& rng, std::string_view marker = {}) {
  out += "<p>";
  if (!marker.empty()) put(out, "{} ", marker);
  out += html::sentences(rng, 2 + rng.below(3));
  if (rng.chance(35)) {
    const std::string text = html::headline_text(rng, 2, 5);
    put(out, " <a href=\"{}/{}/\">{}</a>", kSite, html::slug_of(text), text);
  }
  put(out, " {}</p>\n", html::sentence(rng));
}

// The main text: paragraphs with a subheading every few, a pull quote, a list and a figure.
void body_text(std::string& out, Rng& rng, std::size_t paragraphs, std::size_t ad_every) {
  for (std::size_t i = 0; i < paragraphs; ++i) {
    if (i > 0 && i % 5 == 0) put(out, "<h2>{}</h2>\n", html::headline_text(rng, 3, 7));
    paragraph(out, rng, i == 0 ? kBodyWord : "");
    if (i == 3) put(out, "<blockquote><p>&#8220;{}&#8221;</p><cite>{}</cite></blockquote>\n", html::sentences(rng, 2), html::person(rng));
    if (i == 6) {
      out += "<ul>";
      for (int item = 0; item < 5; ++item) put(out, "<li>{}</li>", html::sentence(rng, 6, 14));
      out += "</ul>\n";
    }
    if (i == 8)
      put(out, "<figure class=\"wp-block-image\"><img src=\"{}/media/{}.jpg\" width=\"1200\" height=\"800\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
          kSite, html::invented_word(rng), html::sentence(rng, 4, 8), html::sentence(rng));
    if (ad_every > 0 && i % ad_every == ad_every - 1)
      put(out, "<div class=\"ad-slot ad-inarticle\" id=\"ad-inarticle-{0}\" data-ad-unit=\"/{1}/news/inarticle\"><script>window.adq=window.adq||[];adq.push(['{0}','{1}']);</script></div>\n",
          i, rng.below(100000));
    if (ad_every > 0 && i % 7 == 4) {
      out += "<aside class=\"read-more-inline\"><h4>Read more</h4><ul>";
      for (int k = 0; k < 3; ++k) {
        const std::string text = html::headline_text(rng);
        put(out, "<li><a href=\"{}/news/{}\">{}</a></li>", kSite, html::slug_of(text), text);
      }
      out += "</ul></aside>\n";
    }
  }
}

std::string json_ld(std::string_view type, std::string_view title, const html::Date& date, std::string_view author) {
  return fmt::format(R"({{"@context":"https://schema.org","@type":"{}","headline":"{}","datePublished":"{}","author":{{"@type":"Person","name":"{}"}}}})",
                     type, title, date.iso(), author);
}

void share_bar(std::string& out, std::string_view url) {
  out += "<div class=\"sharedaddy sd-sharing-enabled\"><div class=\"robots-nocontent sd-block sd-social\"><h3 class=\"sd-title\">Share this:</h3><div class=\"sd-content\"><ul>";
  for (const char* network : {"x", "facebook", "linkedin", "whatsapp", "email", "print"})
    put(out, "<li class=\"share-{0}\"><a rel=\"nofollow noopener\" class=\"share-{0} sd-button\" href=\"{1}?share={0}\" target=\"_blank\" title=\"Share on {0}\"><span>{0}</span></a></li>",
        network, url);
  out += "</ul></div></div></div>\n";
}

void comment(std::string& out, Rng& rng, std::size_t id, int depth, std::string_view marker) {
  const html::Date date = html::random_date(rng);
  put(out,
      "<li id=\"comment-{0}\" class=\"comment {1} depth-{2}\"><article id=\"div-comment-{0}\" class=\"comment-body\"><footer class=\"comment-meta\">"
      "<div class=\"comment-author vcard\"><img alt=\"\" src=\"https://avatars.example/{3}?s=64&amp;d=mm\" class=\"avatar avatar-64 photo\" height=\"64\" width=\"64\" loading=\"lazy\">"
      "<b class=\"fn\">{4}</b> <span class=\"says\">says:</span></div><div class=\"comment-metadata\"><a href=\"#comment-{0}\"><time datetime=\"{5}\">{6}</time></a></div>"
      "</footer><div class=\"comment-content\"><p>{7}{8}</p>",
      id, id % 2 ? "odd" : "even", depth, rng.below(1u << 30), html::person(rng), date.iso(), date.written(), marker.empty() ? "" : std::string(marker) + " ",
      html::sentences(rng, 1 + rng.below(4)));
  if (rng.chance(30)) put(out, "<p>{}</p>", html::sentences(rng, 1 + rng.below(3)));
  put(out, "</div><div class=\"reply\"><a rel=\"nofollow\" class=\"comment-reply-link\" href=\"#comment-{0}\" data-commentid=\"{0}\">Reply</a></div></article>", id);
}

void wordpress_post(std::string& out, Rng& rng, std::size_t size) {
  const std::string title = html::headline_text(rng);
  const std::string url = fmt::format("{}/{}/", kSite, html::slug_of(title));
  const std::string author = html::person(rng);
  const html::Date date = html::random_date(rng);
  html::head(out, rng, title, url, json_ld("BlogPosting", title, date, author));
  html::page_header(out, rng, html::Cms::wordpress);
  put(out,
      "<main id=\"main\" class=\"site-main\"><article id=\"post-{0}\" class=\"post-{0} post type-post status-publish format-standard has-post-thumbnail hentry\">\n"
      "<header class=\"entry-header\"><span class=\"cat-links\"><a href=\"{1}/category/news/\" rel=\"category tag\">News</a></span><h1 class=\"entry-title\">{2}</h1>"
      "<div class=\"entry-meta\"><span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"{3}\">{4}</time></span><span class=\"byline\"> by "
      "<a class=\"url fn n\" href=\"{1}/author/{5}/\">{6}</a></span></div></header>\n"
      "<figure class=\"post-thumbnail\"><img src=\"{1}/wp-content/uploads/{5}.jpg\" width=\"1200\" height=\"675\" alt=\"\"><figcaption>{7}</figcaption></figure>\n"
      "<div class=\"entry-content\">\n",
      1000 + rng.below(90000), kSite, title, date.iso(), date.written(), html::invented_word(rng), author, html::sentence(rng));
  body_text(out, rng, 10 + 12 * size + rng.below(6), 0);
  share_bar(out, url);
  out += "</div>\n<footer class=\"entry-footer\"><span class=\"tags-links\">Tags: ";
  for (int i = 0; i < 6; ++i) put(out, "<a href=\"{0}/tag/{1}/\" rel=\"tag\">{1}</a> ", kSite, html::invented_word(rng));
  put(out, "</span></footer>\n</article>\n<div class=\"author-info\"><img src=\"https://avatars.example/{}?s=96\" class=\"avatar\" alt=\"\"><h2 class=\"author-title\">About {}</h2><p class=\"author-bio\">{}</p></div>\n",
      rng.below(1u << 30), author, html::sentences(rng, 3));
  out += "<section class=\"related-posts\"><h2>Related posts</h2><ul>";
  for (int i = 0; i < 6; ++i) {
    const std::string text = html::headline_text(rng);
    put(out, "<li><a href=\"{0}/{1}/\"><img src=\"{0}/wp-content/uploads/{1}-300x169.jpg\" alt=\"\">{2}</a><time>{3}</time></li>", kSite, html::slug_of(text), text,
        html::random_date(rng).written());
  }
  const std::size_t comments = 15 + 10 * size + rng.below(10);
  put(out, "</ul></section>\n<div id=\"comments\" class=\"comments-area\"><h2 class=\"comments-title\">{} thoughts on &#8220;{}&#8221;</h2><ol class=\"comment-list\">\n",
      comments, title);
  for (std::size_t i = 0; i < comments; ++i) {
    comment(out, rng, 500 + i, 1, i == comments / 2 ? kBoilerplateWord : "");
    if (rng.chance(25)) {
      out += "<ol class=\"children\">";
      comment(out, rng, 9000 + i, 2, "");
      out += "</li></ol>";
    }
    out += "</li>\n";
  }
  put(out,
      "</ol><div id=\"respond\" class=\"comment-respond\"><h3 id=\"reply-title\" class=\"comment-reply-title\">Leave a Reply</h3>"
      "<form action=\"{}/wp-comments-post.php\" method=\"post\" id=\"commentform\" class=\"comment-form\"><p class=\"comment-notes\">{}</p>"
      "<p class=\"comment-form-comment\"><label for=\"comment\">Comment</label><textarea id=\"comment\" name=\"comment\" cols=\"45\" rows=\"8\" required></textarea></p>"
      "<p class=\"comment-form-author\"><label for=\"author\">Name</label><input id=\"author\" name=\"author\" type=\"text\" size=\"30\"></p>"
      "<p class=\"form-submit\"><input name=\"submit\" type=\"submit\" id=\"submit\" class=\"submit\" value=\"Post Comment\"></p></form></div></div>\n</main>\n",
      kSite, html::sentence(rng));
  html::sidebar(out, rng, html::Cms::wordpress, "");
  html::page_footer(out, rng, html::Cms::wordpress);
}

void card_list(std::string& out, Rng& rng, std::string_view heading, std::size_t cards, std::string_view css_class, std::string_view marker) {
  put(out, "<section class=\"{}\"><h2>{}</h2><div class=\"cards\">", css_class, heading);
  for (std::size_t i = 0; i < cards; ++i) {
    std::string text = html::headline_text(rng);
    if (i == 2 && !marker.empty()) text += " " + std::string(marker);
    put(out, "<div class=\"card\"><a href=\"{0}/news/{1}\"><img src=\"{0}/img/{1}-320.jpg\" alt=\"\" loading=\"lazy\"><h3>{2}</h3></a><p class=\"card-summary\">{3}</p><time>{4}</time></div>",
        kSite, html::slug_of(text), text, html::sentence(rng), html::random_date(rng).written());
  }
  out += "</div></section>\n";
}

void news_article(std::string& out, Rng& rng, std::size_t size) {
  const std::string title = html::headline_text(rng);
  const std::string url = fmt::format("{}/news/{}", kSite, html::slug_of(title));
  const std::string author = html::person(rng);
  const html::Date date = html::random_date(rng);
  html::head(out, rng, title, url, json_ld("NewsArticle", title, date, author));
  html::page_header(out, rng, html::Cms::drupal);
  out += "<div class=\"ticker\"><span>Breaking</span><ul>";
  for (int i = 0; i < 8; ++i) {
    const std::string text = html::headline_text(rng);
    put(out, "<li><a href=\"{}/news/{}\">{}</a></li>", kSite, html::slug_of(text), text);
  }
  out += "</ul></div>\n<div class=\"layout\"><aside class=\"sidebar-left\"><h2>Most read</h2><ol class=\"most-read\">";
  for (int i = 0; i < 10; ++i) {
    const std::string text = html::headline_text(rng);
    put(out, "<li><a href=\"{}/news/{}\"><span class=\"rank\">{}</span>{}</a></li>", kSite, html::slug_of(text), i + 1, text);
  }
  put(out,
      "</ol></aside>\n<main class=\"main\"><article class=\"story\" itemscope itemtype=\"https://schema.org/NewsArticle\">\n"
      "<nav class=\"breadcrumb\"><a href=\"{0}/\">Home</a> / <a href=\"{0}/news/\">News</a> / <a href=\"{0}/news/world/\">World</a></nav>\n"
      "<h1 class=\"story-headline\" itemprop=\"headline\">{1}</h1><p class=\"story-standfirst\">{2}</p>\n"
      "<div class=\"byline\"><a rel=\"author\" href=\"{0}/authors/{3}\">{4}</a>, <span class=\"role\">Correspondent</span> <time datetime=\"{5}\" itemprop=\"datePublished\">{6}</time></div>\n"
      "<figure class=\"lead-image\"><picture><source type=\"image/webp\" srcset=\"{0}/img/{3}-800.webp 800w, {0}/img/{3}-1600.webp 1600w\">"
      "<img src=\"{0}/img/{3}-800.jpg\" width=\"800\" height=\"450\" alt=\"{7}\"></picture><figcaption>{8} <span class=\"credit\">Photo: {9}</span></figcaption></figure>\n"
      "<div class=\"story-body\" itemprop=\"articleBody\">\n",
      kSite, title, html::sentence(rng), html::invented_word(rng), author, date.iso(), date.written(), html::sentence(rng, 4, 8), html::sentence(rng),
      html::person(rng));
  body_text(out, rng, 12 + 10 * size + rng.below(6), 4);
  out += "</div>\n<div class=\"story-tags\">";
  for (int i = 0; i < 5; ++i) put(out, "<a href=\"{0}/topics/{1}\" class=\"tag\">{1}</a> ", kSite, html::invented_word(rng));
  out += "</div>\n";
  share_bar(out, url);
  out += "</article>\n";
  card_list(out, rng, "More on this story", 8, "related-stories", "");
  put(out, "<section class=\"newsletter-signup\"><h2>Get the morning briefing</h2><p>{}</p><form action=\"{}/subscribe\"><input type=\"email\" name=\"email\"><button>Sign up</button></form></section>\n</main>\n",
      html::sentences(rng, 2), kSite);
  out += "<aside class=\"sidebar-right\"><section class=\"latest\"><h2>Latest</h2><ul>";
  for (int i = 0; i < 12; ++i) {
    const std::string text = html::headline_text(rng);
    put(out, "<li><time>{:02}:{:02}</time> <a href=\"{}/news/{}\">{}</a></li>", rng.below(24), rng.below(60), kSite, html::slug_of(text), text);
  }
  out += "</ul></section>\n<div class=\"ad-slot ad-mpu\" id=\"ad-mpu-1\"></div>\n";
  card_list(out, rng, "Opinion", 5, "opinion", kBoilerplateWord);
  out += "</aside></div>\n";
  html::page_footer(out, rng, html::Cms::drupal);
}

void data_table(std::string& out, Rng& rng) {
  put(out, "<table class=\"data\"><caption>{}</caption><thead><tr><th>District</th>", html::headline_text(rng, 4, 8));
  for (int year = 2020; year <= 2024; ++year) put(out, "<th>{}</th>", year);
  out += "</tr></thead><tbody>";
  for (std::size_t row = 0, rows = 6 + rng.below(7); row < rows; ++row) {
    put(out, "<tr><th scope=\"row\">{}</th>", html::person(rng));
    for (int col = 0; col < 5; ++col) put(out, "<td>{}</td>", rng.below(100000));
    out += "</tr>";
  }
  out += "</tbody></table>\n";
}

void long_report(std::string& out, Rng& rng, std::size_t size) {
  const std::string title = html::headline_text(rng, 8, 14);
  const std::string url = fmt::format("{}/reports/{}", kSite, html::slug_of(title));
  const html::Date date = html::random_date(rng);
  html::head(out, rng, title, url, json_ld("Report", title, date, "Ngo Example"));
  html::page_header(out, rng, html::Cms::wordpress);
  const std::size_t sections = 6 + 4 * size;
  std::vector<std::vector<std::string>> headings(sections);
  for (auto& section : headings)
    for (std::size_t i = 0, n = 3 + rng.below(3); i < n; ++i) section.push_back(html::headline_text(rng, 3, 8));
  put(out,
      "<main id=\"main\" class=\"site-main\"><article class=\"report\"><header class=\"report-header\"><h1>{}</h1>"
      "<p class=\"report-meta\">Published <time datetime=\"{}\">{}</time> &middot; {} pages &middot; <a href=\"{}.pdf\">Download PDF</a></p></header>\n"
      "<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol>",
      title, date.iso(), date.written(), 30 + rng.below(60), url);
  for (std::size_t s = 0; s < sections; ++s) {
    put(out, "<li><a href=\"#s{}\">{}</a><ol>", s + 1, headings[s][0]);
    for (std::size_t h = 1; h < headings[s].size(); ++h) put(out, "<li><a href=\"#s{}-{}\">{}</a></li>", s + 1, h, headings[s][h]);
    out += "</ol></li>";
  }
  out += "</ol></nav>\n<div class=\"report-body\">\n";
  std::size_t footnotes = 0;
  for (std::size_t s = 0; s < sections; ++s) {
    put(out, "<section id=\"s{0}\"><h2>{0}. {1}</h2>\n", s + 1, headings[s][0]);
    if (s == 0) paragraph(out, rng, kBodyWord);
    for (std::size_t h = 1; h < headings[s].size(); ++h) {
      put(out, "<h3 id=\"s{}-{}\">{}.{} {}</h3>\n", s + 1, h, s + 1, h, headings[s][h]);
      for (std::size_t p = 0, n = 3 + rng.below(4); p < n; ++p) {
        put(out, "<p>{}", html::sentences(rng, 3 + rng.below(4)));
        if (rng.chance(40)) {
          ++footnotes;
          put(out, "<sup><a href=\"#fn-{0}\" id=\"fnref-{0}\">{0}</a></sup>", footnotes);
        }
        put(out, " {}</p>\n", html::sentence(rng));
      }
      if (rng.chance(25)) data_table(out, rng);
      if (rng.chance(25)) {
        out += "<ul>";
        for (std::size_t i = 0, n = 4 + rng.below(5); i < n; ++i) put(out, "<li>{}</li>", html::sentence(rng, 6, 16));
        out += "</ul>\n";
      }
      if (rng.chance(15)) put(out, "<blockquote><p>&#8220;{}&#8221;</p><footer>{}</footer></blockquote>\n", html::sentences(rng, 3), html::person(rng));
    }
    out += "</section>\n";
  }
  out += "</div>\n<section class=\"footnotes\"><h2>Notes</h2><ol>";
  for (std::size_t f = 1; f <= footnotes; ++f)
    put(out, "<li id=\"fn-{0}\">{1} <a href=\"#fnref-{0}\" class=\"footnote-back\">&#8617;</a></li>", f, html::sentence(rng, 6, 18));
  out += "</ol></section>\n</article>\n";
  card_list(out, rng, "Related publications", 6, "related", kBoilerplateWord);
  out += "</main>\n";
  html::page_footer(out, rng, html::Cms::wordpress);
}

}  // namespace

ArticlePage synthetic_article_page(ArticleShape shape, std::size_t size, std::uint64_t seed) {
  Rng rng(seed);
  ArticlePage page{.html = {}, .body_word = std::string(kBodyWord), .boilerplate_word = std::string(kBoilerplateWord)};
  page.html.reserve(128 * 1024);
  switch (shape) {
    case ArticleShape::wordpress_post: wordpress_post(page.html, rng, size); break;
    case ArticleShape::news: news_article(page.html, rng, size); break;
    case ArticleShape::long_report: long_report(page.html, rng, size); break;
  }
  return page;
}

}  // namespace vigil::bench
