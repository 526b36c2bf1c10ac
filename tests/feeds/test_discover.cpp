#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "feeds/discover.hpp"

namespace {

using vigil::feeds::discover_feeds;
using vigil::feeds::DiscoveredFeed;

constexpr std::string_view page_url = "https://ngo.example/press/index.html";

std::vector<std::string> urls_of(const std::vector<DiscoveredFeed>& feeds) {
  std::vector<std::string> urls;
  for (const auto& f : feeds) urls.push_back(f.url);
  return urls;
}

std::vector<DiscoveredFeed> discover(std::string_view html, std::string_view content_type = "text/html") {
  return discover_feeds(html, content_type, page_url);
}

}  // namespace

TEST_CASE("discover: RSS, Atom and JSON Feed links in document order, resolved against the page", "[feeds][discover]") {
  const auto feeds = discover(R"html(<!DOCTYPE html><html><head>
    <title>Press</title>
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/rss+xml" title="Press releases" href="/press/feed.xml">
    <link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
    <link rel="alternate" type="application/feed+json" title="JSON Feed" href="https://cdn.ngo.example/feed.json">
    </head><body><p>Hello</p></body></html>)html");
  REQUIRE(feeds.size() == 3);
  CHECK(feeds[0].url == "https://ngo.example/press/feed.xml");
  CHECK(feeds[0].type == "application/rss+xml");
  CHECK(feeds[0].title == "Press releases");
  CHECK(feeds[1].url == "https://ngo.example/press/atom.xml");
  CHECK(feeds[1].type == "application/atom+xml");
  CHECK(feeds[2].url == "https://cdn.ngo.example/feed.json");
  CHECK(feeds[2].type == "application/feed+json");
}

TEST_CASE("discover: rel may hold several tokens, in any case; the type is read without its parameters",
          "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><head>
    <LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=UTF-8" HREF="/a.xml">
    <link rel="  home   alternate " type="application/rdf+xml" href="/b.rdf">
    <link rel="alternative" type="application/rss+xml" href="/not-a-token.xml">
    </head></html>)html");
  REQUIRE(feeds.size() == 2);
  CHECK(feeds[0].url == "https://ngo.example/a.xml");
  CHECK(feeds[0].type == "application/rss+xml");
  CHECK(feeds[1].url == "https://ngo.example/b.rdf");
  CHECK(feeds[1].type == "application/rdf+xml");
}

TEST_CASE("discover: generic XML and JSON types count, other alternates do not", "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><head>
    <link rel="alternate" hreflang="fr" href="/fr/press/">
    <link rel="alternate" type="text/html" href="/press/print.html">
    <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
    <link rel="alternate" type="application/xml" href="/feed-xml">
    <link rel="alternate" type="text/xml" href="/feed-text-xml">
    <link rel="alternate" type="application/json" href="/feed-json">
    <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/12">
    <link rel="alternate" type="application/json" href="/?rest_route=/wp/v2/pages/12">
    </head></html>)html");
  CHECK(urls_of(feeds) == std::vector<std::string>{"https://ngo.example/feed-xml", "https://ngo.example/feed-text-xml",
                                                   "https://ngo.example/feed-json"});
}

TEST_CASE("discover: <base href> is the base of relative links", "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><head><base href="https://static.ngo.example/site/">
    <link rel="alternate" type="application/rss+xml" href="feeds/all.xml"></head></html>)html");
  CHECK(urls_of(feeds) == std::vector<std::string>{"https://static.ngo.example/site/feeds/all.xml"});
}

TEST_CASE("discover: each feed URL once; empty and script links skipped; feed: URLs read as http(s)",
          "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><head>
    <link rel="alternate" type="application/rss+xml" href="/feed.xml" title="First">
    <link rel="alternate" type="application/rss+xml" href="https://ngo.example/feed.xml" title="Again">
    <link rel="alternate" type="application/rss+xml" href="">
    <link rel="alternate" type="application/rss+xml">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    <link rel="alternate" type="application/rss+xml" href="ftp://ngo.example/feed.xml">
    <link rel="alternate" type="application/rss+xml" href="feed://ngo.example/old.xml">
    <link rel="alternate" type="application/atom+xml" href="feed:https://ngo.example/atom.xml">
    </head></html>)html");
  REQUIRE(urls_of(feeds) == std::vector<std::string>{"https://ngo.example/feed.xml", "http://ngo.example/old.xml",
                                                     "https://ngo.example/atom.xml"});
  CHECK(feeds[0].title == "First");
}

TEST_CASE("discover: comment feeds come after the others", "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><head>
    <link rel="alternate" type="application/rss+xml" title="Blog » Comments Feed" href="/comments/feed/">
    <link rel="alternate" type="application/rss+xml" title="Blog » Feed" href="/feed/">
    <link rel="alternate" type="application/rss+xml" title="Article" href="/2026/11/story/comments/">
    <link rel="alternate" type="application/rss+xml" title="Flux des commentaires" href="/fr/flux-c/">
    <link rel="alternate" type="application/rss+xml" title="Коментарі" href="/uk/k/">
    <link rel="alternate" type="application/atom+xml" title="Atom" href="/atom/">
    </head></html>)html");
  CHECK(urls_of(feeds) == std::vector<std::string>{
                              "https://ngo.example/feed/",
                              "https://ngo.example/atom/",
                              "https://ngo.example/comments/feed/",
                              "https://ngo.example/2026/11/story/comments/",
                              "https://ngo.example/fr/flux-c/",
                              "https://ngo.example/uk/k/",
                          });
}

TEST_CASE("discover: links in the body count too, and titles are one line", "[feeds][discover]") {
  const auto feeds = discover(R"html(<html><body><div><p>
    <link rel="alternate" type="application/rss+xml" title="  Press
       releases  " href="/body-feed.xml"></p></div></body></html>)html");
  REQUIRE(feeds.size() == 1);
  CHECK(feeds[0].url == "https://ngo.example/body-feed.xml");
  CHECK(feeds[0].title == "Press releases");
}

TEST_CASE("discover: a page without feed links gives none", "[feeds][discover]") {
  CHECK(discover("<html><head><title>x</title></head><body>No feeds</body></html>").empty());
  CHECK(discover("").empty());
  CHECK(discover("not html at all \x01\xff").empty());
}

TEST_CASE("discover: titles are converted from the page's charset", "[feeds][discover]") {
  const auto feeds = discover("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                              "title=\"\xcd\xee\xe2\xe8\xed\xe8\" href=\"/ru.xml\"></head></html>",
                              "text/html; charset=windows-1251");
  REQUIRE(feeds.size() == 1);
  CHECK(feeds[0].title == "Новини");
}

TEST_CASE("discover: a deeply nested page is walked without recursion", "[feeds][discover]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 100'000; ++i) html += "<div>";
  html += "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/deep.xml\">";
  const auto feeds = discover(html);
  CHECK(urls_of(feeds) == std::vector<std::string>{"https://ngo.example/deep.xml"});
}
