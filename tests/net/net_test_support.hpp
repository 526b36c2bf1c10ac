#pragma once
// Helpers for the net tests: the fixture HTTP server, and running an io_context until a
// condition holds (with a generous safety limit so a bug fails a test instead of hanging it).
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "net/client.hpp"
#include "tests/support/child_process.hpp"

namespace vigil::test {

// tests/support/http_server.py on a free port, serving tests/fixtures/net/ unless told otherwise.
class HttpServer {
 public:
  explicit HttpServer(std::vector<std::string> extra_args = {});
  int port() const { return port_; }
  // "http://127.0.0.1:<port>" + path
  std::string url(std::string_view path) const;
  nlohmann::json get_json(std::string_view path) const;

 private:
  ChildProcess process_;
  int port_ = 0;
};

std::string fixture_path(std::string_view name);  // tests/fixtures/net/<name>

// A self-signed certificate for 127.0.0.1 made now with the openssl CLI, in `dir`.
struct SelfSignedCert {
  std::string cert;  // PEM files
  std::string key;
};
SelfSignedCert make_self_signed_cert(const TempDir& dir);

// For query parameters that carry URLs: everything but unreserved characters escaped.
std::string percent_encode(std::string_view text);

// Runs `io` until `done()` is true or `limit` passes; returns done().
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit = std::chrono::seconds(20));

// One request on a fresh io_context and Client, waited for.
net::HttpResponse fetch(net::HttpRequest request, net::ClientOptions options = {});
net::HttpResponse fetch(std::string url, net::ClientOptions options = {});

}  // namespace vigil::test
