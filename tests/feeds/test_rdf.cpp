#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

TEST_CASE("an RSS 1.0 feed reads the items that are siblings of the channel", "[feeds][rdf]") {
  const auto feed = parse_ok(fixture("rdf.xml"));
  CHECK(feed.title == "ForestLink News");
  CHECK(feed.link == "https://forestlink.example/news");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].title == "Ridge fires contained after four days");
  CHECK(feed.items[1].title == "Twelve thousand seedlings planted");
}

TEST_CASE("an RDF item's id is its rdf:about", "[feeds][rdf]") {
  const auto feed = parse_ok(fixture("rdf.xml"));
  CHECK(feed.items[0].id == "https://forestlink.example/news/ridge-fires");
  CHECK(feed.items[0].link == "https://forestlink.example/news/ridge-fires?utm=rss");
}

TEST_CASE("Dublin Core and content:encoded fill an RDF item", "[feeds][rdf]") {
  const auto feed = parse_ok(fixture("rdf.xml"));
  const Item& item = feed.items[0];
  CHECK(rfc3339(item.published) == "2024-11-20T06:15:00Z");
  CHECK(item.authors == std::vector<std::string>{"Lucie Marchand"});
  CHECK(item.summary == "Field teams report the fires on the northern ridge are contained.");
  CHECK(item.content == "<p>The fires on the <strong>northern ridge</strong> are contained.</p>");
  CHECK(item.lang == "fr");
}

TEST_CASE("a date-only dc:date is midnight UTC", "[feeds][rdf][dates]") {
  const auto feed = parse_ok(fixture("rdf.xml"));
  CHECK(rfc3339(feed.items[1].published) == "2024-11-18T00:00:00Z");
}

TEST_CASE("an RDF item without rdf:about falls back to its link", "[feeds][rdf]") {
  const auto feed = parse_ok(fetched(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel>
      <item><title>No about</title><link>https://ngo.example/no-about</link></item></rdf:RDF>)"));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].id == "https://ngo.example/no-about");
}

TEST_CASE("an RSS 0.90 feed (Netscape RDF namespace) is read like RSS 1.0", "[feeds][rdf]") {
  const auto feed = parse_ok(fetched(R"(<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Old Times</title><link>http://old.ngo.example/</link></channel>
      <item><title>First bulletin</title><link>http://old.ngo.example/1</link></item>
    </rdf:RDF>)"));
  CHECK(feed.title == "Old Times");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].link == "http://old.ngo.example/1");
}

TEST_CASE("RDF items in a foreign namespace are not RSS items", "[feeds][rdf][namespaces]") {
  const auto feed = parse_ok(fetched(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:o="http://example.org/other">
      <channel><title>T</title></channel><o:item><o:title>Other</o:title></o:item></rdf:RDF>)"));
  CHECK(feed.items.empty());
}
