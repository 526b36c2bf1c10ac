// `vigil parse FILE|URL [--base URL]`, run as the real binary: one JSON document in the Item JSON
// shape of DESIGN.md for every format, errors on stderr with exit status 1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"

using namespace vigil::test;
using nlohmann::json;

namespace {

struct Run {
  int status;
  std::string out, err;
};

Run vigil_run(const TempDir& dir, std::vector<std::string> args) {
  const auto err_file = dir.file("stderr.txt");
  write_file(err_file, "");
  args.insert(args.begin(), VIGIL_BINARY);
  ChildProcess vigil(args, err_file);
  std::string out;
  try {
    for (;;) out += vigil.read_line() + "\n";
  } catch (const std::exception&) {  // EOF: the process is done writing
  }
  return {vigil.wait(), out, read_file(err_file)};
}

std::string fixture(const std::string& name) { return std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/" + name; }

// Runs `vigil parse ARGS...` and requires success with one JSON document on stdout.
json parsed(const std::vector<std::string>& args) {
  TempDir dir;
  std::vector<std::string> all{"parse"};
  all.insert(all.end(), args.begin(), args.end());
  const auto run = vigil_run(dir, all);
  INFO(run.err);
  REQUIRE(run.status == 0);
  return json::parse(run.out);
}

const std::vector<std::string> kItemKeys{"id",      "source",  "title",   "link",   "published",
                                         "updated", "summary", "content", "author", "lang"};

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// The raw text keeps the key order (nlohmann::json sorts keys when it parses).
void check_key_order(const std::string& text) {
  auto at = text.find("\"title\"");
  for (const char* key : {"\"link\"", "\"entries\"", "\"id\"", "\"source\"", "\"title\"", "\"link\"", "\"published\"",
                          "\"updated\"", "\"summary\"", "\"content\"", "\"author\"", "\"lang\""}) {
    INFO(key);
    const auto next = text.find(key, at + 1);
    REQUIRE(next != std::string::npos);
    at = next;
  }
}

}  // namespace

TEST_CASE("parse prints an RSS 2.0 file as a feed of Item JSON entries", "[integration][parse]") {
  const auto feed = parsed({fixture("rss2.xml")});
  CHECK(keys_of(feed) == std::vector<std::string>{"entries", "link", "title"});
  CHECK(feed["title"] == "Harbour Watch – Press Statements");
  CHECK(feed["link"] == "https://harbourwatch.example/press");
  REQUIRE(feed["entries"].size() == 2);
  const auto& first = feed["entries"][0];
  std::vector<std::string> sorted_keys = kItemKeys;
  std::sort(sorted_keys.begin(), sorted_keys.end());
  CHECK(keys_of(first) == sorted_keys);
  CHECK(first["id"] == "hw-press-2024-117");
  CHECK(first["title"] == "Harbour Watch calls for an inquiry into the Saltmarsh evictions");
  CHECK(first["link"] == "https://harbourwatch.example/press/2024/saltmarsh-inquiry");
  CHECK(first["published"] == "2024-11-20T14:05:00Z");
  CHECK(first["updated"].is_null());
  CHECK(first["summary"] ==
        "<p>Forty families were removed from the <b>Saltmarsh</b> settlement without notice.</p>");
  CHECK(first["content"].get<std::string>().starts_with("<p>Forty families"));
  CHECK(first["author"] == "Mira Castell");
  CHECK(first["lang"] == "en-gb");
  const auto& second = feed["entries"][1];
  CHECK(second["published"] == "2024-11-18T08:30:00Z");  // +0100, to UTC
  CHECK(second["author"] == "Tomas Reyl, Ana Vidić");
}

TEST_CASE("parse keeps the documented key order", "[integration][parse]") {
  TempDir dir;
  const auto run = vigil_run(dir, {"parse", fixture("atom.xml")});
  REQUIRE(run.status == 0);
  check_key_order(run.out);
}

TEST_CASE("parse prints an RSS 1.0 (RDF) file with Dublin Core dates and authors", "[integration][parse]") {
  const auto feed = parsed({fixture("rdf.xml")});
  CHECK(feed["title"] == "ForestLink News");
  REQUIRE(feed["entries"].size() == 2);
  const auto& first = feed["entries"][0];
  CHECK(first["id"] == "https://forestlink.example/news/ridge-fires");
  CHECK(first["published"] == "2024-11-20T06:15:00Z");
  CHECK(first["content"] == "<p>The fires on the <strong>northern ridge</strong> are contained.</p>");
  CHECK(first["author"] == "Lucie Marchand");
  CHECK(first["lang"] == "fr");
}

TEST_CASE("parse prints an Atom file with published and updated dates and joined authors",
          "[integration][parse]") {
  const auto feed = parsed({fixture("atom.xml")});
  CHECK(feed["title"] == "Clean Rivers Coalition");
  REQUIRE(feed["entries"].size() == 2);
  const auto& first = feed["entries"][0];
  CHECK(first["id"] == "tag:cleanrivers.example,2024:news/812");
  CHECK(first["published"] == "2024-11-19T08:00:00Z");
  CHECK(first["updated"] == "2024-11-20T11:30:00Z");
  CHECK(first["author"] == "Priya Nandakumar, Olek Brandt");
  CHECK(feed["entries"][1]["lang"] == "de");
}

TEST_CASE("parse prints a JSON Feed in the same shape, warnings on stderr", "[integration][parse]") {
  TempDir dir;
  const auto run = vigil_run(dir, {"parse", fixture("jsonfeed-1.1.json"), "--base", "https://harbour.example/feed.json"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.err.find("unparseable date") != std::string::npos);
  const auto feed = json::parse(run.out);
  CHECK(feed["link"] == "https://harbour.example/");
  REQUIRE(feed["entries"].size() >= 2);
  const auto& first = feed["entries"][0];
  CHECK(first.size() == kItemKeys.size());
  CHECK(first["id"] == "https://harbour.example/notes/tide-gauge");
  CHECK(first["link"] == "https://harbour.example/notes/tide-gauge");
  CHECK(first["published"] == "2025-02-03T07:15:00Z");
  CHECK(first["updated"] == "2025-02-03T10:00:00Z");
  CHECK(first["content"] == "<p>The <b>north</b> gauge reports again.</p>");
  CHECK(feed["entries"][1]["published"].is_null());
  check_key_order(run.out);
}

TEST_CASE("parse prints null for an entry without a date", "[integration][parse]") {
  const auto feed = parsed({fixture("relative-no-base.atom.xml")});
  REQUIRE(feed["entries"].size() == 1);
  CHECK(feed["entries"][0]["published"].is_null());
  CHECK(feed["entries"][0]["updated"].is_null());
  CHECK(feed["entries"][0]["author"] == "");
}

TEST_CASE("parse resolves relative links against --base", "[integration][parse]") {
  const auto feed = parsed({fixture("relative-no-base.atom.xml"), "--base", "https://base.example/news/feed.xml"});
  REQUIRE(feed["entries"].size() == 1);
  CHECK(feed["entries"][0]["link"] == "https://base.example/stories/flood-relief");
}

TEST_CASE("parse resolves relative links of a file against its file:// URL without --base",
          "[integration][parse]") {
  const auto feed = parsed({fixture("relative-no-base.atom.xml")});
  REQUIRE(feed["entries"].size() == 1);
  const std::string expected = "file://" + std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/stories/flood-relief";
  CHECK(feed["entries"][0]["link"] == expected);
}

TEST_CASE("parse reads a file:// URL like a path", "[integration][parse]") {
  const auto by_path = parsed({fixture("rss2.xml")});
  const auto by_url = parsed({"file://" + fixture("rss2.xml")});
  CHECK(by_url == by_path);
}

TEST_CASE("parse fetches an http URL and resolves links against the final URL", "[integration][parse]") {
  TempDir dir;
  std::filesystem::create_directory(dir.file("news"));  // the fixture's link climbs one level: ../stories/
  write_file(dir.file("news/feed.xml"), read_file(fixture("relative-no-base.atom.xml")));
  ChildProcess server({VIGIL_DEBIAN_PYTHON, std::string(VIGIL_SOURCE_DIR) + "/tests/support/http_server.py", "--port",
                       "0", "--root", dir.path()},
                      dir.file("http.log"));
  const auto line = server.read_line(std::chrono::seconds(15));
  REQUIRE(line.rfind("PORT ", 0) == 0);
  const std::string site = "http://127.0.0.1:" + line.substr(5);

  SECTION("a feed") {
    const auto feed = parsed({site + "/news/feed.xml"});
    REQUIRE(feed["entries"].size() == 1);
    CHECK(feed["entries"][0]["link"] == site + "/stories/flood-relief");
  }
  SECTION("after a redirect") {
    const auto feed = parsed({site + "/redirect-to?url=/news/feed.xml"});
    REQUIRE(feed["entries"].size() == 1);
    CHECK(feed["entries"][0]["link"] == site + "/stories/flood-relief");
  }
  SECTION("a status other than 200 is an error") {
    const auto run = vigil_run(dir, {"parse", site + "/status/404"});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err.find("HTTP 404") != std::string::npos);
  }
}

TEST_CASE("parse fails with a message for a missing file", "[integration][parse]") {
  TempDir dir;
  const auto run = vigil_run(dir, {"parse", dir.file("missing.xml")});
  CHECK(run.status == 1);
  CHECK(run.out.empty());
  CHECK(run.err.find("missing.xml") != std::string::npos);
}

TEST_CASE("parse fails with the parser's error for a document that is not a feed", "[integration][parse]") {
  TempDir dir;
  write_file(dir.file("empty.xml"), "");
  for (const auto& input : {fixture("page.html"), dir.file("empty.xml")}) {
    INFO(input);
    const auto run = vigil_run(dir, {"parse", input});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err.find("feeds: ") != std::string::npos);
  }
}

TEST_CASE("parse needs no config file", "[integration][parse]") {
  TempDir dir;
  const auto run = vigil_run(dir, {"parse", fixture("rss2.xml"), "-c", dir.file("absent.toml")});
  CHECK(run.status == 0);
}
