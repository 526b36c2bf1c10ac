#pragma once
// Private to synthetic_html*.cpp: generated text and the page chrome (head, masthead, sidebar,
// footer) that list pages and article pages share.
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "bench/synthetic.hpp"

namespace vigil::bench::html {

inline constexpr std::string_view kSite = "https://ngo.example";

// Appends formatted text to a page under construction.
template <class... Args>
void put(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// ---- text ----
// An invented lower-case word of consonant-vowel syllables ("tarobel"); never contains 'q'.
std::string invented_word(Rng& rng);
// A capitalized invented name: "Moravi Telusa".
std::string person(Rng& rng);
// One sentence of common English words and invented names, capitalized, with commas and a period.
std::string sentence(Rng& rng, std::size_t min_words = 9, std::size_t max_words = 24);
// `count` sentences joined by spaces.
std::string sentences(Rng& rng, std::size_t count);
// A headline of 6-12 words, first letter capitalized, no period.
std::string headline_text(Rng& rng, std::size_t min_words = 6, std::size_t max_words = 12);
// "a-headline-like-this" for URLs.
std::string slug_of(std::string_view text);

struct Date {
  int year = 2025, month = 1, day = 1, hour = 0, minute = 0;
  std::string iso() const;      // 2025-03-04T09:30:00+00:00
  std::string written() const;  // 4 March 2025
};
Date random_date(Rng& rng);

// ---- chrome ----
// Which CMS's markup conventions the chrome wears.
enum class Cms { wordpress, drupal };

// <!DOCTYPE html> up to </head>: meta and Open Graph tags, stylesheets, a large inline <style>,
// configuration and loader scripts, and `json_ld` (a JSON-LD object, or empty).
void head(std::string& out, Rng& rng, std::string_view title, std::string_view canonical, std::string_view json_ld);
// <body> up to the content area: cookie banner, masthead, a mega-menu of about a hundred links,
// the search form.
void page_header(std::string& out, Rng& rng, Cms cms);
// A sidebar of widgets (recent posts, categories, archives, tag cloud, newsletter form); one
// recent post's title carries `marker` when it is not empty.
void sidebar(std::string& out, Rng& rng, Cms cms, std::string_view marker);
// The footer (link columns, social icons as inline SVG), trailing scripts and </html>.
void page_footer(std::string& out, Rng& rng, Cms cms);

}  // namespace vigil::bench::html
