// HTML sources (issue 6, "Measured: pages/s and MB/s for list-page selection and for article
// extraction"), on generated CMS pages (synthetic_html.hpp):
//  - BM_HtmlList: parse_html_list over press-release list pages (WordPress: 30 and 100 items;
//    Drupal Views: 50 and 80 items), with CSS selectors and with the equivalent XPath;
//  - BM_ExtractArticle: extract_article over article pages of three shapes (a WordPress post
//    with a comment thread, a news article between sidebars, a long report), two pages each;
//  - BM_ParseHtml: the HTML5 parse alone (gumbo into the pugixml tree) of the same pages, run
//    first, so that the others report `parse_share`, the part of their CPU time that the parse
//    of their pages took in the same process.
// Counters: "MB" (10^6 bytes per second), "pages" (per second), page_KB (mean page size); list
// pages add items_per_second and items (per pass), articles text_KB (mean extracted text) and
// boilerplate_pages (pages whose extracted text kept a comment's, sidebar's or related list's
// words; 0 is right). Before timing, every result is checked: all items with title, link, date
// and summary, the same with CSS and XPath; every article's text with its first paragraph. A
// failed check fails the row.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/synthetic_html.hpp"
#include "feeds/article.hpp"
#include "feeds/html_dom.hpp"
#include "feeds/html_list.hpp"

namespace {

using vigil::bench::ArticleShape;
using vigil::bench::ListStyle;

constexpr std::string_view kContentType = "text/html; charset=UTF-8";

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

struct Page {
  vigil::FetchResult fetched;  // body, URL and Content-Type
  std::size_t items = 0;       // list pages: entries on the page
  std::string body_word;       // article pages: see ArticlePage
  std::string boilerplate_word;
};

struct Corpus {
  std::string name;
  std::vector<Page> pages;
  std::size_t bytes = 0;
  std::size_t items = 0;
};

Page page_of(std::string body, std::string url) {
  Page page;
  page.fetched.source = "bench";
  page.fetched.url = url;
  page.fetched.final_url = std::move(url);
  page.fetched.status = 200;
  page.fetched.content_type = std::string(kContentType);
  page.fetched.body = std::move(body);
  return page;
}

Corpus finished(std::string name, std::vector<Page> pages) {
  Corpus corpus{.name = std::move(name), .pages = std::move(pages)};
  for (const auto& page : corpus.pages) {
    corpus.bytes += page.fetched.body.size();
    corpus.items += page.items;
  }
  return corpus;
}

Corpus make_list_corpus(ListStyle style) {
  const bool wp = style == ListStyle::wordpress;
  std::vector<Page> pages;
  std::uint64_t seed = wp ? 600 : 700;
  for (const std::size_t items : wp ? std::vector<std::size_t>{30, 100} : std::vector<std::size_t>{50, 80}) {
    auto list = vigil::bench::synthetic_list_page(style, items, ++seed);
    Page page = page_of(std::move(list.html), "https://ngo.example/press-releases/");
    page.items = list.items;
    pages.push_back(std::move(page));
  }
  return finished(wp ? "wordpress_list" : "drupal_list", std::move(pages));
}

const Corpus& list_corpus(ListStyle style) {
  static const Corpus wordpress = make_list_corpus(ListStyle::wordpress);
  static const Corpus drupal = make_list_corpus(ListStyle::drupal);
  return style == ListStyle::wordpress ? wordpress : drupal;
}

const Corpus& article_corpus(ArticleShape shape) {
  static const std::map<ArticleShape, Corpus> corpora = [] {
    std::map<ArticleShape, Corpus> all;
    const std::pair<ArticleShape, const char*> shapes[] = {
        {ArticleShape::wordpress_post, "wordpress_post"}, {ArticleShape::news, "news"}, {ArticleShape::long_report, "long_report"}};
    std::uint64_t seed = 800;
    for (const auto& [shape, name] : shapes) {
      std::vector<Page> pages;
      for (std::size_t size = 0; size < 2; ++size) {
        auto article = vigil::bench::synthetic_article_page(shape, size, ++seed);
        Page page = page_of(std::move(article.html), fmt::format("https://ngo.example/{}/{}", name, size));
        page.body_word = std::move(article.body_word);
        page.boilerplate_word = std::move(article.boilerplate_word);
        pages.push_back(std::move(page));
      }
      all.emplace(shape, finished(name, std::move(pages)));
    }
    return all;
  }();
  return corpora.at(shape);
}

// CPU seconds one pass of BM_ParseHtml took over a corpus, by corpus name (the last run).
std::map<std::string, double>& parse_seconds() {
  static std::map<std::string, double> seconds;
  return seconds;
}

void report(benchmark::State& state, const Corpus& corpus, double seconds) {
  const auto runs = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus.bytes));
  state.counters["MB"] = benchmark::Counter(runs * static_cast<double>(corpus.bytes) / 1e6, benchmark::Counter::kIsRate);
  state.counters["pages"] = benchmark::Counter(runs * static_cast<double>(corpus.pages.size()), benchmark::Counter::kIsRate);
  state.counters["page_KB"] = static_cast<double>(corpus.bytes) / 1024.0 / static_cast<double>(corpus.pages.size());
  const auto parse = parse_seconds().find(corpus.name);
  if (parse != parse_seconds().end() && seconds > 0) state.counters["parse_share"] = parse->second / (seconds / runs);
}

void run_parse_html(benchmark::State& state, const Corpus& corpus) {
  const double started = thread_cpu_seconds();
  for (auto _ : state) {
    for (const auto& page : corpus.pages) {
      auto document = vigil::feeds::detail::parse_html(page.fetched.body, page.fetched.content_type, page.fetched.final_url);
      benchmark::DoNotOptimize(document.dom.first_child());
    }
  }
  const double seconds = thread_cpu_seconds() - started;
  parse_seconds()[corpus.name] = seconds / static_cast<double>(state.iterations());
  report(state, corpus, 0);
}

vigil::SourceSpec list_source(ListStyle style, bool xpath) {
  vigil::SourceSpec source;
  source.name = "bench";
  source.type = vigil::SourceType::html;
  source.select = vigil::bench::list_selectors(style, xpath);
  return source;
}

// What a correct result must hold, with CSS and XPath alike; "" when it does.
std::string check_list(const Page& page, ListStyle style) {
  auto css = vigil::feeds::parse_html_list(page.fetched, list_source(style, false));
  auto xpath = vigil::feeds::parse_html_list(page.fetched, list_source(style, true));
  if (!css) return "css: " + css.error().message;
  if (!xpath) return "xpath: " + xpath.error().message;
  if (css->items.size() != page.items) return fmt::format("{} items, expected {}", css->items.size(), page.items);
  if (!css->warnings.empty()) return "warning: " + css->warnings.front();
  if (xpath->items.size() != css->items.size()) return fmt::format("{} items with XPath, {} with CSS", xpath->items.size(), css->items.size());
  for (std::size_t i = 0; i < css->items.size(); ++i) {
    const auto& a = css->items[i];
    const auto& b = xpath->items[i];
    if (a.title.empty() || a.link.empty() || !a.published || a.summary.empty()) return fmt::format("item \"{}\" lacks a field", a.title);
    if (a.title != b.title || a.link != b.link || a.published != b.published || a.summary != b.summary)
      return fmt::format("item {}: XPath and CSS read different fields", i);
  }
  return "";
}

void BM_ParseHtml_List(benchmark::State& state, ListStyle style) { run_parse_html(state, list_corpus(style)); }
void BM_ParseHtml_Article(benchmark::State& state, ArticleShape shape) { run_parse_html(state, article_corpus(shape)); }

void BM_HtmlList(benchmark::State& state, ListStyle style, bool xpath) {
  const Corpus& corpus = list_corpus(style);
  const vigil::SourceSpec source = list_source(style, xpath);
  for (const auto& page : corpus.pages) {
    if (const auto problem = check_list(page, style); !problem.empty()) {
      state.SkipWithError(problem.c_str());
      return;
    }
  }
  const double started = thread_cpu_seconds();
  for (auto _ : state) {
    for (const auto& page : corpus.pages) {
      auto feed = vigil::feeds::parse_html_list(page.fetched, source);
      benchmark::DoNotOptimize(feed);
    }
  }
  const double seconds = thread_cpu_seconds() - started;
  report(state, corpus, seconds);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * corpus.items));
  state.counters["items"] = static_cast<double>(corpus.items);
}

void BM_ExtractArticle(benchmark::State& state, ArticleShape shape) {
  const Corpus& corpus = article_corpus(shape);
  std::size_t text_bytes = 0, boilerplate_pages = 0;
  for (const auto& page : corpus.pages) {
    const auto article = vigil::feeds::extract_article(page.fetched.body, page.fetched.content_type, page.fetched.final_url);
    if (article.text.find(page.body_word) == std::string::npos) {
      state.SkipWithError(fmt::format("{}: the first paragraph is missing from the text ({} bytes)", page.fetched.url, article.text.size()).c_str());
      return;
    }
    if (article.text.find(page.boilerplate_word) != std::string::npos) ++boilerplate_pages;
    text_bytes += article.text.size();
  }
  const double started = thread_cpu_seconds();
  for (auto _ : state) {
    for (const auto& page : corpus.pages) {
      auto article = vigil::feeds::extract_article(page.fetched.body, page.fetched.content_type, page.fetched.final_url);
      benchmark::DoNotOptimize(article);
    }
  }
  const double seconds = thread_cpu_seconds() - started;
  report(state, corpus, seconds);
  state.counters["text_KB"] = static_cast<double>(text_bytes) / 1024.0 / static_cast<double>(corpus.pages.size());
  state.counters["boilerplate_pages"] = static_cast<double>(boilerplate_pages);
}

// The parse rows first: the others divide by their figures.
BENCHMARK_CAPTURE(BM_ParseHtml_List, wordpress, ListStyle::wordpress);
BENCHMARK_CAPTURE(BM_ParseHtml_List, drupal, ListStyle::drupal);
BENCHMARK_CAPTURE(BM_ParseHtml_Article, wordpress_post, ArticleShape::wordpress_post);
BENCHMARK_CAPTURE(BM_ParseHtml_Article, news, ArticleShape::news);
BENCHMARK_CAPTURE(BM_ParseHtml_Article, long_report, ArticleShape::long_report);
BENCHMARK_CAPTURE(BM_HtmlList, wordpress_css, ListStyle::wordpress, false);
BENCHMARK_CAPTURE(BM_HtmlList, wordpress_xpath, ListStyle::wordpress, true);
BENCHMARK_CAPTURE(BM_HtmlList, drupal_css, ListStyle::drupal, false);
BENCHMARK_CAPTURE(BM_HtmlList, drupal_xpath, ListStyle::drupal, true);
BENCHMARK_CAPTURE(BM_ExtractArticle, wordpress_post, ArticleShape::wordpress_post);
BENCHMARK_CAPTURE(BM_ExtractArticle, news, ArticleShape::news);
BENCHMARK_CAPTURE(BM_ExtractArticle, long_report, ArticleShape::long_report);

}  // namespace
