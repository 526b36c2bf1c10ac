#include "tests/net/net_test_support.hpp"

#include <cctype>
#include <optional>
#include <stdexcept>

namespace vigil::test {
namespace {

std::vector<std::string> server_command(std::vector<std::string> extra) {
  std::vector<std::string> argv{VIGIL_DEBIAN_PYTHON, VIGIL_SOURCE_DIR "/tests/support/http_server.py", "--port", "0"};
  bool has_root = false;
  for (const auto& arg : extra) has_root = has_root || arg == "--root";
  if (!has_root) extra.insert(extra.end(), {"--root", VIGIL_SOURCE_DIR "/tests/fixtures/net"});
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

}  // namespace

HttpServer::HttpServer(std::vector<std::string> extra_args) : process_(server_command(std::move(extra_args))) {
  const std::string line = process_.read_line();
  if (!line.starts_with("PORT ")) throw std::runtime_error("http_server.py said: " + line);
  port_ = std::stoi(line.substr(5));
}

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

nlohmann::json HttpServer::get_json(std::string_view path) const {
  const auto response = fetch(url(path));
  if (!response.ok() || response.status != 200)
    throw std::runtime_error("GET " + std::string(path) + " failed: " + response.error_message);
  return nlohmann::json::parse(response.body);
}

std::string fixture_path(std::string_view name) {
  return std::string(VIGIL_SOURCE_DIR "/tests/fixtures/net/") + std::string(name);
}

SelfSignedCert make_self_signed_cert(const TempDir& dir) {
  SelfSignedCert made{dir.file("cert.pem"), dir.file("key.pem")};
  ChildProcess openssl({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", made.key, "-out",
                        made.cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
                       dir.file("openssl.log"));
  if (openssl.wait(std::chrono::seconds(30)) != 0) throw std::runtime_error("openssl req failed (is openssl installed?)");
  return made;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(50));
  }
  return done();
}

net::HttpResponse fetch(net::HttpRequest request, net::ClientOptions options) {
  boost::asio::io_context io;
  net::Client client(io, std::move(options));
  std::optional<net::HttpResponse> result;
  client.request(std::move(request), [&](net::HttpResponse response) { result = std::move(response); });
  if (!run_until(io, [&] { return result.has_value(); })) throw std::runtime_error("request never completed");
  return std::move(*result);
}

net::HttpResponse fetch(std::string url, net::ClientOptions options) {
  net::HttpRequest request;
  request.url = std::move(url);
  return fetch(std::move(request), std::move(options));
}

}  // namespace vigil::test
