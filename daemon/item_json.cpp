#include "daemon/item_json.hpp"

#include <utility>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace vigil::daemon {

namespace {

// ordered_json keeps insertion order: the key order users and the conformance suite see.
using Json = nlohmann::ordered_json;

Json date_or_null(const std::optional<Timestamp>& t) { return t ? Json(format_rfc3339(*t)) : Json(nullptr); }

std::string joined_authors(const std::vector<std::string>& authors) {
  std::string out;
  for (const auto& author : authors) {
    if (author.empty()) continue;
    if (!out.empty()) out += ", ";
    out += author;
  }
  return out;
}

Json item_object(const Item& item) {
  Json j = Json::object();
  j["id"] = item.id;
  j["source"] = item.source;
  j["title"] = item.title;
  j["link"] = item.link;
  j["published"] = date_or_null(item.published);
  j["updated"] = date_or_null(item.updated);
  j["summary"] = item.summary;
  j["content"] = item.content;
  j["author"] = joined_authors(item.authors);
  j["lang"] = item.lang;
  return j;
}

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string unexpected_type(std::string_view key, const Json& value, std::string_view wanted) {
  return fmt::format("item JSON: \"{}\": expected {}, got {}", key, wanted, value.type_name());
}

std::expected<void, std::string> read_string(const Json& object, std::string_view key, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) return std::unexpected(unexpected_type(key, *it, "a string"));
  out = it->get<std::string>();
  return {};
}

std::expected<void, std::string> read_date(const Json& object, std::string_view key, std::optional<Timestamp>& out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) return std::unexpected(unexpected_type(key, *it, "an RFC 3339 date or null"));
  const auto& text = it->get_ref<const std::string&>();
  if (text.empty()) return {};
  out = parse_rfc3339(text);
  if (!out) return std::unexpected(fmt::format("item JSON: \"{}\": not an RFC 3339 date: \"{}\"", key, text));
  return {};
}

std::expected<void, std::string> read_authors(const Json& object, std::vector<std::string>& out) {
  const auto it = object.find("author");
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) {
    if (!it->get_ref<const std::string&>().empty()) out.push_back(it->get<std::string>());
    return {};
  }
  if (!it->is_array()) return std::unexpected(unexpected_type("author", *it, "a string or an array of strings"));
  for (const auto& name : *it) {
    if (!name.is_string()) return std::unexpected(unexpected_type("author", name, "strings in the array"));
    out.push_back(name.get<std::string>());
  }
  return {};
}

}  // namespace

std::string item_to_json(const Item& item) { return dump(item_object(item), -1); }

std::expected<Item, std::string> item_from_json(std::string_view text) {
  // The non-throwing parse: a null discarded value marks a syntax error.
  const Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected(std::string("item JSON: not valid JSON"));
  if (!j.is_object()) return std::unexpected(fmt::format("item JSON: expected an object, got {}", j.type_name()));
  Item item;
  for (auto [key, field] : {std::pair{"id", &item.id}, {"source", &item.source}, {"title", &item.title},
                            {"link", &item.link}, {"summary", &item.summary}, {"content", &item.content},
                            {"lang", &item.lang}})
    if (auto read = read_string(j, key, *field); !read) return std::unexpected(read.error());
  if (auto read = read_date(j, "published", item.published); !read) return std::unexpected(read.error());
  if (auto read = read_date(j, "updated", item.updated); !read) return std::unexpected(read.error());
  if (auto read = read_authors(j, item.authors); !read) return std::unexpected(read.error());
  return item;
}

std::string feed_to_json(const ParsedFeed& feed) {
  Json j = Json::object();
  j["title"] = feed.title;
  j["link"] = feed.link;
  Json entries = Json::array();
  for (const auto& item : feed.items) entries.push_back(item_object(item));
  j["entries"] = std::move(entries);
  return dump(j, 2);
}

int for_each_item_line(std::string_view text, std::string_view command, std::string_view input,
                       const std::function<void(const Item&, int)>& visit) {
  int status = 0;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto item = item_from_json(line);
    if (!item) {  // one bad line is reported; the others still count
      fmt::print(stderr, "{}: {}:{}: {}\n", command, input, number, item.error());
      status = 1;
      continue;
    }
    visit(*item, number);
  }
  return status;
}

}  // namespace vigil::daemon
