// A SOCKS5 proxy (socks5:// resolving names here, socks5h:// letting the proxy resolve them)
// carries requests, through a real SOCKS5 server on 127.0.0.1 (tests/support/socks5_server.py).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/child_process.hpp"

using vigil::net::ErrorKind;
using vigil::net::HttpRequest;
using vigil::test::ChildProcess;
using vigil::test::fetch;
using vigil::test::HttpServer;
using vigil::test::TempDir;

namespace {

struct SocksProxy {
  SocksProxy(const TempDir& dir, const std::string& connect_to)
      : record(dir.file("socks.jsonl")),
        process({VIGIL_DEBIAN_PYTHON, VIGIL_SOURCE_DIR "/tests/support/socks5_server.py", "--port", "0", "--record",
                 record, "--connect-to", connect_to},
                dir.file("socks.log")) {
    const auto line = process.read_line();
    REQUIRE(line.starts_with("PORT "));
    port = std::stoi(line.substr(5));
  }
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::istringstream lines(vigil::test::read_file(record));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
  }
  std::string record;
  ChildProcess process;
  int port = 0;
};

}  // namespace

TEST_CASE("socks5h:// lets the proxy resolve a name we never resolve", "[net][proxy][socks]") {
  HttpServer server;
  TempDir dir;
  SocksProxy proxy(dir, "127.0.0.1:" + std::to_string(server.port()));
  HttpRequest request;
  request.url = "http://feeds.invalid/ok";
  request.proxy = "socks5h://127.0.0.1:" + std::to_string(proxy.port);
  const auto response = fetch(request);
  INFO(response.error_message);
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(response.body == "ok");
  const auto asked = proxy.requests();
  REQUIRE(asked.size() == 1);
  CHECK(asked[0]["host"] == "feeds.invalid");
  CHECK(asked[0]["port"] == 80);
}

TEST_CASE("socks5:// resolves here and hands the proxy an address", "[net][proxy][socks]") {
  HttpServer server;
  TempDir dir;
  SocksProxy proxy(dir, "127.0.0.1:" + std::to_string(server.port()));
  HttpRequest request;
  request.url = server.url("/ok");
  request.proxy = "socks5://127.0.0.1:" + std::to_string(proxy.port);
  const auto response = fetch(request);
  INFO(response.error_message);
  REQUIRE(response.ok());
  CHECK(response.body == "ok");
  const auto asked = proxy.requests();
  REQUIRE(asked.size() == 1);
  CHECK(asked[0]["host"] == "127.0.0.1");
  CHECK(asked[0]["port"] == server.port());
}

TEST_CASE("a SOCKS5 proxy that cannot reach the target is a connect failure, not a hang",
          "[net][proxy][socks]") {
  TempDir dir;
  SocksProxy proxy(dir, "127.0.0.1:" + std::to_string(vigil::test::free_port()));  // nothing listens
  HttpRequest request;
  request.url = "http://feeds.invalid/ok";
  request.proxy = "socks5h://127.0.0.1:" + std::to_string(proxy.port);
  const auto response = fetch(request);
  CHECK_FALSE(response.ok());
  CHECK(response.error == ErrorKind::connect);
}
