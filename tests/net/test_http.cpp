#include <catch2/catch.hpp>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ErrorKind;
using vigil::net::HttpRequest;
using vigil::test::fetch;
using vigil::test::fixture_path;
using vigil::test::HttpServer;

namespace {

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

bool has_header_named(const vigil::net::HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return true;
  return false;
}

}  // namespace

TEST_CASE("a GET returns the status, the body and the final response's lower-cased headers", "[net][http]") {
  HttpServer server;
  const auto response = fetch(server.url("/feed.xml"));
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(response.body == vigil::test::read_file(fixture_path("feed.xml")));
  CHECK(response.effective_url == server.url("/feed.xml"));
  CHECK(response.header("Content-Type") == "application/xml");
  CHECK(has_header_named(response, "etag"));
  CHECK(has_header_named(response, "last-modified"));
  CHECK_FALSE(has_header_named(response, "ETag"));
}

TEST_CASE("a conditional GET with the current validators gets a 304 without a body", "[net][http]") {
  HttpServer server;
  const auto first = fetch(server.url("/feed.xml"));
  REQUIRE(first.status == 200);

  SECTION("If-None-Match") {
    auto request = get(server.url("/feed.xml"));
    request.headers.emplace_back("If-None-Match", first.header("etag"));
    const auto again = fetch(request);
    REQUIRE(again.ok());
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("etag") == first.header("etag"));
  }
  SECTION("If-Modified-Since") {
    auto request = get(server.url("/feed.xml"));
    request.headers.emplace_back("If-Modified-Since", first.header("last-modified"));
    CHECK(fetch(request).status == 304);
  }
  SECTION("a stale ETag gets the full body") {
    auto request = get(server.url("/feed.xml"));
    request.headers.emplace_back("If-None-Match", "\"stale\"");
    const auto again = fetch(request);
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
  }
}

TEST_CASE("compressed bodies arrive decoded", "[net][http]") {
  HttpServer server;
  const auto original = vigil::test::read_file(fixture_path("feed.xml"));
  SECTION("gzip") {
    const auto response = fetch(server.url("/feed.xml?gzip=1"));
    REQUIRE(response.ok());
    CHECK(response.header("content-encoding") == "gzip");
    CHECK(response.body == original);
  }
  SECTION("deflate") {
    const auto response = fetch(server.url("/feed.xml?deflate=1"));
    REQUIRE(response.ok());
    CHECK(response.header("content-encoding") == "deflate");
    CHECK(response.body == original);
  }
}

TEST_CASE("redirects are followed up to max_redirects", "[net][http]") {
  HttpServer server;
  vigil::net::ClientOptions options;
  options.max_redirects = 3;
  SECTION("within the limit: the final URL and response") {
    const auto response = fetch(server.url("/redirect/3"), options);
    REQUIRE(response.ok());
    CHECK(response.status == 200);
    CHECK(response.body == "ok");
    CHECK(response.effective_url == server.url("/ok"));
  }
  SECTION("past the limit: too_many_redirects") {
    const auto response = fetch(server.url("/redirect/4"), options);
    CHECK(response.error == ErrorKind::too_many_redirects);
    CHECK_FALSE(response.error_message.empty());
  }
}

TEST_CASE("a redirect to file:// is refused even for a request that may read files", "[net][http][security]") {
  HttpServer server;
  auto request = get(server.url("/redirect-to?url=file://" + fixture_path("feed.xml")));
  request.allow_file = true;
  const auto response = fetch(request);
  CHECK(response.error == ErrorKind::protocol);
  CHECK(response.body.empty());
}

TEST_CASE("file:// URLs are read only when the request allows them", "[net][http][file]") {
  auto request = get("file://" + fixture_path("feed.xml"));
  SECTION("allowed: status 200 and the file's content") {
    request.allow_file = true;
    const auto response = fetch(request);
    REQUIRE(response.ok());
    CHECK(response.status == 200);
    CHECK(response.body == vigil::test::read_file(fixture_path("feed.xml")));
  }
  SECTION("not allowed: a protocol error") {
    const auto response = fetch(request);
    CHECK(response.error == ErrorKind::protocol);
    CHECK(response.body.empty());
  }
}

TEST_CASE("a transfer slower than its timeout fails with ErrorKind::timeout", "[net][http][timeout]") {
  HttpServer server;
  SECTION("no response in time") {
    auto request = get(server.url("/delay/3000/ok"));
    request.timeout = std::chrono::seconds(1);
    const auto response = fetch(request);
    CHECK(response.error == ErrorKind::timeout);
    CHECK(response.error_message == "timeout after 1s");
  }
  SECTION("a body that stalls after the headers (ClientOptions::timeout)") {
    vigil::net::ClientOptions options;
    options.timeout = std::chrono::seconds(1);
    const auto response = fetch(server.url("/slowbody/3000"), options);
    CHECK(response.error == ErrorKind::timeout);
    CHECK(response.body.empty());
  }
}

TEST_CASE("a body larger than max_body fails with too_large", "[net][http][limits]") {
  HttpServer server;
  vigil::net::ClientOptions options;
  options.max_body = 100000;
  SECTION("announced by Content-Length") {
    const auto response = fetch(server.url("/huge/200000"), options);
    CHECK(response.error == ErrorKind::too_large);
    CHECK(response.error_message == "body larger than 100000 bytes");
    CHECK(response.body.empty());
  }
  SECTION("found out while reading (no Content-Length)") {
    const auto response = fetch(server.url("/huge/200000?chunked=1"), options);
    CHECK(response.error == ErrorKind::too_large);
    CHECK(response.error_message == "body larger than 100000 bytes");
  }
  SECTION("exactly max_body is fine") {
    const auto response = fetch(server.url("/huge/100000?chunked=1"), options);
    REQUIRE(response.ok());
    CHECK(response.body.size() == 100000);
  }
}

TEST_CASE("an HTTP error status is a response, not a transport error", "[net][http]") {
  HttpServer server;
  const auto response = fetch(server.url("/status/503?retry_after=7"));
  REQUIRE(response.ok());
  CHECK(response.status == 503);
  CHECK(response.header("retry-after") == "7");
}

TEST_CASE("request headers and the user agent reach the server", "[net][http]") {
  HttpServer server;
  vigil::net::ClientOptions options;
  options.user_agent = "vigil-test/9";
  auto request = get(server.url("/echo"));
  request.headers.emplace_back("X-Probe", "one two");
  request.headers.emplace_back("X-Empty", "");
  const auto response = fetch(request, options);
  REQUIRE(response.ok());
  const auto echo = nlohmann::json::parse(response.body);
  CHECK(echo["method"] == "GET");
  CHECK(echo["headers"]["user-agent"] == "vigil-test/9");
  CHECK(echo["headers"]["x-probe"] == "one two");
  CHECK(echo["headers"]["x-empty"] == "");
  CHECK(echo["headers"].contains("accept-encoding"));
}

TEST_CASE("a POST delivers its body and headers, and the server records it", "[net][http][post]") {
  vigil::test::TempDir dir;
  HttpServer server({"--record", dir.file("hooks.jsonl")});
  auto request = get(server.url("/hook/alerts"));
  request.method = "POST";
  request.body = R"({"title":"Mine clearance résumé"})";
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("webhook-id", "alert-42");
  const auto response = fetch(request);
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(nlohmann::json::parse(response.body)["ok"] == true);

  const auto recorded = nlohmann::json::parse(vigil::test::read_file(dir.file("hooks.jsonl")));
  CHECK(recorded["path"] == "/hook/alerts");
  CHECK(recorded["body"] == request.body);
  CHECK(recorded["headers"]["content-type"] == "application/json");
  CHECK(recorded["headers"]["webhook-id"] == "alert-42");
  CHECK_FALSE(recorded["headers"].contains("expect"));
}

TEST_CASE("a hook told to fail answers its status a given number of times", "[net][http][post]") {
  HttpServer server;
  server.get_json("/control/fail?path=/hook/x&status=503&count=2&retry_after=3");
  auto request = get(server.url("/hook/x"));
  request.method = "POST";
  request.body = "{}";
  CHECK(fetch(request).status == 503);
  const auto second = fetch(request);
  CHECK(second.status == 503);
  CHECK(second.header("retry-after") == "3");
  CHECK(fetch(request).status == 200);
  CHECK(server.get_json("/control/recorded?path=/hook/x").size() == 3);
}

TEST_CASE("a port nobody listens on fails with ErrorKind::connect", "[net][http]") {
  const int port = vigil::test::free_port();
  const auto response = fetch("http://127.0.0.1:" + std::to_string(port) + "/");
  CHECK(response.error == ErrorKind::connect);
  CHECK(response.status == 0);
  CHECK_FALSE(response.error_message.empty());
}

TEST_CASE("requests that cannot be sent fail without a transfer", "[net][http]") {
  SECTION("a malformed URL") {
    const auto response = fetch("not a url");
    CHECK(response.error == ErrorKind::protocol);
    CHECK(response.error_message.starts_with("malformed URL"));
  }
  SECTION("a scheme other than http(s)") {
    CHECK(fetch("ftp://127.0.0.1:1/x").error == ErrorKind::protocol);
  }
  SECTION("a header value with a line break (header injection)") {
    auto request = get("http://127.0.0.1:1/");
    request.headers.emplace_back("X-Bad", "a\r\nHost: evil");
    const auto response = fetch(request);
    CHECK(response.error == ErrorKind::protocol);
    CHECK(response.error_message == "invalid request header \"X-Bad\"");
  }
}
