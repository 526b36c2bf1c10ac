#pragma once
// Private to feeds/: an HTML page parsed with gumbo (the HTML5 algorithm, so tag soup parses as
// a browser would) into a pugixml tree, so that CSS selectors, XPath 1.0, feed discovery and
// the article extractor all walk one kind of tree.
#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds::detail {

struct HtmlDocument {
  // The document node; its element child is <html>. Element and attribute names are lower
  // case (the HTML5 algorithm's); text nodes are node_pcdata, whitespace ones included;
  // comments and the doctype are dropped; <template> contents are the element's children.
  pugi::xml_document dom;
  // <base href> resolved against the page URL, else the page URL: the base of the page's links.
  std::string base_url;
  std::vector<std::string> warnings;  // charset problems

  pugi::xml_node html() const { return dom.document_element(); }
};

// Parses `body` as it came from `page_url`. Charset: a BOM, else the HTTP Content-Type's
// charset, else <meta charset> / <meta http-equiv="Content-Type"> in the first 1024 bytes,
// else UTF-8; a declared charset the bytes are not valid in gives way to the next one, and
// invalid bytes end as U+FFFD. Never fails: any byte string is some HTML document. Linear in
// the input, with no recursion: a page nested a million elements deep is fine.
HtmlDocument parse_html(std::string_view body, std::string_view content_type, std::string_view page_url);

// Whether a body looks like an HTML page rather than a feed or sitemap (a doctype or an <html>
// or <head> or <body> tag near the start).
bool looks_like_html_page(std::string_view body);

// The text of an element as a reader sees it on one line: text nodes joined, whitespace runs
// collapsed to one space, ends trimmed; <script>, <style>, <template> and similar hidden
// elements skipped; block elements and <br> separate words.
std::string text_of(pugi::xml_node node);

// The element's content serialized back to HTML (for Item::summary): text escaped, attributes
// quoted, void elements without end tags, hidden elements dropped.
std::string inner_html_of(pugi::xml_node node);

}  // namespace vigil::feeds::detail
