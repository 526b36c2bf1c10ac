// Servers that misbehave on purpose: each failure is a clear error of the right kind, in
// bounded time and memory.
#include <catch2/catch.hpp>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ClientOptions;
using vigil::net::ErrorKind;
using vigil::net::HttpRequest;
using vigil::test::fetch;
using vigil::test::HttpServer;
using namespace std::chrono_literals;

namespace {

HttpRequest get(std::string url, std::optional<std::chrono::seconds> timeout = std::nullopt) {
  HttpRequest request;
  request.url = std::move(url);
  request.timeout = timeout;
  return request;
}

}  // namespace

TEST_CASE("the body limit counts decompressed bytes, so a small gzip bomb fails", "[net][limits][gzip]") {
  HttpServer server;
  ClientOptions options;
  options.max_body = 1024 * 1024;
  SECTION("10 MB of zeros in about 10 KB of gzip") {
    const auto response = fetch(server.url("/gzipbomb/10000000"), options);
    CHECK(response.error == ErrorKind::too_large);
    CHECK(response.error_message == "body larger than 1048576 bytes");
    CHECK(response.body.empty());
  }
  SECTION("a compressed body under the limit arrives whole") {
    const auto response = fetch(server.url("/gzipbomb/500000"), options);
    REQUIRE(response.ok());
    CHECK(response.body == std::string(500000, '\0'));
  }
}

TEST_CASE("a request's max_body overrides the client's", "[net][limits]") {
  HttpServer server;
  auto request = get(server.url("/huge/3000"));
  request.max_body = 2000;
  const auto response = fetch(request);
  CHECK(response.error == ErrorKind::too_large);
  CHECK(response.error_message == "body larger than 2000 bytes");
}

TEST_CASE("a connection reset mid-body is a connection failure", "[net][hostile]") {
  HttpServer server;
  const auto response = fetch(server.url("/reset"));
  CHECK(response.error == ErrorKind::connect);
  CHECK_FALSE(response.error_message.empty());
  CHECK(response.body.empty());
}

TEST_CASE("a server that drips a byte per second runs into the timeout", "[net][hostile][timeout]") {
  HttpServer server;
  const auto response = fetch(get(server.url("/drip/100"), 2s));
  CHECK(response.error == ErrorKind::timeout);
  CHECK(response.error_message == "timeout after 2s");
}

TEST_CASE("a server that accepts and never answers runs into the timeout", "[net][hostile][timeout]") {
  HttpServer server;
  const auto response = fetch(get(server.url("/hang?max=10"), 1s));
  CHECK(response.error == ErrorKind::timeout);
  CHECK(response.error_message == "timeout after 1s");
}
