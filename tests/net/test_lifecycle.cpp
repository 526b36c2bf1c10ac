#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ClientOptions;
using vigil::net::ErrorKind;
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

TEST_CASE("cancel_all fails running and queued transfers with cancelled, once each", "[net][lifecycle]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_in_flight = 3;
  options.max_per_host = 3;
  vigil::net::Client client(io, options);
  std::vector<int> calls(6, 0);
  std::vector<ErrorKind> kinds(6, ErrorKind::none);
  for (int i = 0; i < 6; ++i)
    client.request(get(server.url("/delay/5000/ok")), [&, i](HttpResponse r) {
      ++calls[i];
      kinds[i] = r.error;
    });
  REQUIRE(client.running() == 3);
  // Let the running ones reach the server.
  REQUIRE(run_until(io, [&] { return server.get_json("/stats")["in_progress"] == 3; }, std::chrono::seconds(5)));

  client.cancel_all();
  CHECK(client.running() == 0);
  CHECK(client.queued() == 0);
  CHECK(calls == std::vector<int>(6, 0));  // posted, not called from inside cancel_all
  REQUIRE(run_until(io, [&] { return std::ranges::all_of(calls, [](int c) { return c == 1; }); }));
  io.restart();
  io.run_for(std::chrono::milliseconds(100));
  CHECK(calls == std::vector<int>(6, 1));
  CHECK(kinds == std::vector<ErrorKind>(6, ErrorKind::cancelled));

  SECTION("the client keeps working afterwards") {
    std::optional<HttpResponse> next;
    client.request(get(server.url("/ok")), [&](HttpResponse r) { next = std::move(r); });
    REQUIRE(run_until(io, [&] { return next.has_value(); }));
    CHECK(next->status == 200);
  }
}

TEST_CASE("destroying the client with transfers in flight runs no handler", "[net][lifecycle]") {
  HttpServer server;
  boost::asio::io_context io;
  ClientOptions options;
  options.max_in_flight = 4;
  options.max_per_host = 4;
  auto client = std::make_unique<vigil::net::Client>(io, options);
  int called = 0;
  for (int i = 0; i < 6; ++i) client->request(get(server.url("/delay/3000/ok")), [&](HttpResponse) { ++called; });
  REQUIRE(run_until(io, [&] { return server.get_json("/stats")["in_progress"] == 4; }, std::chrono::seconds(5)));
  client->request(get("not a url"), [&](HttpResponse) { ++called; });  // its failure is posted, not yet run

  client.reset();
  io.restart();
  // Nothing of the client is left waiting in the io_context: run() returns promptly.
  const auto started = std::chrono::steady_clock::now();
  io.run_for(std::chrono::seconds(5));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(called == 0);
}

TEST_CASE("a completion handler may start the next request", "[net][lifecycle]") {
  HttpServer server;
  boost::asio::io_context io;
  vigil::net::Client client(io, ClientOptions{});
  int completed = 0;
  std::function<void(HttpResponse)> next = [&](HttpResponse r) {
    REQUIRE(r.status == 200);
    if (++completed < 5) client.request(get(server.url("/ok")), next);
  };
  client.request(get(server.url("/ok")), next);
  REQUIRE(run_until(io, [&] { return completed == 5; }));
  CHECK(server.get_json("/stats")["paths"]["/ok"] == 5);
}

TEST_CASE("a failure known at submission is posted, not called inside request()", "[net][lifecycle]") {
  boost::asio::io_context io;
  vigil::net::Client client(io, ClientOptions{});
  bool called = false;
  client.request(get("::nonsense::"), [&](HttpResponse r) {
    called = true;
    CHECK(r.error == ErrorKind::protocol);
  });
  CHECK_FALSE(called);
  REQUIRE(run_until(io, [&] { return called; }));
}
