// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Read without exceptions: every
// member is checked for its type, so a wrong type reads as absent. Titles and summaries are
// plain text by the spec, so they are taken literally (no tags stripped, no entities decoded).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "feeds/links.hpp"
#include "feeds/reader.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

using Json = nlohmann::json;

constexpr std::string_view version_prefix = "https://jsonfeed.org/version/";
constexpr std::string_view early_version_prefix = "http://jsonfeed.org/version/";  // some 1.0 generators

std::string string_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get_ref<const std::string&>();
  // Version 1.0 feeds in the wild use numbers as item ids.
  if (it->is_number_integer() || it->is_number_unsigned()) return it->dump();
  return {};
}

// Names from `authors` (1.1) or `author` (1.0): the name, else the URL.
std::vector<std::string> author_names(const Json& object) {
  std::vector<std::string> names;
  auto take = [&](const Json& author) {
    if (!author.is_object()) return;
    std::string name = text::collapse_whitespace(string_member(author, "name"));
    if (name.empty()) name = text::trim(string_member(author, "url"));
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  };
  if (const auto it = object.find("authors"); it != object.end() && it->is_array())
    for (const Json& author : *it) take(author);
  if (names.empty())
    if (const auto it = object.find("author"); it != object.end()) take(*it);
  return names;
}

Item read_item(const Json& entry, const std::string& base, const std::vector<std::string>& feed_authors,
               const std::string& feed_lang, std::size_t item_number, FeedReader& reader) {
  Item item;
  item.id = text::trim(string_member(entry, "id"));
  item.link = resolve_url(base, string_member(entry, "url"));
  if (item.link.empty()) item.link = resolve_url(base, string_member(entry, "external_url"));
  item.title = text::collapse_whitespace(string_member(entry, "title"));
  item.content = text::trim(string_member(entry, "content_html"));
  if (item.content.empty()) item.content = text::escape_html(text::trim(string_member(entry, "content_text")));
  item.summary = text::escape_html(text::trim(string_member(entry, "summary")));
  item.published = reader.date(string_member(entry, "date_published"), item_number);
  item.updated = reader.date(string_member(entry, "date_modified"), item_number);
  item.authors = author_names(entry);
  if (item.authors.empty()) item.authors = feed_authors;
  item.lang = text::trim(string_member(entry, "language"));
  if (item.lang.empty()) item.lang = feed_lang;
  return item;
}

}  // namespace

JsonFeedStatus read_json_feed(std::string_view body, std::string_view document_url, FeedReader& reader) {
  const Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return JsonFeedStatus::malformed;
  if (!doc.is_object()) return JsonFeedStatus::not_json_feed;
  const std::string version = string_member(doc, "version");
  if (!version.starts_with(version_prefix) && !version.starts_with(early_version_prefix))
    return JsonFeedStatus::not_json_feed;

  ParsedFeed& feed = reader.feed();
  const std::string base(document_url);
  feed.title = text::collapse_whitespace(string_member(doc, "title"));
  feed.link = resolve_url(base, string_member(doc, "home_page_url"));
  const std::vector<std::string> feed_authors = author_names(doc);
  const std::string feed_lang(text::trim(string_member(doc, "language")));

  std::size_t item_number = 0;
  if (const auto items = doc.find("items"); items != doc.end() && items->is_array()) {
    for (const Json& entry : *items) {
      ++item_number;
      if (entry.is_object()) reader.add_item(read_item(entry, base, feed_authors, feed_lang, item_number, reader));
    }
  }
  return JsonFeedStatus::read;
}

}  // namespace vigil::feeds::detail
