// HTML sources end to end: a press-release page without a feed, followed to article pages
// whose bodies alone name the topic; a page that advertises its feed; a news sitemap.
#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <set>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

// Now in a strftime format, so no item is too old to alert.
std::string today(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

std::string written_today() { return today("%d %B %Y"); }  // as pages write it for people
std::string iso_today() { return today("%Y-%m-%dT%H:%M:%SZ"); }

struct Statement {
  std::string path;   // under the site root
  std::string title;
  std::string teaser;
  std::string body;   // paragraphs, as HTML
};

std::string list_page(const std::vector<Statement>& statements) {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Press releases | Field Aid</title></head>"
      "<body><header><nav><a href=\"/\">Home</a> <a href=\"/about.html\">About us</a> <a href=\"/donate.html\">Donate"
      "</a></nav></header><main><h1>Press releases</h1><ul class=\"releases\">";
  for (const auto& s : statements)
    html += "<li class=\"release\"><h3><a href=\"/" + s.path + "\">" + s.title + "</a></h3><time>" + written_today() +
            "</time><p class=\"teaser\">" + s.teaser + "</p></li>";
  html += "</ul></main><footer><p>Field Aid is a registered charity. Contact: press office.</p></footer></body></html>";
  return html;
}

std::string article_page(const Statement& s) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + s.title +
         " | Field Aid</title><link rel=\"canonical\" href=\"/" + s.path +
         "\"></head><body><div class=\"cookie-banner\">We use cookies to count visits. Accept all cookies or manage "
         "your choices.</div><header><nav><a href=\"/\">Home</a> <a href=\"/press/\">Press</a></nav></header>"
         "<div class=\"layout\"><article class=\"post\"><h1>" + s.title + "</h1><p class=\"meta\">" +
         written_today() + "</p><div class=\"entry-content\">" + s.body +
         "</div></article><aside class=\"sidebar\"><h2>Most read</h2><ul><li><a href=\"/press/gala.html\">Our "
         "winter gala raised record funds</a></li><li><a href=\"/press/volunteers.html\">Volunteers of the year"
         "</a></li></ul></aside></div><footer><p>Field Aid, all rights reserved.</p></footer></body></html>";
}

void publish(World& w, const std::vector<Statement>& listed, const std::string& list_path) {
  for (const auto& s : listed) {
    std::filesystem::create_directories(std::filesystem::path(w.feeds_dir) / std::filesystem::path(s.path).parent_path());
    write_file(w.feeds_dir + "/" + s.path, article_page(s));
  }
  write_file(w.feeds_dir + "/" + list_path, list_page(listed));
}

int requests_to(const World& w, const std::string& path) {
  return nlohmann::json::parse(http_get(w.http_port, "/stats"))["paths"].value(path, 0);
}

const Statement kClinic{"press/clinic.html", "Field Aid opens a clinic in the north",
                        "A new clinic for families in the northern districts.",
                        "<p>The clinic will treat families who were hurt by landmines left after the fighting.</p>"
                        "<p>It opens on Monday with twelve staff.</p>"};
const Statement kHarvest{"press/harvest.html", "Statement on the harvest season in the eastern districts",
                         "Our teams report on the season.",
                         "<p>Farmers in the eastern districts started the harvest late this year.</p>"
                         "<p>In three villages they found landmines at the edge of their fields and stopped work "
                         "until survey teams could mark the area.</p><p>Field Aid asks donors to fund two more "
                         "survey teams before the spring.</p>"};
const Statement kReport{"press/report.html", "Annual report published", "Our year in numbers.",
                        "<p>Field Aid served more families than ever this year, mostly with food and shelter.</p>"
                        "<p>The full report lists every project and its budget.</p>"};
const Statement kRoads{"press/roads.html", "Statement on rural roads", "Repairs and access in the south.",
                       "<p>Several rural roads in the south reopened after repairs.</p><p>Two roads stay closed "
                       "because anti-personnel mines were reported on their verges.</p>"};
const Statement kPrivate{"private/internal.html", "Internal note on the winter plan", "For partners.",
                         "<p>The winter plan covers areas where landmines were reported.</p>"};

std::string press_source(const World& w) {
  return "[[source]]\nname = \"press\"\nurl = \"" + w.url("press/index.html") +
         "\"\ntype = \"html\"\nfollow = true\n[source.select]\nitem = \"li.release\"\ntitle = \"h3 a\"\n"
         "link = \"h3 a@href\"\ndate = \"time\"\nsummary = \"p.teaser\"\n";
}

}  // namespace

TEST_CASE("a press-release page without a feed alerts once per new statement whose body alone names the topic",
          "[integration][html]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  write_file(w.feeds_dir + "/robots.txt", "User-agent: *\nDisallow: /private/\n");
  publish(w, {kClinic}, "press/index.html");
  const auto config = w.write_config_text(press_source(w));
  w.start_vigil(config);
  // The first poll is the baseline: recorded, not alerted, and no page followed.
  REQUIRE(w.eventually([&] { return w.log_count("source press: 1 items, 1 new or changed, 0 matching, 0 alerts (baseline)") >= 1; }));
  CHECK(requests_to(w, "/press/clinic.html") == 0);

  // Four new statements. Harvest names landmines only in its body; Roads too, but its page
  // fails twice before it answers; Report is about something else; the private one is off
  // limits by robots.txt, so it is matched only as listed (and its listing names no topic).
  http_get(w.http_port, "/control/fail?path=/press/roads.html&status=503&count=2");
  publish(w, {kRoads, kPrivate, kReport, kHarvest, kClinic}, "press/index.html");
  const bool alerted = w.eventually([&] { return w.hooks().size() >= 2 && w.mails().size() >= 2; }, 40s);
  INFO(read_file(w.vigil_log));
  REQUIRE(alerted);
  std::this_thread::sleep_for(3s);  // more polls: nothing else may arrive

  const auto hooks = w.hooks();
  REQUIRE(hooks.size() == 2);
  CHECK(w.mails().size() == 2);
  std::set<std::string> titles;
  for (const auto& hook : hooks) {
    const auto body = nlohmann::json::parse(hook["body"].get<std::string>());
    titles.insert(body["title"].get<std::string>());
    REQUIRE(body["matches"].size() == 1);
    const auto snippet = body["matches"][0]["snippet"].get<std::string>();
    // The snippet comes from the article's body, which the list page never showed.
    if (body["title"] == kHarvest.title) {
      CHECK(snippet.find("found landmines at the edge of their fields") != std::string::npos);
    } else {
      CHECK(snippet.find("anti-personnel mines were reported") != std::string::npos);
    }
    CHECK(snippet.find("Most read") == std::string::npos);
    CHECK(snippet.find("cookies") == std::string::npos);
  }
  CHECK(titles == std::set<std::string>{kHarvest.title, kRoads.title});
  CHECK(requests_to(w, "/press/harvest.html") == 1);   // followed once, as a new item
  CHECK(requests_to(w, "/press/roads.html") == 3);     // two 503s, then the page
  CHECK(requests_to(w, "/private/internal.html") == 0);
  CHECK(w.log_count("the item waits for the next poll") >= 2);

  // The CLI reads the same source and page.
  const auto listed = w.run_cli({"parse", "--source", "press", "-c", config});
  CHECK(listed.find("\"title\": \"Statement on rural roads\"") != std::string::npos);
  CHECK(listed.find("\"link\": \"" + w.url("press/harvest.html") + "\"") != std::string::npos);
  const auto text = w.run_cli({"extract", w.url("press/harvest.html")});
  CHECK(text.find("Farmers in the eastern districts started the harvest late this year.\n\nIn three villages") !=
        std::string::npos);
  CHECK(text.find("Most read") == std::string::npos);
  CHECK(text.find("cookies") == std::string::npos);
}

TEST_CASE("a source whose URL is a page advertising a feed reads the feed; a news sitemap is followed too",
          "[integration][html]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  write_file(w.feeds_dir + "/home.html",
             "<!doctype html><html><head><title>Harbour News</title><link rel=\"alternate\" "
             "type=\"application/rss+xml\" title=\"Harbour News\" href=\"/news.xml\"></head><body><p>Welcome.</p>"
             "</body></html>");
  w.write_feed("news.xml", FeedFormat::rss2,
               {{"hn-1", "Landmine survey finished along the coast road", "Teams finished the survey.", "/n/1"}});
  std::filesystem::create_directories(w.feeds_dir + "/map");
  write_file(w.feeds_dir + "/map/index.xml",
             "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" +
                 w.url("map/news.xml") + "</loc><lastmod>" + iso_today() + "</lastmod></sitemap></sitemapindex>");
  write_file(w.feeds_dir + "/map/news.xml",
             "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
             "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>" + w.url("press/harvest.html") +
                 "</loc><news:news><news:publication><news:name>Field Aid</news:name><news:language>en</news:language>"
                 "</news:publication><news:publication_date>" + iso_today() + "</news:publication_date><news:title>" +
                 kHarvest.title + "</news:title></news:news></url><url><loc>" + w.url("press/report.html") +
                 "</loc><news:news><news:publication><news:name>Field Aid</news:name><news:language>en</news:language>"
                 "</news:publication><news:publication_date>" + iso_today() + "</news:publication_date><news:title>" +
                 kReport.title + "</news:title></news:news></url></urlset>");
  publish(w, {kHarvest, kReport}, "press/index.html");
  const auto config = w.write_config_text(
      "[[source]]\nname = \"harbour\"\nurl = \"" + w.url("home.html") + "\"\nbaseline = false\n\n"
      "[[source]]\nname = \"field-aid-map\"\nurl = \"" + w.url("map/index.xml") +
      "\"\ntype = \"sitemap\"\nfollow = true\nbaseline = false\n");
  w.start_vigil(config);
  const bool alerted = w.eventually([&] { return w.hooks().size() >= 2; }, 40s);
  INFO(read_file(w.vigil_log));
  REQUIRE(alerted);
  std::this_thread::sleep_for(3s);
  const auto hooks = w.hooks();
  CHECK(hooks.size() == 2);
  std::set<std::string> sources;
  for (const auto& hook : hooks) {
    const auto body = nlohmann::json::parse(hook["body"].get<std::string>());
    sources.insert(body["source"].get<std::string>());
    if (body["source"] == "field-aid-map") {
      CHECK(body["title"] == kHarvest.title);
      CHECK(body["matches"][0]["snippet"].get<std::string>().find("found landmines") != std::string::npos);
    }
  }
  CHECK(sources == std::set<std::string>{"harbour", "field-aid-map"});
  CHECK(w.log_count("is an HTML page advertising the feed") == 1);  // remembered, not rediscovered
  CHECK(requests_to(w, "/home.html") == 1);
  CHECK(requests_to(w, "/news.xml") >= 2);

  const auto found = w.run_cli({"discover", w.url("home.html")});
  CHECK(found == w.url("news.xml") + "\tapplication/rss+xml\tHarbour News\n");
}

TEST_CASE("a followed link to another host may not reach a private address unless the source allows it",
          "[integration][html]") {
  World w;
  w.start_http();
  w.start_hooks();
  // The list page is on 127.0.0.1; its link names "localhost": another host, which resolves to
  // a loopback address. Without follow_private it is refused before connecting.
  const std::string elsewhere = "http://localhost:" + std::to_string(w.http_port) + "/" + kHarvest.path;
  std::filesystem::create_directories(w.feeds_dir + "/press");
  write_file(w.feeds_dir + "/" + kHarvest.path, article_page(kHarvest));
  write_file(w.feeds_dir + "/list.html", "<ul><li class=r><a href=\"" + elsewhere + "\">" + kHarvest.title +
                                             "</a></li></ul>");
  const auto source = [&](bool allow) {
    return "[[source]]\nname = \"press\"\nurl = \"" + w.url("list.html") +
           "\"\ntype = \"html\"\nfollow = true\nbaseline = false\nfollow_private = " + (allow ? "true" : "false") +
           "\n[source.select]\nitem = \"li.r\"\n";
  };
  w.start_vigil(w.write_config_text(source(false)));
  REQUIRE(w.eventually([&] { return w.log_count("source press: 1 items, 1 new or changed, 0 matching") >= 1; }));
  CHECK(w.log_count(": refused address ") >= 1);  // 127.0.0.1 or ::1
  CHECK(requests_to(w, "/" + kHarvest.path) == 0);
  w.stop_vigil();
  CHECK(w.hooks().empty());

  // Allowed: a new statement on the list is followed and alerts from its body.
  std::filesystem::remove_all(w.dir.file("state"));
  w.start_vigil(w.write_config_text(source(true)));
  const bool alerted = w.eventually([&] { return w.hooks().size() >= 1; }, 30s);
  INFO(read_file(w.vigil_log));
  REQUIRE(alerted);
  CHECK(requests_to(w, "/" + kHarvest.path) == 1);
}
