#pragma once
// The daemon's HTTP endpoints on `[daemon] listen`: GET /metrics and GET /healthz, over
// HTTP/1.1 on the io_context (Boost.Beast, kept inside http_endpoints.cpp so few translation
// units compile it). With a token, both answer 401 unless the request carries
// `Authorization: Bearer <token>`. Other paths answer 404, other methods 405.
//
// A slow or hostile client never holds the daemon up: requests are read with a size limit and
// a timeout, answers are written with a timeout, and connections past a small cap are closed
// at once. The handlers do their work elsewhere (the CPU pool) and answer when ready.
#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace vigil::daemon {

struct HttpEndpointOptions {
  std::string listen;                                // "host:port" or "[v6addr]:port"
  std::string token;                                 // "" for none; never logged
  std::chrono::milliseconds io_timeout{10'000};      // to read one request, or to write one answer
  std::chrono::milliseconds answer_timeout{10'000};  // a handler slower than this gets a 503
  std::size_t max_header_bytes = 8 * 1024;           // request line and headers
  std::size_t max_connections = 16;
};

// What the endpoints answer. Each handler is called on the io thread and calls its reply once,
// from any thread.
struct EndpointHandlers {
  using MetricsReply = std::function<void(std::expected<std::string, std::string>)>;  // text, or why not
  using HealthReply = std::function<void(std::optional<std::string>)>;                // nullopt: healthy
  std::function<void(MetricsReply)> metrics;
  std::function<void(HealthReply)> health;
};

// The Content-Type of /metrics.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

class EndpointServer;  // internal to http_endpoints.cpp

class HttpEndpoints {
 public:
  HttpEndpoints(boost::asio::io_context& io, HttpEndpointOptions options, EndpointHandlers handlers);
  ~HttpEndpoints();
  HttpEndpoints(const HttpEndpoints&) = delete;
  HttpEndpoints& operator=(const HttpEndpoints&) = delete;

  // Binds the listener and starts accepting. The error names the address and the reason:
  // "listen 127.0.0.1:9470: address already in use".
  std::expected<void, std::string> start();
  // Stops accepting and closes the open connections (io thread).
  void stop();
  // The port bound by start() (useful with port 0); 0 before.
  unsigned short port() const;

 private:
  std::shared_ptr<EndpointServer> server_;
};

// Whether an Authorization header value is "Bearer <token>" (scheme case-insensitive), compared
// in time that does not depend on the token's content.
bool bearer_matches(std::string_view authorization, std::string_view token);

}  // namespace vigil::daemon
