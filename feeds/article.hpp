#pragma once
// The main text of an article page and its metadata, as a reader-mode view would show it:
// boilerplate (navigation, cookie banners, share bars, related-article lists, comments,
// footers) left out. Public: `vigil extract` and the follow step of the poller use it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/time.hpp"

namespace vigil::feeds {

struct Article {
  std::string title;         // og:title, else JSON-LD headline, else the <h1> that matches <title>, else <title>
  std::string text;          // main text: plain UTF-8, paragraphs separated by one blank line
  std::string html;          // the same content as simple HTML (<p>, <h2>-<h6>, <ul>/<ol>/<li>, <blockquote>, <pre>, <br>), escaped
  std::optional<Timestamp> published;  // article:published_time, JSON-LD datePublished, <time datetime>, ...
  std::optional<Timestamp> modified;   // article:modified_time, JSON-LD dateModified
  std::string canonical_url; // <link rel="canonical"> / og:url, resolved; "" if none
  std::string description;   // og:description / <meta name="description">
  std::vector<std::string> authors;
  std::string lang;          // <html lang>, Content-Language, og:locale, JSON-LD inLanguage ("en", "fr-FR")
};

// Extracts the article from an HTML page fetched from `url` (the base for links and the
// canonical URL). `content_type` carries the HTTP charset when known. Never fails: a page with
// no discernible article gives its best candidate's text (possibly empty).
Article extract_article(std::string_view html, std::string_view content_type, std::string_view url);

}  // namespace vigil::feeds
