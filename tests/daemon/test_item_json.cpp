#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "daemon/item_json.hpp"

using namespace vigil;
using namespace std::chrono;
using daemon::feed_to_json;
using daemon::item_from_json;
using daemon::item_to_json;

namespace {

Timestamp at(int y, unsigned mo, unsigned d, int h, int mi) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
}

Item sample() {
  Item item;
  item.id = "hw-press-2024-117";
  item.source = "harbour-watch";
  item.title = "Inquiry into the \"Saltmarsh\" evictions";
  item.link = "https://harbourwatch.example/press/2024/saltmarsh";
  item.published = at(2024, 11, 20, 14, 5);
  item.summary = "<p>Forty families</p>";
  item.content = "<p>Forty families were removed.</p>\n<p>Україна</p>";
  item.authors = {"Mira Castell", "Tomas Reyl"};
  item.lang = "en-gb";
  return item;
}

}  // namespace

TEST_CASE("an item is written on one line with the keys in the documented order", "[daemon][item_json]") {
  const auto text = item_to_json(sample());
  CHECK(text ==
        R"({"id":"hw-press-2024-117","source":"harbour-watch","title":"Inquiry into the \"Saltmarsh\" evictions",)"
        R"("link":"https://harbourwatch.example/press/2024/saltmarsh","published":"2024-11-20T14:05:00Z",)"
        R"("updated":null,"summary":"<p>Forty families</p>",)"
        R"("content":"<p>Forty families were removed.</p>\n<p>Україна</p>","author":"Mira Castell, Tomas Reyl",)"
        R"("lang":"en-gb"})");
}

TEST_CASE("an item without dates or authors has null dates and an empty author", "[daemon][item_json]") {
  Item item;
  item.id = "x";
  const auto text = item_to_json(item);
  CHECK(text.find(R"("published":null,"updated":null)") != std::string::npos);
  CHECK(text.find(R"("author":"")") != std::string::npos);
}

TEST_CASE("invalid UTF-8 is replaced rather than failing the write", "[daemon][item_json]") {
  Item item;
  item.title = "bad \xff byte";
  const auto text = item_to_json(item);
  CHECK(text.find("bad \xEF\xBF\xBD byte") != std::string::npos);
}

TEST_CASE("an item written and read back is the same item, authors joined into one", "[daemon][item_json]") {
  auto item = sample();
  item.updated = at(2024, 11, 21, 9, 0);
  const auto back = item_from_json(item_to_json(item));
  REQUIRE(back);
  CHECK(back->id == item.id);
  CHECK(back->source == item.source);
  CHECK(back->title == item.title);
  CHECK(back->link == item.link);
  CHECK(back->published == item.published);
  CHECK(back->updated == item.updated);
  CHECK(back->summary == item.summary);
  CHECK(back->content == item.content);
  CHECK(back->authors == std::vector<std::string>{"Mira Castell, Tomas Reyl"});
  CHECK(back->lang == item.lang);
  CHECK(item_to_json(*back) == item_to_json(item));
}

TEST_CASE("reading ignores unknown fields and leaves missing ones empty", "[daemon][item_json]") {
  const auto item = item_from_json(R"({"title":"Landmine clearance resumes","topics":["x"],"score":3.5,"extra":{}})");
  REQUIRE(item);
  CHECK(item->title == "Landmine clearance resumes");
  CHECK(item->id.empty());
  CHECK(item->link.empty());
  CHECK_FALSE(item->published);
  CHECK_FALSE(item->updated);
  CHECK(item->authors.empty());
}

TEST_CASE("reading treats null and empty dates as absent and converts offsets to UTC", "[daemon][item_json]") {
  const auto item = item_from_json(R"({"published":"2024-11-20T16:05:00+02:00","updated":null,"lang":null})");
  REQUIRE(item);
  CHECK(item->published == at(2024, 11, 20, 14, 5));
  CHECK_FALSE(item->updated);
  CHECK(item->lang.empty());
  const auto empty = item_from_json(R"({"published":""})");
  REQUIRE(empty);
  CHECK_FALSE(empty->published);
}

TEST_CASE("reading accepts authors as an array of strings", "[daemon][item_json]") {
  const auto item = item_from_json(R"({"author":["Mira Castell","Tomas Reyl"]})");
  REQUIRE(item);
  CHECK(item->authors == std::vector<std::string>{"Mira Castell", "Tomas Reyl"});
}

TEST_CASE("reading rejects what is not an item, naming the field", "[daemon][item_json]") {
  CHECK(item_from_json("not json").error() == "item JSON: not valid JSON");
  CHECK(item_from_json("[1,2]").error() == "item JSON: expected an object, got array");
  CHECK(item_from_json(R"({"title":5})").error() == R"(item JSON: "title": expected a string, got number)");
  CHECK(item_from_json(R"({"published":"20 Nov 2024"})").error() ==
        R"(item JSON: "published": not an RFC 3339 date: "20 Nov 2024")");
  CHECK(item_from_json(R"({"author":[1]})").error().starts_with(R"(item JSON: "author": )"));
  CHECK_FALSE(item_from_json("{\"title\":\"bad \xff\"}"));
}

TEST_CASE("a parsed feed is printed as title, link and entries", "[daemon][item_json]") {
  ParsedFeed feed;
  feed.title = "Harbour Watch";
  feed.link = "https://harbourwatch.example/";
  feed.items = {sample()};
  feed.warnings = {"not printed"};
  const auto text = feed_to_json(feed);
  CHECK(text.starts_with("{\n  \"title\": \"Harbour Watch\",\n  \"link\": \"https://harbourwatch.example/\",\n"
                         "  \"entries\": [\n    {\n      \"id\": \"hw-press-2024-117\",\n"));
  CHECK(text.find("not printed") == std::string::npos);
  ParsedFeed empty;
  CHECK(feed_to_json(empty) == "{\n  \"title\": \"\",\n  \"link\": \"\",\n  \"entries\": []\n}");
}
