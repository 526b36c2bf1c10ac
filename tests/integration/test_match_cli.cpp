// `vigil match`, run as the real binary: one JSON line per input item with the topics it
// matches (and why, with --explain), from Item JSON lines, a feed file, or the store.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"

using namespace vigil::test;
using nlohmann::json;

namespace {

struct Run {
  int status;
  std::vector<std::string> lines;
  std::string err;
};

Run vigil_run(const TempDir& dir, std::vector<std::string> args) {
  const auto err_file = dir.file("stderr.txt");
  write_file(err_file, "");
  args.insert(args.begin(), VIGIL_BINARY);
  ChildProcess vigil(args, err_file);
  std::vector<std::string> lines;
  try {
    for (;;) lines.push_back(vigil.read_line());
  } catch (const std::exception&) {  // EOF: the process is done writing
  }
  return {vigil.wait(), lines, read_file(err_file)};
}

// A config with the given topics (TOML snippets) and one console channel, its store in `dir`.
std::string write_config(const TempDir& dir, const std::string& sources, const std::string& topics) {
  const auto file = dir.file("vigil.toml");
  write_file(file, "[daemon]\nstate = \"" + dir.file("state") + "\"\nper_host_delay = \"0\"\n\n" + sources + topics +
                       "\n[[channel]]\nname = \"screen\"\ntype = \"console\"\n");
  return file;
}

const std::string kTopics = R"(
[[topic]]
name = "landmines"
query = '(landmine OR "anti-personnel mine" OR "Mine Ban Treaty") -"political landmine"'
notify = ["screen"]

[[topic]]
name = "ukraine"
query = "Ukraine OR Україна"
languages = ["en", "uk"]
min_score = 3
notify = ["screen"]
)";

}  // namespace

TEST_CASE("match prints the topics of each Item JSON line, in input order", "[integration][match]") {
  TempDir dir;
  const auto config = write_config(dir, "", kTopics);
  const auto items = dir.file("items.jsonl");
  write_file(items,
             R"({"id": "a", "title": "Landmines cleared near Kharkiv", "summary": "<p>Deminers worked for weeks.</p>"})" "\n"
             R"({"id": "b", "title": "A political landmine for the minister"})" "\n"
             "\n"
             R"({"id": "c", "title": "Новини України", "content": "Україна та її партнери"})" "\n"
             R"({"id": "d", "title": "Football", "summary": "Brazil beat Ukraine."})" "\n");
  const auto run = vigil_run(dir, {"match", "-c", config, items});
  INFO(run.err);
  REQUIRE(run.status == 0);
  REQUIRE(run.lines.size() == 4);
  CHECK(json::parse(run.lines[0]) == json{{"id", "a"}, {"topics", {"landmines"}}});
  CHECK(json::parse(run.lines[1]) == json{{"id", "b"}, {"topics", json::array()}});
  CHECK(json::parse(run.lines[2]) == json{{"id", "c"}, {"topics", {"ukraine"}}});
  CHECK(json::parse(run.lines[3]) == json{{"id", "d"}, {"topics", json::array()}});  // under min_score
}

TEST_CASE("match --explain gives the terms, score, snippet and highlights", "[integration][match]") {
  TempDir dir;
  const auto config = write_config(dir, "", kTopics);
  const auto items = dir.file("items.jsonl");
  write_file(items, R"({"id": "a", "title": "Report", "summary": "An anti-personnel mine was found."})" "\n");
  const auto run = vigil_run(dir, {"match", "--explain", items, "-c", config});
  INFO(run.err);
  REQUIRE(run.status == 0);
  REQUIRE(run.lines.size() == 1);
  const auto line = json::parse(run.lines[0]);
  const auto& why = line["explain"]["landmines"];
  CHECK(why["terms"] == json{"\"anti-personnel mine\""});
  CHECK(why["score"] == 1.0);
  CHECK(why["snippet"] == "An anti-personnel mine was found.");
  CHECK(why["highlights"] == json{{3, 22}});
}

TEST_CASE("match --topic limits the topics, and an unknown one is an error", "[integration][match]") {
  TempDir dir;
  const auto config = write_config(dir, "", kTopics);
  const auto items = dir.file("items.jsonl");
  write_file(items, R"({"id": "a", "title": "Ukraine: landmines cleared"})" "\n");
  auto run = vigil_run(dir, {"match", "-c", config, "--topic", "ukraine", items});
  REQUIRE(run.status == 0);
  REQUIRE(run.lines.size() == 1);
  CHECK(json::parse(run.lines[0])["topics"] == json{"ukraine"});
  run = vigil_run(dir, {"match", "-c", config, "--topic", "ukrain", items});
  CHECK(run.status == 1);
  CHECK(run.err.find("no topic named \"ukrain\"") != std::string::npos);
}

TEST_CASE("match reads a feed file as its items", "[integration][match]") {
  TempDir dir;
  const auto config = write_config(dir, "", kTopics);
  const auto feed = dir.file("feed.xml");
  write_file(feed, R"(<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid isPermaLink="false">one</guid><title>Mine Ban Treaty meeting</title></item>
<item><guid isPermaLink="false">two</guid><title>Weather</title></item></channel></rss>)");
  const auto run = vigil_run(dir, {"match", "-c", config, feed});
  INFO(run.err);
  REQUIRE(run.status == 0);
  REQUIRE(run.lines.size() == 2);
  CHECK(json::parse(run.lines[0]) == json{{"id", "one"}, {"topics", {"landmines"}}});
  CHECK(json::parse(run.lines[1]) == json{{"id", "two"}, {"topics", json::array()}});
}

TEST_CASE("match reports a bad line with its number and goes on", "[integration][match]") {
  TempDir dir;
  const auto config = write_config(dir, "", kTopics);
  const auto items = dir.file("items.jsonl");
  write_file(items, R"({"id": "a", "title": "landmine"})" "\n" R"({"id": 5})" "\n" R"({"id": "c", "title": "x"})" "\n");
  const auto run = vigil_run(dir, {"match", "-c", config, items});
  CHECK(run.status == 1);
  CHECK(run.lines.size() == 2);
  CHECK(run.err.find(items + ":2:") != std::string::npos);
}

TEST_CASE("match --stored tries a new topic on the items the daemon has seen", "[integration][match]") {
  TempDir dir;
  const auto feed = dir.file("feed.xml");
  write_file(feed, R"(<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid isPermaLink="false">old-1</guid><title>Cluster munitions used in the east</title></item>
<item><guid isPermaLink="false">old-2</guid><title>Harvest festival</title></item></channel></rss>)");
  const std::string source = "[[source]]\nname = \"wire\"\nurl = \"file://" + feed + "\"\n";
  auto config = write_config(dir, source, kTopics);
  auto run = vigil_run(dir, {"once", "-c", config});  // baseline: records both items
  INFO(run.err);
  REQUIRE(run.status == 0);

  // The user adds a topic and tries it on history before switching it on.
  config = write_config(dir, source, kTopics + R"(
[[topic]]
name = "cluster"
query = '"cluster munitions"'
notify = ["screen"]
)");
  run = vigil_run(dir, {"match", "-c", config, "--stored", "--since", "1d", "--topic", "cluster"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  REQUIRE(run.lines.size() == 2);
  CHECK(json::parse(run.lines[0]) == json{{"id", "old-1"}, {"topics", {"cluster"}}});
  CHECK(json::parse(run.lines[1]) == json{{"id", "old-2"}, {"topics", json::array()}});
  run = vigil_run(dir, {"match", "-c", config, "--stored", "--since", "soon"});
  CHECK(run.status == 2);
}
