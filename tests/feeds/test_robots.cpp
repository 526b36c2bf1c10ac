#include <catch2/catch.hpp>

#include <string>

#include "feeds/robots.hpp"

namespace {

using vigil::feeds::path_and_query_of;
using vigil::feeds::Robots;
using vigil::feeds::robots_url_for;
using namespace std::chrono_literals;

Robots parse(std::string_view body, std::string_view agent = "vigil") { return Robots::parse(body, agent); }

}  // namespace

TEST_CASE("robots: the group naming our product token applies, else the * group", "[feeds][robots]") {
  const std::string_view body =
      "User-agent: *\n"
      "Disallow: /private/\n"
      "\n"
      "User-agent: vigil\n"
      "Disallow: /drafts/\n";
  const Robots ours = parse(body, "vigil");
  CHECK(ours.allowed("/private/report"));  // the * group does not add to ours
  CHECK_FALSE(ours.allowed("/drafts/one"));
  const Robots others = parse(body, "otherbot");
  CHECK_FALSE(others.allowed("/private/report"));
  CHECK(others.allowed("/drafts/one"));
}

TEST_CASE("robots: product tokens match case-insensitively, and a full User-Agent string gives its token",
          "[feeds][robots]") {
  const std::string_view body = "USER-AGENT: ViGiL/2.0\nDISALLOW: /x\n";
  CHECK_FALSE(parse(body, "vigil").allowed("/x"));
  CHECK_FALSE(parse(body, "Vigil/1.0 (+https://example.org/contact)").allowed("/x"));
  CHECK(parse(body, "vigilant").allowed("/x"));  // another crawler, not a prefix match
}

TEST_CASE("robots: several user-agent lines share one group", "[feeds][robots]") {
  const std::string_view body =
      "User-agent: alpha\n"
      "User-agent: vigil\n"
      "User-agent: beta\n"
      "Disallow: /shared/\n"
      "User-agent: gamma\n"
      "Disallow: /gamma-only/\n";
  for (const char* agent : {"alpha", "vigil", "beta"}) {
    CHECK_FALSE(parse(body, agent).allowed("/shared/a"));
    CHECK(parse(body, agent).allowed("/gamma-only/a"));
  }
  CHECK(parse(body, "gamma").allowed("/shared/a"));
}

TEST_CASE("robots: groups for the same agent are merged", "[feeds][robots]") {
  const std::string_view body =
      "User-agent: vigil\n"
      "Disallow: /one/\n"
      "\n"
      "User-agent: other\n"
      "Disallow: /\n"
      "\n"
      "user-agent: VIGIL\n"
      "Disallow: /two/\n";
  const Robots r = parse(body);
  CHECK_FALSE(r.allowed("/one/a"));
  CHECK_FALSE(r.allowed("/two/a"));
  CHECK(r.allowed("/three/a"));
}

TEST_CASE("robots: the most specific group wins: our own token over our family's over *", "[feeds][robots]") {
  const std::string_view body =
      "User-agent: *\nDisallow: /star/\n\n"
      "User-agent: vigil\nDisallow: /family/\n\n"
      "User-agent: vigil-follow\nDisallow: /follow/\n";
  const Robots follow = parse(body, "vigil-follow");
  CHECK_FALSE(follow.allowed("/follow/x"));
  CHECK(follow.allowed("/family/x"));
  CHECK(follow.allowed("/star/x"));
  const Robots news = parse(body, "vigil-news");  // no group of its own: the family's
  CHECK_FALSE(news.allowed("/family/x"));
  CHECK(news.allowed("/star/x"));
}

TEST_CASE("robots: without a matching group or a * group everything is allowed", "[feeds][robots]") {
  const Robots r = parse("User-agent: somebot\nDisallow: /\n");
  CHECK(r.allowed("/"));
  CHECK(r.allowed("/anything"));
  CHECK(parse("").allowed("/x"));
}

TEST_CASE("robots: the longest matching rule decides", "[feeds][robots]") {
  const Robots r = parse(
      "User-agent: *\n"
      "Disallow: /\n"
      "Allow: /press/\n"
      "Disallow: /press/embargoed/\n"
      "Allow: /press/embargoed/lifted-\n");
  CHECK_FALSE(r.allowed("/about"));
  CHECK(r.allowed("/press/2026/statement"));
  CHECK_FALSE(r.allowed("/press/embargoed/tomorrow"));
  CHECK(r.allowed("/press/embargoed/lifted-report"));
}

TEST_CASE("robots: Allow wins a tie between rules of the same length", "[feeds][robots]") {
  const Robots same = parse("User-agent: *\nDisallow: /folder\nAllow: /folder\n");
  CHECK(same.allowed("/folder/page"));
  // "/a$" and "/a*" are both three characters long.
  const Robots wild = parse("User-agent: *\nDisallow: /a*\nAllow: /a$\n");
  CHECK(wild.allowed("/a"));
  CHECK_FALSE(wild.allowed("/ab"));
}

TEST_CASE("robots: '*' matches any run of characters and a final '$' anchors the end", "[feeds][robots]") {
  const Robots r = parse(
      "User-agent: *\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /*/print\n"
      "Disallow: /search*\n"
      "Disallow: /*?session=\n"
      "Disallow: /cost$5\n");
  CHECK_FALSE(r.allowed("/docs/report.pdf"));
  CHECK(r.allowed("/docs/report.pdf?download=1"));
  CHECK(r.allowed("/docs/report.pdfx"));
  CHECK_FALSE(r.allowed("/press/2026/print"));
  CHECK_FALSE(r.allowed("/press/print/page"));
  CHECK(r.allowed("/print"));  // "/*/print" needs a segment before it
  CHECK_FALSE(r.allowed("/search"));
  CHECK_FALSE(r.allowed("/searching?q=mines"));
  CHECK_FALSE(r.allowed("/press?session=abc"));
  CHECK(r.allowed("/press?page=2"));
  CHECK_FALSE(r.allowed("/cost$5/list"));  // a '$' inside a pattern is a plain character
  CHECK(r.allowed("/cost"));
}

TEST_CASE("robots: an empty Disallow allows everything", "[feeds][robots]") {
  const Robots r = parse("User-agent: *\nDisallow:\n");
  CHECK(r.allowed("/"));
  CHECK(r.allowed("/private/x"));
}

TEST_CASE("robots: percent-encoding is normalized before comparing", "[feeds][robots]") {
  const Robots r = parse(
      "User-agent: *\n"
      "Disallow: /%7ejane/\n"          // an escaped unreserved character
      "Disallow: /caf%c3%a9/\n"        // lower-case hex
      "Disallow: /a%2fb\n"             // an escaped reserved character stays escaped
      "Disallow: /über\n");            // raw UTF-8 in the file
  CHECK_FALSE(r.allowed("/~jane/notes"));
  CHECK_FALSE(r.allowed("/%7Ejane/notes"));
  CHECK_FALSE(r.allowed("/caf%C3%A9/menu"));
  CHECK_FALSE(r.allowed("/caf\xC3\xA9/menu"));
  CHECK_FALSE(r.allowed("/a%2Fb"));
  CHECK(r.allowed("/a/b"));
  CHECK_FALSE(r.allowed("/%C3%BCber/uns"));
}

TEST_CASE("robots: rules before any user-agent line and unknown records are ignored", "[feeds][robots]") {
  const Robots r = parse(
      "Disallow: /orphan/\n"
      "User-agent: vigil\n"
      "Host: ngo.example\n"            // unknown: neither ends nor starts a group
      "Disallow: /kept/\n"
      "Clean-param: ref /press/\n");
  CHECK(r.allowed("/orphan/x"));
  CHECK_FALSE(r.allowed("/kept/x"));
}

TEST_CASE("robots: a BOM, CRLF or CR line ends, comments and garbage lines are handled", "[feeds][robots]") {
  const Robots r = parse(
      "\xEF\xBB\xBF# robots for ngo.example\r\n"
      "User-agent: * # everyone\r\n"
      "this line means nothing\r\n"
      "Disallow: /a # not /b\r"
      "Disallow /no-colon\r\n"
      "Dissallow: /typo\n"
      "  Disallow  :  /spaced  \n");
  CHECK_FALSE(r.allowed("/a"));
  CHECK(r.allowed("/b"));
  CHECK(r.allowed("/no-colon"));
  CHECK_FALSE(r.allowed("/typo"));  // a common misspelling, read as crawlers do
  CHECK_FALSE(r.allowed("/spaced/x"));
}

TEST_CASE("robots: a rule without a leading slash is read as a path", "[feeds][robots]") {
  const Robots r = parse("User-agent: *\nDisallow: private\n");
  CHECK_FALSE(r.allowed("/private/x"));
}

TEST_CASE("robots: Crawl-delay of the chosen group, rounded up to whole seconds", "[feeds][robots]") {
  CHECK(parse("User-agent: vigil\nCrawl-delay: 5\n").crawl_delay() == 5s);
  CHECK(parse("User-agent: *\nCrawl-delay: 0.5\n").crawl_delay() == 1s);
  CHECK(parse("User-agent: *\ncrawl-delay: 2.0 # seconds\n").crawl_delay() == 2s);
  CHECK_FALSE(parse("User-agent: *\nCrawl-delay: soon\n").crawl_delay());
  CHECK_FALSE(parse("User-agent: *\nCrawl-delay: -3\n").crawl_delay());
  CHECK_FALSE(parse("User-agent: other\nCrawl-delay: 9\n").crawl_delay());
  CHECK(parse("User-agent: *\nCrawl-delay: 99999999\n").crawl_delay() == 86400s);  // capped at a day
  const std::string_view both = "User-agent: *\nCrawl-delay: 30\n\nUser-agent: vigil\nCrawl-delay: 3\n";
  CHECK(parse(both).crawl_delay() == 3s);
  CHECK(parse(both, "otherbot").crawl_delay() == 30s);
}

TEST_CASE("robots: Sitemap lines are collected from anywhere, absolute http(s) URLs only, once each",
          "[feeds][robots]") {
  const Robots r = parse(
      "Sitemap: https://ngo.example/sitemap.xml\n"
      "User-agent: other\n"
      "Sitemap: https://ngo.example/news-sitemap.xml # news\n"
      "Disallow: /\n"
      "sitemap: /relative.xml\n"
      "SITEMAP: https://ngo.example/sitemap.xml\n");
  CHECK(r.sitemaps() == std::vector<std::string>{"https://ngo.example/sitemap.xml",
                                                 "https://ngo.example/news-sitemap.xml"});
  CHECK(r.allowed("/x"));  // the Sitemap line did not end the other group
}

TEST_CASE("robots: only the first 500 KiB are read", "[feeds][robots]") {
  std::string body = "User-agent: *\nDisallow: /early/\n";
  while (body.size() < 500 * 1024 + 100) body += "# padding padding padding padding padding padding\n";
  body += "Disallow: /late/\n";
  const Robots r = parse(body);
  CHECK_FALSE(r.allowed("/early/x"));
  CHECK(r.allowed("/late/x"));
}

TEST_CASE("robots: /robots.txt itself is always allowed", "[feeds][robots]") {
  CHECK(parse("User-agent: *\nDisallow: /\n").allowed("/robots.txt"));
  CHECK_FALSE(parse("User-agent: *\nDisallow: /\n").allowed("/"));
  CHECK(Robots::disallow_all().allowed("/robots.txt"));
}

TEST_CASE("robots: allow_all and disallow_all", "[feeds][robots]") {
  CHECK(Robots::allow_all().allowed("/anything?at=all"));
  CHECK_FALSE(Robots::allow_all().crawl_delay());
  CHECK(Robots::allow_all().sitemaps().empty());
  CHECK_FALSE(Robots::disallow_all().allowed("/"));
  CHECK_FALSE(Robots::disallow_all().allowed("/press/x"));
}

TEST_CASE("robots: patterns full of wildcards are matched without backtracking blow-up", "[feeds][robots]") {
  const Robots r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n");
  const std::string path = "/" + std::string(4000, 'a');
  CHECK(r.allowed(path));
  CHECK_FALSE(r.allowed(path + "b"));
}

TEST_CASE("robots_url_for gives scheme, host and port with /robots.txt; nullopt for non-http(s)", "[feeds][robots]") {
  CHECK(robots_url_for("https://ngo.example:8443/a?b") == "https://ngo.example:8443/robots.txt");
  CHECK(robots_url_for("HTTP://NGO.Example/press/") == "http://ngo.example/robots.txt");
  CHECK(robots_url_for("https://user:secret@ngo.example/x") == "https://ngo.example/robots.txt");
  CHECK(robots_url_for("http://[::1]:8080/x") == "http://[::1]:8080/robots.txt");
  CHECK(robots_url_for("https://ngo.example") == "https://ngo.example/robots.txt");
  CHECK_FALSE(robots_url_for("ftp://ngo.example/x"));
  CHECK_FALSE(robots_url_for("file:///etc/passwd"));
  CHECK_FALSE(robots_url_for("mailto:press@ngo.example"));
  CHECK_FALSE(robots_url_for("/relative/path"));
  CHECK_FALSE(robots_url_for(""));
}

TEST_CASE("path_and_query_of gives what robots rules are matched against", "[feeds][robots]") {
  CHECK(path_and_query_of("https://ngo.example/press/2026?page=2#top") == "/press/2026?page=2");
  CHECK(path_and_query_of("https://ngo.example") == "/");
  CHECK(path_and_query_of("https://ngo.example?x=1") == "/?x=1");
  CHECK(path_and_query_of("https://ngo.example/a b/é") == "/a%20b/%C3%A9");
  CHECK_FALSE(path_and_query_of("ftp://ngo.example/x"));
  CHECK_FALSE(path_and_query_of("javascript:alert(1)"));
}
