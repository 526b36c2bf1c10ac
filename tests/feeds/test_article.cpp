// Article extraction: quality against hand-cut references (tests/fixtures/articles/), then
// the rules one by one (hidden elements, link density, metadata sources, garbage pages).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "feeds/article.hpp"
#include "feeds/html_dom.hpp"
#include "model/time.hpp"
#include "tests/support/child_process.hpp"
#include "text/words.hpp"

using vigil::feeds::Article;
using vigil::feeds::extract_article;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/fixtures/articles";

// Lower-cased (folded) words, as the search index sees them; compounds left out.
std::unordered_map<std::string, int> word_counts(const std::string& text) {
  std::unordered_map<std::string, int> counts;
  for (const auto& token : vigil::text::tokenize(text))
    if (token.span == 1) ++counts[token.word];
  return counts;
}

// Token F1: multiset overlap of the words of `got` and `want`.
double token_f1(const std::string& got, const std::string& want) {
  const auto g = word_counts(got), w = word_counts(want);
  double overlap = 0, total_g = 0, total_w = 0;
  for (const auto& [word, n] : g) {
    total_g += n;
    if (const auto it = w.find(word); it != w.end()) overlap += std::min(n, it->second);
  }
  for (const auto& [word, n] : w) total_w += n;
  if (total_g == 0 || total_w == 0) return total_g == total_w ? 1.0 : 0.0;
  const double precision = overlap / total_g, recall = overlap / total_w;
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}

std::string all_visible_text(const std::string& html) {
  const auto doc = vigil::feeds::detail::parse_html(html, "", "https://example.org/page");
  auto body = doc.html().child("body");
  return vigil::feeds::detail::text_of(body ? body : doc.html());
}

Article extract(const std::string& html, const std::string& url = "https://ngo.example/news/item") {
  return extract_article(html, "text/html", url);
}

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const std::string kParagraphs =
    "<p>Deminers in the northern district cleared another four hectares of farmland this week, the regional "
    "authority said, bringing the total for the season to just over forty hectares.</p>"
    "<p>Most of the devices found were anti-personnel mines laid along field edges, although the teams also "
    "removed several unexploded mortar rounds from an irrigation ditch.</p>"
    "<p>Farmers are expected to return to the cleared plots before the spring sowing, the authority added, "
    "provided that the weather allows the final quality checks to finish on time.</p>";

}  // namespace

TEST_CASE("the extractor keeps the article text of every fixture page, mean token F1 at least 0.90",
          "[article][quality]") {
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures))
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  REQUIRE(pages.size() >= 24);

  double sum = 0, sum_all = 0;
  for (const auto& html_path : pages) {
    auto reference_path = html_path;
    reference_path.replace_extension(".txt");
    INFO(html_path.filename().string());
    REQUIRE(std::filesystem::exists(reference_path));
    const auto html = vigil::test::read_file(html_path.string());
    const auto reference = vigil::test::read_file(reference_path.string());
    const auto article = extract_article(html, "", "https://ngo.example/" + html_path.stem().string());
    const double f1 = token_f1(article.text, reference);
    const double f1_all = token_f1(all_visible_text(html), reference);
    sum += f1;
    sum_all += f1_all;
    std::printf("article F1 %-32s extractor %.3f  all visible text %.3f\n", html_path.stem().string().c_str(), f1, f1_all);
  }
  const double mean = sum / static_cast<double>(pages.size());
  const double mean_all = sum_all / static_cast<double>(pages.size());
  std::printf("article F1 mean over %zu pages: extractor %.3f  all visible text %.3f\n", pages.size(), mean, mean_all);
  CHECK(mean >= 0.90);
}

// ---- the text ----

TEST_CASE("the text has one paragraph per block, one blank line between them, whitespace collapsed",
          "[article][text]") {
  const auto a = extract(page("<title>Mines</title>",
                              "<div class='entry-content'><h2>First  heading</h2><p>One\n  paragraph,   with\twhitespace "
                              "runs that must collapse, and enough words to count as text.</p><ul><li>first item of the "
                              "list</li><li>second  item</li></ul><blockquote><p>A quoted sentence from a survivor, who "
                              "spoke to us at length.</p></blockquote><p>Last paragraph, with more words so that the "
                              "extractor keeps it as a part of the article body.</p></div>"));
  CHECK(a.text ==
        "First heading\n\n"
        "One paragraph, with whitespace runs that must collapse, and enough words to count as text.\n\n"
        "- first item of the list\n\n- second item\n\n"
        "A quoted sentence from a survivor, who spoke to us at length.\n\n"
        "Last paragraph, with more words so that the extractor keeps it as a part of the article body.");
  CHECK(a.html ==
        "<h2>First heading</h2>"
        "<p>One paragraph, with whitespace runs that must collapse, and enough words to count as text.</p>"
        "<ul><li>first item of the list</li><li>second item</li></ul>"
        "<blockquote><p>A quoted sentence from a survivor, who spoke to us at length.</p></blockquote>"
        "<p>Last paragraph, with more words so that the extractor keeps it as a part of the article body.</p>");
}

TEST_CASE("the HTML of the article is escaped and holds no markup from the page", "[article][text]") {
  const auto a = extract(page("", "<article><p>Deminers wrote &lt;script&gt;alert(1)&lt;/script&gt; on the board, "
                                  "which the teachers <b onclick='x()'>kept</b> as a joke, and more words.</p>" +
                                      kParagraphs + "</article>"));
  CHECK(contains(a.text, "<script>alert(1)</script> on the board"));
  CHECK(contains(a.html, "&lt;script&gt;alert(1)&lt;/script&gt; on the board"));
  CHECK_FALSE(contains(a.html, "onclick"));
  CHECK_FALSE(contains(a.html, "<b"));
}

TEST_CASE("the title is not repeated in the text", "[article][text]") {
  const auto a = extract(page("<title>Fields cleared in the north | Mine News</title><meta property='og:site_name' "
                              "content='Mine News'>",
                              "<article><h1>Fields cleared in the north</h1>" + kParagraphs + "</article>"));
  CHECK(a.title == "Fields cleared in the north");
  CHECK_FALSE(contains(a.text, "Fields cleared in the north"));
  CHECK(a.text.starts_with("Deminers in the northern district"));
}

TEST_CASE("a <br><br> separates paragraphs in a block of text without <p>", "[article][text]") {
  const auto a = extract(page("", "<div class='post-body'>The first paragraph of the post, with words, and commas, to "
                                  "make it count.<br><br>The second paragraph, which also has enough words in it to be "
                                  "kept.<br>Its second line.</div>"));
  CHECK(a.text ==
        "The first paragraph of the post, with words, and commas, to make it count.\n\n"
        "The second paragraph, which also has enough words in it to be kept.\nIts second line.");
}

// ---- what is left out ----

TEST_CASE("hidden elements are not text: hidden, aria-hidden, display:none, visibility:hidden", "[article][hidden]") {
  const auto a = extract(page("", "<article>" + kParagraphs +
                                      "<p hidden>Hidden by attribute, a sentence long enough to be a paragraph.</p>"
                                      "<div aria-hidden='true'><p>Hidden from readers by aria, and long enough as well.</p></div>"
                                      "<p style='color: red; DISPLAY : none'>Hidden by an inline style, a long sentence.</p>"
                                      "<p style='visibility:hidden'>Invisible but taking space, a long sentence.</p>"
                                      "<p class='sr-only'>Screen reader text that sighted readers never see.</p>"
                                      "<template><p>Template content that is never shown on the page.</p></template>"
                                      "</article>"));
  CHECK(contains(a.text, "Farmers are expected to return"));
  for (const char* hidden : {"attribute", "aria", "inline style", "Invisible", "Screen reader", "Template"}) {
    INFO(hidden);
    CHECK_FALSE(contains(a.text, hidden));
  }
}

TEST_CASE("a block made of links scores less than the same amount of prose", "[article][links]") {
  std::string links = "<div class='box'>";
  for (int i = 0; i < 30; ++i)
    links += "<p><a href='/story/" + std::to_string(i) + "'>Another headline about a story, with commas, words and more "
             "words that a reader could click on</a></p>";
  links += "</div>";
  const auto a = extract(page("", links + "<div class='box'>" + kParagraphs + "</div>"));
  CHECK(a.text.starts_with("Deminers in the northern district"));
  CHECK_FALSE(contains(a.text, "Another headline"));
}

TEST_CASE("a list of links inside the article is cleaned away, a list of prose stays", "[article][links]") {
  const auto a = extract(page("", "<article><div class='body'>" + kParagraphs +
                                      "<ul><li><a href='/1'>Related: mines found near a school</a></li>"
                                      "<li><a href='/2'>Related: a new survey team</a></li>"
                                      "<li><a href='/3'>Related: funding for clearance</a></li></ul>"
                                      "<ul><li>The first step is a survey of the area.</li>"
                                      "<li>The second step is clearance, with <a href='/m'>machines</a> and by hand.</li></ul>"
                                      "</div></article>"));
  CHECK_FALSE(contains(a.text, "Related:"));
  CHECK(contains(a.text, "- The first step is a survey of the area.\n\n- The second step is clearance"));
}

TEST_CASE("navigation, sidebars, comments and cookie banners are left out even when they hold more text",
          "[article][unlikely]") {
  std::string comments = "<section id='comments' class='comments-area'>";
  for (int i = 0; i < 20; ++i)
    comments += "<div class='comment'><p>A long comment from a reader, number " + std::to_string(i) +
                ", with opinions, questions, and a story about the valley that goes on for a while.</p></div>";
  comments += "</section>";
  const auto a = extract(page("", "<nav><p>Home, About, Programmes, News, Donate, and a long list of menu entries.</p></nav>"
                                  "<div class='cookie-consent'><p>We use cookies, which you may accept, refuse, or manage "
                                  "in the settings, as explained at length in our cookie policy.</p></div>"
                                  "<div class='post'><h1>Spring clearance</h1>" +
                                      kParagraphs + "</div>" + comments +
                                      "<div class='sidebar'><p>About us: a long description of the organisation, its "
                                      "history, its teams, and its values.</p></div>"));
  CHECK(a.text.starts_with("Deminers in the northern district"));
  for (const char* out : {"menu entries", "cookie policy", "A long comment", "About us"}) {
    INFO(out);
    CHECK_FALSE(contains(a.text, out));
  }
}

TEST_CASE("an empty or garbage page gives an empty article, never an error", "[article][garbage]") {
  for (const std::string& input :
       {std::string(), std::string("\0\xff\xfe garbage \x01", 14), std::string("<html>"), std::string("</p></div><<<>>>"),
        std::string("just some words without any markup"), std::string("<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        std::string("<script type='application/ld+json'>{{{{</script>")}) {
    INFO(input);
    const auto a = extract(input);
    CHECK(a.text.size() < 100);
    CHECK_FALSE(a.published);
  }
  CHECK(extract("just some words without any markup").text == "just some words without any markup");
}

TEST_CASE("a page nested a hundred thousand elements deep is extracted without recursion", "[article][garbage]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "Deep text, with commas, that is still the article, and has words.";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  const auto a = extract(html);
  CHECK(a.text == "Deep text, with commas, that is still the article, and has words.");
}

// ---- metadata ----

namespace {
std::string date(const std::optional<vigil::Timestamp>& t) { return t ? vigil::format_rfc3339(*t) : "none"; }
const std::string kBody = "<article>" + kParagraphs + "</article>";
}  // namespace

TEST_CASE("the title comes from og:title, then the JSON-LD headline, then the <h1> in <title>, then <title>",
          "[article][metadata]") {
  const std::string ld = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"From JSON-LD\"}</script>";
  CHECK(extract(page("<title>From title</title><meta property='og:title' content='From Open Graph'>" + ld, kBody)).title ==
        "From Open Graph");
  CHECK(extract(page("<title>From title</title>" + ld, kBody)).title == "From JSON-LD");
  CHECK(extract(page("<title>Mines cleared near the school - Valley Courier</title>",
                     "<h1>Mines cleared near the school</h1>" + kBody))
            .title == "Mines cleared near the school");
  CHECK(extract(page("<title>Mines cleared | Valley Courier</title><meta property='og:site_name' content='Valley Courier'>",
                     kBody))
            .title == "Mines cleared");
  CHECK(extract(page("<title>Valley Courier :: Mines cleared</title><meta name='application-name' content='Valley Courier'>",
                     kBody))
            .title == "Mines cleared");
  // A suffix that is not the site's name stays.
  CHECK(extract(page("<title>Mines cleared | Part two</title><meta property='og:site_name' content='Valley Courier'>",
                     kBody))
            .title == "Mines cleared | Part two");
}

TEST_CASE("the publication date comes from article:published_time, JSON-LD, <time> in the article, then meta date",
          "[article][metadata]") {
  CHECK(date(extract(page("<meta property='article:published_time' content='2024-03-12T09:30:00+01:00'>", kBody))
                 .published) == "2024-03-12T08:30:00Z");
  CHECK(date(extract(page("<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@type\":"
                          "\"BlogPosting\",\"datePublished\":\"2024-02-01T10:00:00Z\",\"dateModified\":\"2024-02-03\"}"
                          "</script>",
                          kBody))
                 .published) == "2024-02-01T10:00:00Z");
  CHECK(date(extract(page("", "<article><p>Posted <time datetime='2023-12-24T18:00:00Z'>on Christmas Eve</time></p>" +
                                  kParagraphs + "</article>"))
                 .published) == "2023-12-24T18:00:00Z");
  CHECK(date(extract(page("<meta name='date' content='2022-05-04'>", kBody)).published) == "2022-05-04T00:00:00Z");
  CHECK(date(extract(page("<meta name='DC.date' content='2021-07-08'>", kBody)).published) == "2021-07-08T00:00:00Z");
  CHECK(date(extract(page("<meta name='date' content='not a date'>", kBody)).published) == "none");
}

TEST_CASE("the modification date comes from article:modified_time, then JSON-LD dateModified", "[article][metadata]") {
  CHECK(date(extract(page("<meta property='article:modified_time' content='2024-03-13T10:00:00Z'>", kBody)).modified) ==
        "2024-03-13T10:00:00Z");
  CHECK(date(extract(page("<script type='application/ld+json'>{\"@type\":\"Article\",\"dateModified\":\"2024-02-03\"}"
                          "</script>",
                          kBody))
                 .modified) == "2024-02-03T00:00:00Z");
}

TEST_CASE("JSON-LD articles are found in @graph arrays and top-level arrays, with their authors", "[article][metadata]") {
  const auto graph = extract(page(
      "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Ground Truth\"},"
      "{\"@type\":\"WebPage\",\"datePublished\":\"2020-01-01\"},"
      "{\"@type\":[\"Article\",\"NewsArticle\"],\"headline\":\"Graph headline\",\"datePublished\":\"2024-01-30T08:00:00Z\","
      "\"dateModified\":\"2024-02-14T16:20:00Z\",\"author\":[{\"@type\":\"Person\",\"name\":\"Hana Sorel\"},"
      "{\"@type\":\"Person\",\"name\":\"Idris Kaye\"}],\"description\":\"From the graph\"}]}</script>",
      kBody));
  CHECK(graph.title == "Graph headline");
  CHECK(date(graph.published) == "2024-01-30T08:00:00Z");
  CHECK(date(graph.modified) == "2024-02-14T16:20:00Z");
  CHECK(graph.authors == std::vector<std::string>{"Hana Sorel", "Idris Kaye"});
  CHECK(graph.description == "From the graph");

  const auto array = extract(page("<script type='application/ld+json'>[{\"@type\":\"BreadcrumbList\"},{\"@type\":"
                                  "\"http://schema.org/ReportageNewsArticle\",\"author\":\"Kofi Mensah\"}]</script>",
                                  kBody));
  CHECK(array.authors == std::vector<std::string>{"Kofi Mensah"});
}

TEST_CASE("malformed JSON-LD is ignored and the other sources still count", "[article][metadata]") {
  const auto a = extract(page("<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"Broken\","
                              "</script><meta name='author' content='Lucía Ferrán'>"
                              "<meta property='article:published_time' content='2024-02-21T13:00:00-05:00'>"
                              "<title>Survivors ask for support</title>",
                              kBody));
  CHECK(a.title == "Survivors ask for support");
  CHECK(a.authors == std::vector<std::string>{"Lucía Ferrán"});
  CHECK(date(a.published) == "2024-02-21T18:00:00Z");
  CHECK(a.text.starts_with("Deminers in the northern district"));
  // Raw line breaks inside JSON strings are common; they are read as spaces.
  CHECK(extract(page("<script type='application/ld+json'>{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}</script>", kBody))
            .title == "Two lines");
}

TEST_CASE("the canonical URL is resolved against the page URL or its <base>", "[article][metadata]") {
  CHECK(extract(page("<link rel='canonical' href='/news/fields-cleared'>", kBody), "https://ngo.example/a/b?x=1")
            .canonical_url == "https://ngo.example/news/fields-cleared");
  CHECK(extract(page("<base href='https://cdn.example/en/'><link rel='canonical' href='fields'>", kBody),
                "https://ngo.example/a/b")
            .canonical_url == "https://cdn.example/en/fields");
  CHECK(extract(page("<meta property='og:url' content='https://ngo.example/og'>", kBody)).canonical_url ==
        "https://ngo.example/og");
  CHECK(extract(page("<link rel='canonical' href='javascript:alert(1)'>", kBody)).canonical_url.empty());
  CHECK(extract(page("", kBody)).canonical_url.empty());
}

TEST_CASE("description, authors and language have their fallbacks", "[article][metadata]") {
  CHECK(extract(page("<meta property='og:description' content='From OG'><meta name='description' content='Plain'>", kBody))
            .description == "From OG");
  CHECK(extract(page("<meta name='description' content='  Plain   description '>", kBody)).description ==
        "Plain description");
  CHECK(extract(page("<meta name='author' content='Mira Halden'>", kBody)).authors ==
        std::vector<std::string>{"Mira Halden"});
  CHECK(extract(page("<meta property='article:author' content='https://social.example/mira'>", kBody)).authors.empty());
  CHECK(extract(page("", "<article><p class='byline'>By <a rel='author' href='/m'>Mira Halden</a></p>" + kParagraphs +
                             "</article>"))
            .authors == std::vector<std::string>{"Mira Halden"});
  CHECK(extract("<html lang='uk'><body>" + kBody + "</body></html>").lang == "uk");
  CHECK(extract(page("<meta property='og:locale' content='fr_FR'>", kBody)).lang == "fr-FR");
}

TEST_CASE("the fixture pages' metadata is read", "[article][metadata]") {
  const auto read = [](const char* name) {
    return extract_article(vigil::test::read_file((kFixtures / name).string()), "", "https://ngo.example/x/page");
  };
  const auto report = read("long-report.html");
  CHECK(report.title == "Explosive Hazards in Farmland: 2023 Review");
  CHECK(date(report.published) == "2024-01-30T08:00:00Z");
  CHECK(report.authors == std::vector<std::string>{"Hana Sorel", "Idris Kaye"});
  const auto drupal = read("drupal-press-release.html");
  CHECK(drupal.canonical_url == "https://coalition.example/en/press/stockpile-destruction-2024");
  CHECK(drupal.title == "Three states commit to destroy cluster munition stockpiles by 2025");
  CHECK(date(drupal.published) == "2024-05-06T10:00:00Z");  // <time> in the <article>
  const auto statement = read("short-statement.html");
  CHECK(statement.canonical_url == "https://alliance.example/statements/statement-orlen");
  CHECK(statement.title == "Statement on the attack on a demining team near Orlen");
  const auto russian = read("ru-windows1251.html");
  CHECK(russian.lang == "ru");
  CHECK(contains(russian.text, "Три гуманитарные организации"));
  CHECK(russian.title == "Гуманитарные организации расширяют помощь пострадавшим от мин");
}
