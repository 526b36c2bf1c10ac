// Atom 0.3, Media RSS, multiple Atom links and the feed's refresh hints.
#include <catch2/catch.hpp>

#include <chrono>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;
using namespace std::chrono_literals;

TEST_CASE("an Atom 0.3 feed is read with its own date and content names", "[feeds][atom03]") {
  const auto feed = parse_ok(fixture("atom03.xml"));
  CHECK(feed.title == "Lighthouse Log");
  CHECK(feed.link == "https://lighthouse.example/");
  REQUIRE(feed.items.size() == 3);

  const Item& foghorn = feed.items[0];
  CHECK(foghorn.id == "tag:lighthouse.example,2004:foghorn");
  CHECK(foghorn.link == "https://lighthouse.example/2004/03/foghorn");
  CHECK(foghorn.title == "Fog horn tested");
  CHECK(rfc3339(foghorn.published) == "2004-03-09T23:30:00Z");  // issued
  CHECK(rfc3339(foghorn.updated) == "2004-03-10T08:00:00Z");    // modified
  CHECK(foghorn.summary == "Loud &amp; clear");
  CHECK(foghorn.content == "<p>It works <em>again</em>.</p>");  // mode="escaped"
  CHECK(foghorn.authors.empty());  // only the feed has an author; entries do not inherit it
  CHECK(foghorn.lang == "en");
}

TEST_CASE("Atom 0.3 escaped titles, xml content and created dates", "[feeds][atom03]") {
  const auto feed = parse_ok(fixture("atom03.xml"));
  const Item& lamp = feed.items.at(1);
  CHECK(lamp.title == "Lamp replaced");
  CHECK(lamp.content == "<p>New <strong>bulb</strong>.</p>");
  CHECK(rfc3339(lamp.published) == "2004-02-01T10:00:00Z");  // created, when there is no issued
  CHECK_FALSE(lamp.updated);
}

TEST_CASE("Atom 0.3 base64 content is decoded", "[feeds][atom03]") {
  const auto feed = parse_ok(fixture("atom03.xml"));
  CHECK(feed.items.at(2).content == "<p>Base64 <b>body</b></p>");
}

TEST_CASE("Media RSS titles and descriptions stand in for missing ones", "[feeds][media]") {
  const auto feed = parse_ok(fixture("media-rss.xml"));
  REQUIRE(feed.items.size() == 3);
  CHECK(feed.items[0].title == "Morning flood level");
  CHECK(feed.items[0].summary == "Water at 2.1 m &amp; rising");  // plain text, escaped
  CHECK(feed.items[1].title == "Evening clip");                   // inside media:group > media:content
  CHECK(feed.items[1].summary == "<p>Bridge closed</p>");          // type="html"
  CHECK(feed.items[2].title == "Own title wins");
  CHECK(feed.items[2].summary == "Own description wins");
}

TEST_CASE("an Atom entry prefers the HTML alternate link and ignores enclosures", "[feeds][atom][media]") {
  const auto feed = parse_ok(fixture("atom-links-media.xml"));
  CHECK(feed.link == "https://video.example/channel");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].link == "https://video.example/watch/1");
  CHECK(feed.items[0].summary == "Full session, including the budget vote.");  // media:group in Atom
  CHECK(feed.items[1].link == "urn:video:2");  // no page link: the id, as in feedparser
  CHECK(feed.items[1].id == "urn:video:2");
}

TEST_CASE("RSS <ttl> gives the feed's refresh hint in minutes", "[feeds][ttl]") {
  const auto feed = parse_ok(fetched("<rss version=\"2.0\"><channel><title>T</title><ttl> 90 </ttl>"
                                     "</channel></rss>"));
  REQUIRE(feed.ttl);
  CHECK(*feed.ttl == 90min);
  CHECK_FALSE(parse_ok(fetched("<rss><channel><ttl>soon</ttl></channel></rss>")).ttl);
  CHECK_FALSE(parse_ok(fetched("<rss><channel><title>No hint</title></channel></rss>")).ttl);
}

TEST_CASE("sy:updatePeriod and sy:updateFrequency give the hint in RSS and RDF", "[feeds][ttl]") {
  const auto rss = parse_ok(fetched(
      "<rss xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><sy:updatePeriod>hourly"
      "</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel></rss>"));
  REQUIRE(rss.ttl);
  CHECK(*rss.ttl == 15min);
  const auto rdf = parse_ok(fetched(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
      "xmlns:s=\"http://purl.org/rss/1.0/modules/syndication/\"><channel rdf:about=\"x\"><title>R</title>"
      "<s:updatePeriod>daily</s:updatePeriod></channel></rdf:RDF>"));
  REQUIRE(rdf.ttl);
  CHECK(*rdf.ttl == 24h);
  // <ttl> wins over the syndication module.
  const auto both = parse_ok(fetched(
      "<rss xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><sy:updatePeriod>daily"
      "</sy:updatePeriod><ttl>30</ttl></channel></rss>"));
  REQUIRE(both.ttl);
  CHECK(*both.ttl == 30min);
}
