// A list page into items: the selectors pick elements in the gumbo-built tree; FeedReader
// applies the rules every item shares (ids, unsafe links, valid UTF-8).
#include "feeds/html_list.hpp"

#include <array>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "feeds/html_dom.hpp"
#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "feeds/selector.hpp"
#include "feeds/written_dates.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds {
namespace {

using detail::Selector;

// The configured selectors, parsed; a field left empty in the config is nullopt.
struct Fields {
  Selector item;
  std::optional<Selector> title{}, link{}, date{}, summary{}, id{};
};

std::expected<std::optional<Selector>, ParseError> parse_field(std::string_view name, const std::string& text) {
  if (text.empty()) return std::optional<Selector>{};
  auto parsed = Selector::parse(text);
  if (!parsed)
    return std::unexpected(ParseError{ParseError::Kind::malformed, 0,
                                      fmt::format("html: {} selector \"{}\", offset {}: {}", name, text,
                                                  parsed.error().offset, parsed.error().message)});
  return std::optional<Selector>(std::move(*parsed));
}

std::expected<Fields, ParseError> parse_fields(const SelectSpec& select) {
  if (select.item.empty())
    return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "html: no item selector ([source.select] item)"});
  auto item = parse_field("item", select.item);
  if (!item) return std::unexpected(item.error());
  Fields fields{.item = std::move(**item)};
  const std::array<std::pair<std::string_view, const std::string*>, 5> named{
      {{"title", &select.title}, {"link", &select.link}, {"date", &select.date}, {"summary", &select.summary},
       {"id", &select.id}}};
  std::array<std::optional<Selector>*, 5> slots{&fields.title, &fields.link, &fields.date, &fields.summary, &fields.id};
  for (std::size_t i = 0; i < named.size(); ++i) {
    auto field = parse_field(named[i].first, *named[i].second);
    if (!field) return std::unexpected(field.error());
    *slots[i] = std::move(*field);
  }
  return fields;
}

pugi::xml_node first_element(pugi::xml_node scope, std::initializer_list<std::string_view> names) {
  for (auto n : scope.select_nodes(".//*")) {
    const std::string_view name = n.node().name();
    for (auto wanted : names)
      if (name == wanted) return n.node();
  }
  return {};
}

std::string default_title(pugi::xml_node item) {
  if (auto heading = first_element(item, {"h1", "h2", "h3", "h4", "h5", "h6"})) return detail::text_of(heading);
  if (std::string_view(item.name()) == "a") return detail::text_of(item);
  if (auto a = first_element(item, {"a"})) return detail::text_of(a);
  return {};
}

std::string default_link(pugi::xml_node item) {
  if (std::string_view(item.name()) == "a" && item.attribute("href")) return item.attribute("href").value();
  for (auto n : item.select_nodes(".//a[@href]")) return n.node().attribute("href").value();
  return {};
}

// A date field: an element selector that picks a <time datetime> (or any element with a
// datetime or content attribute) reads that machine-readable value rather than the text.
std::optional<std::string> date_text(const Selector& date, pugi::xml_node item) {
  if (!date.reads_attribute()) {
    if (auto element = date.first(item)) {
      for (const char* attribute : {"datetime", "content"})
        if (auto a = element.attribute(attribute); a && *a.value()) return std::string(a.value());
    }
  }
  return date.value(item);
}

// Counts, per configured field, in how many items it picked something.
struct Hits {
  std::size_t title = 0, link = 0, date = 0, summary = 0, id = 0;
};

}  // namespace

std::optional<SelectorProblem> check_selector(std::string_view selector) {
  auto parsed = Selector::parse(selector);
  if (parsed) return std::nullopt;
  return SelectorProblem{parsed.error().offset, parsed.error().message};
}

std::expected<ParsedFeed, ParseError> parse_html_list(const FetchResult& page, const SourceSpec& source) {
  auto fields = parse_fields(source.select);
  if (!fields) return std::unexpected(fields.error());
  const std::string_view url = page.final_url.empty() ? page.url : page.final_url;
  const auto document = detail::parse_html(page.body, page.content_type, url);
  const detail::BaseUrl base(document.base_url);

  ParsedFeed feed;
  feed.warnings = document.warnings;
  feed.link = std::string(url);
  if (auto title = document.dom.select_node("/html/head/title")) feed.title = detail::text_of(title.node());
  const std::string lang = document.html().attribute("lang").value();

  const auto elements = fields->item.elements(document.dom);
  if (elements.empty())
    return std::unexpected(ParseError{ParseError::Kind::not_a_feed, 0,
                                      fmt::format("html: item selector \"{}\" matched nothing on the page",
                                                  source.select.item)});
  detail::FeedReader reader(page, feed);
  Hits hits;
  std::size_t untitled = 0, bad_dates = 0;
  std::size_t number = 0;
  for (const auto element : elements) {
    ++number;
    Item item;
    item.lang = lang;
    if (fields->title) {
      if (auto title = fields->title->value(element)) {
        item.title = text::collapse_whitespace(*title);
        ++hits.title;
      }
    } else {
      item.title = default_title(element);
    }
    std::string link;
    if (fields->link) {
      if (auto value = fields->link->value(element)) {
        link = *value;
        ++hits.link;
      }
    } else {
      link = default_link(element);
    }
    if (!link.empty()) item.link = base.resolve(link);
    if (fields->date) {
      if (auto text = date_text(*fields->date, element)) {
        ++hits.date;
        item.published = parse_written_date(*text, source.date_format);
        if (!item.published) ++bad_dates;
      }
    }
    if (fields->summary) {
      if (fields->summary->reads_attribute()) {
        if (auto text = fields->summary->value(element)) {
          item.summary = text::escape_html(*text);
          ++hits.summary;
        }
      } else if (auto picked = fields->summary->first(element)) {
        item.summary = std::string(text::trim(detail::inner_html_of(picked)));
        ++hits.summary;
      }
    }
    if (fields->id) {
      if (auto id = fields->id->value(element)) {
        item.id = base.resolve_id(*id);
        ++hits.id;
      }
    }
    if (item.title.empty() && item.link.empty()) {
      ++untitled;
      continue;
    }
    reader.add_item(std::move(item));
  }

  // A field selector that picks nothing anywhere is a broken config or a redesigned page.
  const std::array<std::tuple<std::string_view, const std::string*, std::size_t>, 5> checks{
      {{"title", &source.select.title, hits.title},
       {"link", &source.select.link, hits.link},
       {"date", &source.select.date, hits.date},
       {"summary", &source.select.summary, hits.summary},
       {"id", &source.select.id, hits.id}}};
  for (const auto& [name, text, count] : checks)
    if (!text->empty() && count == 0)
      return std::unexpected(ParseError{ParseError::Kind::not_a_feed, 0,
                                        fmt::format("html: {} selector \"{}\" matched nothing in any of the {} items",
                                                    name, *text, elements.size())});
  if (untitled > 0)
    feed.warnings.push_back(fmt::format("html: {} item(s) without title or link skipped", untitled));
  if (bad_dates > 0)
    feed.warnings.push_back(fmt::format("html: {} date(s) not understood{}", bad_dates,
                                        source.date_format.empty() ? "; set date_format for this source" : ""));
  reader.finish();
  return feed;
}

}  // namespace vigil::feeds
