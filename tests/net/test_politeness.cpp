// Politeness and the options a feed source may set: spacing between requests to one host,
// permanent redirects reported, basic auth, proxies, TLS verification.
#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ClientOptions;
using vigil::net::ErrorKind;
using vigil::net::HttpRequest;
using vigil::net::HttpResponse;
using vigil::test::fetch;
using vigil::test::HttpServer;
using vigil::test::percent_encode;
using vigil::test::run_until;
using namespace std::chrono_literals;

namespace {

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

std::vector<double> arrivals(const HttpServer& server, const std::string& path) {
  return server.get_json("/control/requests?path=" + percent_encode(path)).get<std::vector<double>>();
}

}  // namespace

TEST_CASE("requests to one host start at least host_spacing apart, other hosts are not held up",
          "[net][politeness]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_per_host = 4;
  vigil::net::Client client(io, options);
  int done = 0;
  for (int i = 0; i < 3; ++i) {
    auto request = get(server.url("/ok"));
    request.host_spacing = 400ms;
    client.request(request, [&](HttpResponse r) { done += r.ok(); });
  }
  // Same server, another host key: starts at once.
  auto other = get("http://localhost:" + std::to_string(server.port()) + "/echo");
  other.host_spacing = 400ms;
  client.request(other, [&](HttpResponse r) { done += r.ok(); });
  CHECK(client.running() == 2);
  CHECK(client.queued() == 2);
  REQUIRE(run_until(io, [&] { return done == 4; }));

  const auto times = arrivals(server, "/ok");
  REQUIRE(times.size() == 3);
  CHECK(times[1] - times[0] >= 0.3);
  CHECK(times[2] - times[1] >= 0.3);
  const auto echo = arrivals(server, "/echo");
  REQUIRE(echo.size() == 1);
  CHECK(echo[0] < times[1]);
}

TEST_CASE("a run of permanent redirects is reported as the URL to use from now on", "[net][redirects]") {
  HttpServer server;
  const auto to = [&](int status, const std::string& target) {
    return "/redirect-to?status=" + std::to_string(status) + "&url=" + percent_encode(target);
  };
  SECTION("301 to the feed") {
    const auto response = fetch(server.url(to(301, "/ok")));
    REQUIRE(response.ok());
    CHECK(response.body == "ok");
    CHECK(response.permanent_url == server.url("/ok"));
  }
  SECTION("308 then 301: the last permanent target") {
    const auto response = fetch(server.url(to(308, to(301, "/ok"))));
    REQUIRE(response.ok());
    CHECK(response.permanent_url == server.url("/ok"));
  }
  SECTION("301 then 302: only the permanent hop counts") {
    const auto response = fetch(server.url(to(301, to(302, "/ok"))));
    REQUIRE(response.ok());
    CHECK(response.permanent_url == server.url(to(302, "/ok")));
  }
  SECTION("302 first: nothing moved for good") {
    const auto response = fetch(server.url(to(302, to(301, "/ok"))));
    REQUIRE(response.ok());
    CHECK(response.permanent_url.empty());
  }
  SECTION("no redirect at all") { CHECK(fetch(server.url("/ok")).permanent_url.empty()); }
}

TEST_CASE("a redirect loop ends with too_many_redirects", "[net][redirects]") {
  HttpServer server;
  const auto response = fetch(server.url("/loop"));
  CHECK(response.error == ErrorKind::too_many_redirects);
  CHECK_THAT(response.error_message, Catch::Contains("redirect"));
}

TEST_CASE("basic auth credentials reach the server", "[net][auth]") {
  HttpServer server;
  auto request = get(server.url("/echo"));
  request.username = "reader";
  request.password = "s3cret";
  const auto response = fetch(request);
  REQUIRE(response.ok());
  const auto echo = nlohmann::json::parse(response.body);
  CHECK(echo["headers"]["authorization"] == "Basic cmVhZGVyOnMzY3JldA==");
}

TEST_CASE("basic auth credentials do not follow a redirect to another host", "[net][auth][security]") {
  HttpServer server;
  const auto elsewhere = "http://localhost:" + std::to_string(server.port()) + "/echo";
  auto request = get(server.url("/redirect-to?url=" + percent_encode(elsewhere)));
  request.username = "reader";
  request.password = "s3cret";
  const auto response = fetch(request);
  REQUIRE(response.ok());
  const auto echo = nlohmann::json::parse(response.body);
  CHECK_FALSE(echo["headers"].contains("authorization"));
}

TEST_CASE("a proxy carries the request to a host we never resolve", "[net][proxy]") {
  HttpServer server;  // doubles as a forward proxy
  auto request = get("http://feeds.invalid/ok");
  request.proxy = server.url("");
  const auto response = fetch(request);
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(response.body == "ok");
  CHECK(server.get_json("/stats")["proxied"] == 1);

  SECTION("an unsupported proxy scheme fails without a transfer") {
    request.proxy = "ftp://127.0.0.1:21";
    const auto refused = fetch(request);
    CHECK(refused.error == ErrorKind::protocol);
    CHECK_THAT(refused.error_message, Catch::Contains("proxy"));
  }
}

TEST_CASE("TLS certificates are verified unless the request turns it off", "[net][tls][security]") {
  vigil::test::TempDir dir;
  const auto cert = vigil::test::make_self_signed_cert(dir);
  HttpServer server({"--tls-cert", cert.cert, "--tls-key", cert.key});
  const auto url = "https://127.0.0.1:" + std::to_string(server.port()) + "/ok";

  const auto refused = fetch(url);
  CHECK(refused.error == ErrorKind::connect);
  CHECK_THAT(refused.error_message, Catch::Contains("certificate"));

  auto insecure = get(url);
  insecure.verify_tls = false;
  const auto accepted = fetch(insecure);
  REQUIRE(accepted.ok());
  CHECK(accepted.body == "ok");
}
