#include <catch2/catch.hpp>

#include <vector>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ClientOptions;
using vigil::net::HttpRequest;
using vigil::net::HttpResponse;
using vigil::test::HttpServer;
using vigil::test::run_until;

namespace {

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

}  // namespace

TEST_CASE("max_per_host bounds the transfers running to one host", "[net][limits]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_per_host = 3;
  options.max_in_flight = 64;
  vigil::net::Client client(io, options);
  int ok = 0;
  for (int i = 0; i < 9; ++i)
    client.request(get(server.url("/delay/200/ok")), [&](HttpResponse r) { ok += r.ok() && r.status == 200; });
  CHECK(client.running() == 3);
  CHECK(client.queued() == 6);
  REQUIRE(run_until(io, [&] { return ok == 9; }));
  CHECK(client.running() == 0);
  CHECK(client.queued() == 0);
  const auto stats = server.get_json("/stats");
  CHECK(stats["paths"]["/delay/200/ok"] == 9);
  CHECK(stats["max_concurrent"].get<int>() <= 3);
}

TEST_CASE("max_in_flight bounds the transfers running to all hosts together", "[net][limits]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_per_host = 3;
  options.max_in_flight = 4;
  vigil::net::Client client(io, options);
  const std::string port = std::to_string(server.port());
  int ok = 0;
  for (int i = 0; i < 12; ++i) {
    // Two host keys for one server: 127.0.0.1 and localhost.
    const std::string host = i % 2 ? "http://127.0.0.1:" : "http://localhost:";
    client.request(get(host + port + "/delay/200/ok"), [&](HttpResponse r) { ok += r.ok() && r.status == 200; });
  }
  CHECK(client.running() == 4);
  REQUIRE(run_until(io, [&] { return ok == 12; }));
  CHECK(server.get_json("/stats")["max_concurrent"].get<int>() <= 4);
}

TEST_CASE("the host key ignores the case of scheme and host", "[net][limits]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_per_host = 2;
  vigil::net::Client client(io, options);
  const std::string port = std::to_string(server.port());
  int done = 0;
  for (const char* base : {"http://localhost:", "HTTP://LOCALHOST:", "http://LocalHost:", "hTTp://localhost:"})
    client.request(get(base + port + "/ok"), [&](HttpResponse r) { done += r.ok(); });
  CHECK(client.running() == 2);
  CHECK(client.queued() == 2);
  REQUIRE(run_until(io, [&] { return done == 4; }));
}

TEST_CASE("a queued request's timeout starts when it starts running", "[net][limits][timeout]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_in_flight = 1;
  vigil::net::Client client(io, options);
  std::vector<HttpResponse> responses;
  for (int i = 0; i < 2; ++i) {
    auto request = get(server.url("/delay/700/ok"));
    request.timeout = std::chrono::seconds(1);  // 2 x 700 ms in a row: the second would time out if queued time counted
    client.request(request, [&](HttpResponse r) { responses.push_back(std::move(r)); });
  }
  REQUIRE(run_until(io, [&] { return responses.size() == 2; }));
  for (const auto& response : responses) {
    CHECK(response.ok());
    CHECK(response.error_message == "");
  }
}

TEST_CASE("hundreds of transfers in flight all complete, each handler exactly once", "[net][limits][stress]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_in_flight = 300;
  options.max_per_host = 300;
  vigil::net::Client client(io, options);
  constexpr int total = 600;
  std::vector<int> calls(total, 0);
  std::vector<std::string> bodies(total);
  int completed = 0;
  for (int i = 0; i < total; ++i) {
    // Mixed paths: plain, delayed, gzip, and statuses, so transfers finish in every order.
    std::string path;
    switch (i % 4) {
      case 0: path = "/ok"; break;
      case 1: path = "/delay/" + std::to_string(50 + i % 7 * 30) + "/ok"; break;
      case 2: path = "/feed.xml?gzip=1"; break;
      default: path = "/status/404"; break;
    }
    client.request(get(server.url(path)), [&, i](HttpResponse r) {
      ++calls[i];
      ++completed;
      if (r.ok()) bodies[i] = std::to_string(r.status);
      else bodies[i] = r.error_message;
    });
  }
  CHECK(client.running() == 300);
  CHECK(client.queued() == 300);
  REQUIRE(run_until(io, [&] { return completed == total; }, std::chrono::seconds(60)));
  // Let anything stray run: no handler may run twice.
  io.restart();
  io.run_for(std::chrono::milliseconds(100));
  for (int i = 0; i < total; ++i) {
    INFO("request " << i);
    CHECK(calls[i] == 1);
    CHECK(bodies[i] == (i % 4 == 3 ? "404" : "200"));
  }
  CHECK(client.running() == 0);
  CHECK(client.queued() == 0);
  const auto stats = server.get_json("/stats");
  CHECK(stats["total"] == total);
  CHECK(stats["max_concurrent"].get<int>() <= 300);
}
