// The HTTP endpoints on their own: routing, status codes, the bearer token, and clients that
// misbehave (silent, oversized, too many) without holding anyone else up.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/http_endpoints.hpp"

using namespace vigil::daemon;
using namespace std::chrono_literals;

namespace {

// A connected client socket, closed on destruction.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& bytes) { (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Everything until the server closes the connection (or `timeout` passes).
  std::string read_all(std::chrono::milliseconds timeout = 10s) {
    timeval tv{.tv_sec = static_cast<time_t>(timeout.count() / 1000),
               .tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }
  // Whether the server closed the connection: recv sees EOF (or a reset) within `timeout`.
  bool closed_by_server(std::chrono::milliseconds timeout = 10s) {
    timeval tv{.tv_sec = static_cast<time_t>(timeout.count() / 1000),
               .tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char byte;
    const auto n = ::recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

Reply parse_reply(const std::string& raw) {
  Reply reply;
  const auto end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  reply.head = raw.substr(0, end);
  reply.body = raw.substr(end + 4);
  return reply;
}

// The endpoints on their own io thread, with handlers the test controls.
struct Server {
  explicit Server(HttpEndpointOptions options = {}) {
    if (options.listen.empty()) options.listen = "127.0.0.1:0";
    EndpointHandlers handlers;
    handlers.metrics = [this](EndpointHandlers::MetricsReply reply) {
      ++metrics_calls;
      const std::lock_guard lock(mutex);
      if (!silent) reply(std::string("# TYPE up gauge\nup 1\n"));
      else held = std::move(reply);  // not answered until the test says so
    };
    handlers.health = [this](EndpointHandlers::HealthReply reply) {
      const std::lock_guard lock(mutex);
      // Answered from another thread, as the CPU pool would.
      std::thread([reply = std::move(reply), problem = problem] { reply(problem); }).detach();
    };
    endpoints.emplace(io, std::move(options), std::move(handlers));
    started = endpoints->start();
    thread = std::thread([this] { io.run(); });
  }
  ~Server() {
    boost::asio::post(io, [this] { endpoints->stop(); });
    work.reset();
    io.stop();
    thread.join();
  }

  Reply get(const std::string& path, const std::string& headers = "") {
    Client client(port());
    client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n");
    return parse_reply(client.read_all());
  }
  int port() const { return endpoints->port(); }

  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::optional<HttpEndpoints> endpoints;
  std::expected<void, std::string> started;
  std::thread thread;
  std::atomic<int> metrics_calls{0};
  std::mutex mutex;  // guards the three below
  std::optional<std::string> problem;
  bool silent = false;
  EndpointHandlers::MetricsReply held;
};

HttpEndpointOptions quick_timeouts(HttpEndpointOptions options = {}) {
  options.io_timeout = 300ms;
  options.answer_timeout = 300ms;
  return options;
}

}  // namespace

TEST_CASE("GET /metrics answers the exposition text as text/plain version 0.0.4", "[daemon][http]") {
  Server server;
  REQUIRE(server.started);
  const auto reply = server.get("/metrics");
  CHECK(reply.status == 200);
  CHECK(reply.head.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  CHECK(reply.body == "# TYPE up gauge\nup 1\n");
  CHECK(server.get("/metrics?debug=1").status == 200);  // a query string does not change the path
}

TEST_CASE("GET /healthz answers 200 ok, or 503 with the reason", "[daemon][http]") {
  Server server;
  REQUIRE(server.started);
  auto reply = server.get("/healthz");
  CHECK(reply.status == 200);
  CHECK(reply.body == "ok\n");
  {
    const std::lock_guard lock(server.mutex);
    server.problem = "the store is locked";
  }
  reply = server.get("/healthz");
  CHECK(reply.status == 503);
  CHECK(reply.body == "the store is locked\n");
}

TEST_CASE("other paths answer 404 and other methods 405", "[daemon][http]") {
  Server server;
  REQUIRE(server.started);
  CHECK(server.get("/").status == 404);
  CHECK(server.get("/metrics/extra").status == 404);
  Client client(server.port());
  client.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
  const auto reply = parse_reply(client.read_all());
  CHECK(reply.status == 405);
  CHECK(reply.head.find("Allow: GET") != std::string::npos);
  CHECK(server.metrics_calls == 0);
}

TEST_CASE("with a token, both endpoints answer 401 unless the request carries it", "[daemon][http]") {
  HttpEndpointOptions options;
  options.token = "s3cret-token";
  Server server(options);
  REQUIRE(server.started);
  for (const std::string path : {"/metrics", "/healthz"}) {
    INFO(path);
    const auto refused = server.get(path);
    CHECK(refused.status == 401);
    CHECK(refused.head.find("WWW-Authenticate: Bearer") != std::string::npos);
    CHECK(refused.body.find("s3cret") == std::string::npos);
    CHECK(server.get(path, "Authorization: Bearer wrong-token!\r\n").status == 401);
    CHECK(server.get(path, "Authorization: Bearer s3cret-token-and-more\r\n").status == 401);
    CHECK(server.get(path, "Authorization: Basic s3cret-token\r\n").status == 401);
    CHECK(server.get(path, "Authorization: Bearer s3cret-token\r\n").status == 200);
    CHECK(server.get(path, "Authorization: bearer s3cret-token\r\n").status == 200);  // the scheme ignores case
  }
  CHECK(server.metrics_calls == 2);  // refused requests never reach the handler
}

TEST_CASE("a bearer token compares whole: no prefix, no extension, no other scheme", "[daemon][http]") {
  CHECK(bearer_matches("Bearer abc", "abc"));
  CHECK(bearer_matches("BEARER abc", "abc"));
  CHECK_FALSE(bearer_matches("Bearer ab", "abc"));
  CHECK_FALSE(bearer_matches("Bearer abcd", "abc"));
  CHECK_FALSE(bearer_matches("Bearer abd", "abc"));
  CHECK_FALSE(bearer_matches("Bearer ", "abc"));
  CHECK_FALSE(bearer_matches("Bearerabc", "abc"));
  CHECK_FALSE(bearer_matches("Token abc", "abc"));
  CHECK_FALSE(bearer_matches("Bearer ", ""));  // no token configured never matches
}

TEST_CASE("a second listener on a taken address says which address and why", "[daemon][http]") {
  Server first;
  REQUIRE(first.started);
  boost::asio::io_context io;
  const auto address = "127.0.0.1:" + std::to_string(first.port());
  HttpEndpointOptions options;
  options.listen = address;
  HttpEndpoints second(io, options, {});
  const auto started = second.start();
  REQUIRE_FALSE(started);
  CHECK(started.error() == "listen " + address + ": address already in use");
}

TEST_CASE("oversized request headers are refused with 431", "[daemon][http]") {
  HttpEndpointOptions options;
  options.max_header_bytes = 1024;
  Server server(options);
  REQUIRE(server.started);
  const auto reply = server.get("/metrics", "X-Padding: " + std::string(4000, 'a') + "\r\n");
  CHECK(reply.status == 431);
  CHECK(server.metrics_calls == 0);
}

TEST_CASE("a client that sends nothing neither blocks others nor stays connected", "[daemon][http]") {
  Server server(quick_timeouts());
  REQUIRE(server.started);
  Client silent(server.port());
  REQUIRE(silent.connected());
  Client half(server.port());
  half.send("GET /metrics HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
  CHECK(server.get("/metrics").status == 200);
  CHECK(silent.closed_by_server());  // after the read timeout
  CHECK(half.closed_by_server());
}

TEST_CASE("connections past the cap are closed at once; the endpoints serve again when one ends",
          "[daemon][http]") {
  HttpEndpointOptions options;
  options.max_connections = 2;
  Server server(options);
  REQUIRE(server.started);
  auto first = std::make_unique<Client>(server.port());
  Client second(server.port());
  second.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive: stays open after its answer
  // Once both are counted, a third connection is closed without an answer.
  bool refused = false;
  for (int attempt = 0; attempt < 50 && !refused; ++attempt) {
    Client third(server.port());
    third.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    refused = third.read_all().empty();
  }
  CHECK(refused);
  first.reset();
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    served = server.get("/metrics").status == 200;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  CHECK(served);
}

TEST_CASE("a handler that does not answer in time gets a 503, and a late answer is dropped", "[daemon][http]") {
  Server server(quick_timeouts());
  REQUIRE(server.started);
  {
    const std::lock_guard lock(server.mutex);
    server.silent = true;
  }
  const auto reply = server.get("/metrics");
  CHECK(reply.status == 503);
  {
    const std::lock_guard lock(server.mutex);
    server.held(std::string("late\n"));  // after the connection is gone: nothing breaks
    server.silent = false;
  }
  CHECK(server.get("/metrics").status == 200);
}

TEST_CASE("a kept-alive connection serves one request after another", "[daemon][http]") {
  Server server;
  REQUIRE(server.started);
  Client client(server.port());
  client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto raw = client.read_all();
  CHECK(raw.find("HTTP/1.1 200 OK") == 0);
  CHECK(raw.find("up 1\n") != std::string::npos);
  CHECK(raw.find("ok\n") != std::string::npos);
}
