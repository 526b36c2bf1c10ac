// `vigil import-opml FILE` and `vigil export-opml`, run as the real binary: what import prints
// is a config check-config accepts, and what export prints imports back.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

using namespace vigil::test;

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

std::string fixture(const std::string& name) {
  return std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/opml/" + name;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// What a user adds to the imported sources to get a working config.
std::string rest_of_config(const TempDir& dir) {
  return "[daemon]\nstate = \"" + dir.file("state") +
         "\"\n\n[[topic]]\nname = \"landmines\"\nquery = 'landmine'\nnotify = [\"screen\"]\n\n"
         "[[channel]]\nname = \"screen\"\ntype = \"console\"\n";
}

}  // namespace

TEST_CASE("import-opml prints sources that check-config accepts once a topic and a channel are added",
          "[integration][opml]") {
  for (const char* name : {"nested.opml", "case-variants.opml", "duplicates.opml", "hostile.opml"}) {
    INFO(name);
    TempDir dir;
    const auto imported = vigil_run(dir, {"import-opml", fixture(name)});
    REQUIRE(imported.status == 0);
    CHECK(imported.err.empty());
    REQUIRE(contains(imported.out, "[[source]]"));

    write_file(dir.file("vigil.toml"), rest_of_config(dir) + "\n" + imported.out);
    const auto checked = vigil_run(dir, {"check-config", "-c", dir.file("vigil.toml")});
    INFO(imported.out);
    INFO(checked.err);
    CHECK(checked.status == 0);
    CHECK(checked.out == "ok\n");
  }
}

TEST_CASE("import-opml needs no config, even one that is broken", "[integration][opml]") {
  TempDir dir;
  write_file(dir.file("vigil.toml"), "this is not toml [");
  const auto imported = vigil_run(dir, {"import-opml", fixture("nested.opml"), "-c", dir.file("vigil.toml")});
  CHECK(imported.status == 0);
  CHECK(count(imported.out, "[[source]]") == 5);
}

TEST_CASE("import-opml reports malformed OPML with its offset and a missing file, exiting non-zero",
          "[integration][opml]") {
  TempDir dir;
  const auto truncated = vigil_run(dir, {"import-opml", fixture("truncated.opml")});
  CHECK(truncated.status != 0);
  CHECK(truncated.out.empty());
  CHECK(contains(truncated.err, "truncated.opml: feeds: malformed OPML at offset "));

  const auto missing = vigil_run(dir, {"import-opml", dir.file("nowhere.opml")});
  CHECK(missing.status != 0);
  CHECK(contains(missing.err, "nowhere.opml"));
}

TEST_CASE("export-opml writes the configured sources as OPML that imports back", "[integration][opml]") {
  TempDir dir;
  write_file(dir.file("local.xml"), "<rss version=\"2.0\"><channel/></rss>");
  const std::string sources =
      "[[source]]\nname = \"amnesty-uk\"\nurl = \"https://www.amnesty.example/feed?a=1&b=2\"\n\n"
      "[[source]]\nname = \"hrw\"\nurl = \"https://hrw.example/rss\"\n\n"
      "[[source]]\nname = \"bundled\"\nurl = \"file:local.xml\"\n";
  write_file(dir.file("vigil.toml"), rest_of_config(dir) + "\n" + sources);

  const auto exported = vigil_run(dir, {"export-opml", "-c", dir.file("vigil.toml")});
  REQUIRE(exported.status == 0);
  CHECK(exported.out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
  CHECK(contains(exported.out, R"(<outline type="rss" text="amnesty-uk" title="amnesty-uk" xmlUrl="https://www.amnesty.example/feed?a=1&amp;b=2" />)"));
  CHECK(contains(exported.out, "xmlUrl=\"file://"));  // exported as configured...
  CHECK(contains(exported.err, "source \"bundled\" reads a local file"));  // ...with a note

  write_file(dir.file("exported.opml"), exported.out);
  const auto imported = vigil_run(dir, {"import-opml", dir.file("exported.opml")});
  REQUIRE(imported.status == 0);
  CHECK(contains(imported.out, "name = \"amnesty-uk\"\nurl = \"https://www.amnesty.example/feed?a=1&b=2\"\n"));
  CHECK(contains(imported.out, "name = \"hrw\"\nurl = \"https://hrw.example/rss\"\n"));
  CHECK(contains(imported.out, "# skipped (not an http or https URL): file://"));  // never imported
  CHECK(count(imported.out, "[[source]]") == 2);
}

TEST_CASE("export-opml needs a valid config", "[integration][opml]") {
  TempDir dir;
  const auto run = vigil_run(dir, {"export-opml", "-c", dir.file("missing.toml")});
  CHECK(run.status != 0);
  CHECK(run.out.empty());
}
