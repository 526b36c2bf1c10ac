// `vigil check-config`: "ok" and exit 0 for a valid file (warnings do not change that), every
// error with file:line:col and a non-zero exit otherwise.
#include <catch2/catch.hpp>

#include "tests/support/child_process.hpp"

using namespace vigil::test;

namespace {

struct Run {
  int status;
  std::string out, err;
};

Run check_config(const TempDir& dir, const std::string& toml) {
  const auto path = dir.file("vigil.toml");
  write_file(path, toml);
  const auto err_file = dir.file("stderr.txt");
  write_file(err_file, "");
  ChildProcess vigil({VIGIL_BINARY, "check-config", "-c", path}, err_file);
  std::string out;
  try {
    for (;;) out += vigil.read_line() + "\n";
  } catch (const std::exception&) {  // EOF: the process is done writing
  }
  return {vigil.wait(), out, read_file(err_file)};
}

constexpr const char* kValid = R"(
[daemon]
state = "/tmp/vigil-check-config-test"

[[source]]
name = "ngo"
url = "https://ngo.example.org/feed.xml"
interval = "5s"

[[topic]]
name = "landmines"
query = 'landmine OR "land mine"'
notify = ["screen"]

[[channel]]
name = "screen"
type = "console"
)";

}  // namespace

TEST_CASE("check-config prints ok for a valid config, with warnings that keep exit status 0",
          "[integration][config]") {
  TempDir dir;
  auto run = check_config(dir, kValid);
  CHECK(run.status == 0);
  CHECK(run.out == "ok\n");
  CHECK(run.err.find("vigil.toml:8:12: warning:") != std::string::npos);  // interval under a minute
}

TEST_CASE("check-config names file:line:col of each error and exits non-zero", "[integration][config]") {
  TempDir dir;
  std::string bad = kValid;
  bad.replace(bad.find("notify = [\"screen\"]"), 19, "notify = [\"slak\"]");
  bad += "\n[[source]]\nname = \"ngo\"\nurl = \"https://other.example.org/\"\nintervall = \"5m\"\n";
  auto run = check_config(dir, bad);
  CHECK(run.status != 0);
  CHECK(run.out.find("ok") == std::string::npos);
  INFO(run.err);
  CHECK(run.err.find(dir.file("vigil.toml") + ":13:11: error:") != std::string::npos);  // unknown channel
  CHECK(run.err.find("slak") != std::string::npos);
  CHECK(run.err.find("intervall") != std::string::npos);                                 // unknown key
  CHECK(run.err.find("ngo") != std::string::npos);                                       // duplicate name
}
