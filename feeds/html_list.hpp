#pragma once
// HTML list pages (a source with type = "html"): the items a page lists, picked by the
// source's [source.select] selectors. Public: the poller, `vigil parse --source` and the
// config check use it.
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "feeds/parse.hpp"
#include "model/fetch.hpp"
#include "model/source.hpp"

namespace vigil::feeds {

struct SelectorProblem {
  std::size_t offset = 0;  // byte offset in the selector's text
  std::string message;     // "expected a class name after '.'"
};

// Checks a selector's syntax (CSS, "xpath:" + XPath 1.0, optional "@attr"); nullopt when it parses.
std::optional<SelectorProblem> check_selector(std::string_view selector);

// The items of a list page: one per element `select.item` picks, in page order. Per item,
// fields are read with their selectors relative to the item element:
//  - title: `select.title`, else the text of the item's first heading (h1-h6), else of its first link;
//  - link: `select.link`, else the href of the item's first <a href> (or of the item itself when
//    it is an <a>); resolved against the page URL and <base>; javascript: and other unsafe links dropped;
//  - date: `select.date` (a <time datetime> picked by an element selector gives its datetime),
//    read by parse_written_date with `source.date_format`;
//  - summary: `select.summary`, the picked element's content as HTML (an attribute as text);
//  - id: `select.id`, else the link, else a hash of the title and summary.
// Errors (the source fails, and says why): `select.item` matching nothing ("html: item
// selector \"article.teaser\" matched nothing on the page"), or a field selector configured
// but matching in none of the items. A selector with bad syntax is an error too (the config
// check catches it first). Items with neither title nor link are skipped with a warning.
std::expected<ParsedFeed, ParseError> parse_html_list(const FetchResult& page, const SourceSpec& source);

}  // namespace vigil::feeds
