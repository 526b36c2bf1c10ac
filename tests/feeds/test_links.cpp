#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"
#include "feeds/links.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

TEST_CASE("relative RSS links resolve against the document URL", "[feeds][links]") {
  const auto feed = parse_ok(fixture("relative-links.rss.xml", "https://ngo.example/press/feed.xml"));
  CHECK(feed.link == "https://ngo.example/press/");
  CHECK(feed.items.at(0).link == "https://ngo.example/press/2024/relative");
  CHECK(feed.items.at(1).link == "https://ngo.example/press/2024/root-relative");
}

TEST_CASE("the final URL after redirects is the base, not the requested URL", "[feeds][links]") {
  auto r = fixture("relative-links.rss.xml", "http://old.ngo.example/rss");
  r.final_url = "https://www.ngo.example/press/rss.xml";
  const auto feed = parse_ok(r);
  CHECK(feed.items.at(0).link == "https://www.ngo.example/press/2024/relative");
}

TEST_CASE("xml:base on an RSS item takes precedence over the document URL", "[feeds][links]") {
  const auto feed = parse_ok(fixture("relative-links.rss.xml", "https://ngo.example/press/feed.xml"));
  CHECK(feed.items.at(2).link == "https://mirror.ngo.example/archive/item-3.html");
}

TEST_CASE("dot segments are removed and spaces percent-encoded", "[feeds][links]") {
  const auto feed = parse_ok(fixture("relative-links.rss.xml", "https://ngo.example/press/feed.xml"));
  CHECK(feed.items.at(3).link == "https://ngo.example/campaigns/clean%20water.html");
}

TEST_CASE("an RSS item with only an atom:link uses it, resolved", "[feeds][links][rss]") {
  const auto feed = parse_ok(fixture("relative-links.rss.xml", "https://ngo.example/press/feed.xml"));
  CHECK(feed.items.at(4).link == "https://ngo.example/press/atom-linked.html");
}

TEST_CASE("Atom links resolve against nested xml:base attributes", "[feeds][links][atom]") {
  const auto feed = parse_ok(fixture("relative-links.atom.xml", "https://ngo.example/feeds/press.atom"));
  CHECK(feed.link == "https://press.ngo.example/en/");
  CHECK(feed.items.at(0).link == "https://press.ngo.example/en/statements/water-rights");
  CHECK(feed.items.at(1).link == "https://press.ngo.example/fr/communiques/droits");
  CHECK(feed.items.at(2).link == "https://cdn.ngo.example/media/video/42");
  CHECK(feed.items.at(3).link == "https://other.example/Story?id=7#top");
}

TEST_CASE("Atom links without xml:base resolve against the document URL", "[feeds][links][atom]") {
  const auto feed = parse_ok(fixture("relative-no-base.atom.xml", "https://ngo.example/feeds/en/all.atom"));
  CHECK(feed.items.at(0).link == "https://ngo.example/feeds/stories/flood-relief");
}

TEST_CASE("without any base a relative link is kept as written", "[feeds][links]") {
  const auto feed = parse_ok(fixture("relative-no-base.atom.xml", ""));
  CHECK(feed.items.at(0).link == "../stories/flood-relief");
}

TEST_CASE("a file:// document URL is a base like any other", "[feeds][links]") {
  const auto feed = parse_ok(fixture("relative-no-base.atom.xml", "file:///srv/feeds/en/all.atom"));
  CHECK(feed.items.at(0).link == "file:///srv/feeds/stories/flood-relief");
}

TEST_CASE("URL resolution follows RFC 3986 and cleans what feeds get wrong", "[feeds][links]") {
  using vigil::feeds::detail::resolve_url;
  CHECK(resolve_url("https://a.example/b/c", "d") == "https://a.example/b/d");
  CHECK(resolve_url("https://a.example/b/c", "//cdn.example/x") == "https://cdn.example/x");
  CHECK(resolve_url("https://a.example/b/c", "?page=2") == "https://a.example/b/c?page=2");
  CHECK(resolve_url("https://a.example/b/c", "  HTTPS://Other.example/Z  ") == "https://Other.example/Z");
  CHECK(resolve_url("https://a.example/", "/nouvelles/été") == "https://a.example/nouvelles/%C3%A9t%C3%A9");
  CHECK(resolve_url("https://a.example/", "") == "");
  CHECK(resolve_url("not a base", "x/y") == "x/y");
}
