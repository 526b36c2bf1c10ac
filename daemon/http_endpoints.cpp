#include "daemon/http_endpoints.hpp"

#include <cctype>
#include <list>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace vigil::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxRequestBody = 1024;  // GET has none; a small one is read and refused
constexpr auto kAcceptRetry = std::chrono::milliseconds(200);  // after EMFILE and the like

// "Address already in use" -> "address already in use", as the rest of our messages read.
std::string lowercase_first(std::string text) {
  if (!text.empty()) text.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(text.front())));
  return text;
}

// "host:port" or "[v6]:port".
std::pair<std::string, std::string> split_listen(std::string_view listen) {
  if (listen.starts_with('[')) {
    const auto close = listen.find("]:");
    if (close != std::string_view::npos)
      return {std::string(listen.substr(1, close - 1)), std::string(listen.substr(close + 2))};
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string_view::npos) return {std::string(listen), ""};
  return {std::string(listen.substr(0, colon)), std::string(listen.substr(colon + 1))};
}

}  // namespace

bool bearer_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view scheme = "bearer ";
  if (token.empty() || authorization.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return false;
  const auto given = authorization.substr(scheme.size());
  // Every byte of what was given is compared, whatever matched before: the time depends on the
  // length of the guess, never on how much of the token it got right.
  unsigned difference = given.size() == token.size() ? 0u : 1u;
  for (std::size_t i = 0; i < given.size(); ++i)
    difference |= static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(token[i % token.size()]);
  return difference == 0;
}

class Session;

class EndpointServer : public std::enable_shared_from_this<EndpointServer> {
 public:
  EndpointServer(asio::io_context& io, HttpEndpointOptions options, EndpointHandlers handlers)
      : io(io), options(std::move(options)), handlers(std::move(handlers)), acceptor(io), retry_timer(io) {}

  void accept();
  void stop();

  asio::io_context& io;
  HttpEndpointOptions options;
  EndpointHandlers handlers;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::list<std::weak_ptr<Session>> sessions;  // io thread only
  bool stopped = false;
};

// One client connection: read a request, answer it, and again while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<EndpointServer> server, tcp::socket socket)
      : server_(std::move(server)), stream_(std::move(socket)), answer_timer_(server_->io) {}

  void start() { read(); }
  void close() {
    beast::error_code ignored;
    answer_timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  const HttpEndpointOptions& options() const { return server_->options; }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(options().io_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec == http::error::header_limit)
      return answer(http::status::request_header_fields_too_large, "request headers too large\n", /*close=*/true);
    if (ec == http::error::body_limit) return answer(http::status::payload_too_large, "request body too large\n", true);
    if (ec) return answer(http::status::bad_request, "bad request\n", true);
    handle(parser_->release());
  }

  void handle(const http::request<http::string_body>& request) {
    keep_alive_ = request.keep_alive();
    version_ = request.version();
    std::string_view target(request.target().data(), request.target().size());
    target = target.substr(0, target.find('?'));
    const bool metrics = target == "/metrics";
    const bool health = target == "/healthz";
    spdlog::debug("http: {} {}", std::string(request.method_string()), std::string(target.substr(0, 200)));
    if (!metrics && !health) return answer(http::status::not_found, "not found\n");
    if (request.method() != http::verb::get) return answer(http::status::method_not_allowed, "only GET\n");
    if (!options().token.empty()) {
      const auto given = request[http::field::authorization];
      if (!bearer_matches(std::string_view(given.data(), given.size()), options().token))
        return answer(http::status::unauthorized, "a bearer token is required\n");
    }
    const unsigned id = ++request_id_;
    answer_timer_.expires_after(options().answer_timeout);
    answer_timer_.async_wait([self = shared_from_this(), id](const boost::system::error_code& timer_ec) {
      if (timer_ec || self->request_id_ != id || self->answered_) return;
      self->answer(http::status::service_unavailable, "no answer in time\n");
    });
    answered_ = false;
    // The reply may come from any thread: it hops back to the io thread, and a reply that
    // comes after the timeout (or for an earlier request) is dropped.
    auto on_io = [self = shared_from_this(), id](auto&& deliver) {
      asio::post(self->server_->io, [self, id, deliver = std::move(deliver)]() mutable {
        if (self->request_id_ != id || self->answered_) return;
        self->answer_timer_.cancel();
        deliver(*self);
      });
    };
    if (metrics) {
      server_->handlers.metrics([on_io](std::expected<std::string, std::string> text) {
        on_io([text = std::move(text)](Session& s) {
          if (text) s.answer(http::status::ok, std::move(*text), false, kMetricsContentType);
          else s.answer(http::status::service_unavailable, text.error() + "\n");
        });
      });
    } else {
      server_->handlers.health([on_io](std::optional<std::string> problem) {
        on_io([problem = std::move(problem)](Session& s) {
          if (!problem) s.answer(http::status::ok, "ok\n");
          else s.answer(http::status::service_unavailable, *problem + "\n");
        });
      });
    }
  }

  void answer(http::status status, std::string body, bool close = false,
              std::string_view content_type = "text/plain; charset=utf-8") {
    answered_ = true;
    response_ = {};
    response_.version(version_);
    response_.result(status);
    response_.set(http::field::content_type, content_type);
    response_.set(http::field::cache_control, "no-store");
    if (status == http::status::unauthorized) response_.set(http::field::www_authenticate, R"(Bearer realm="vigil")");
    if (status == http::status::method_not_allowed) response_.set(http::field::allow, "GET");
    response_.body() = std::move(body);
    response_.keep_alive(keep_alive_ && !close);
    response_.prepare_payload();
    stream_.expires_after(options().io_timeout);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->response_.keep_alive() || self->server_->stopped) return self->close();
      self->read();
    });
  }

  std::shared_ptr<EndpointServer> server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  asio::steady_timer answer_timer_;
  unsigned request_id_ = 0;
  bool answered_ = true;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

void EndpointServer::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (self->stopped || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of descriptors, say: wait a little instead of spinning on the error.
      spdlog::warn("http: accept: {}", lowercase_first(ec.message()));
      self->retry_timer.expires_after(kAcceptRetry);
      self->retry_timer.async_wait([self](const boost::system::error_code& timer_ec) {
        if (!timer_ec) self->accept();
      });
      return;
    }
    self->sessions.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
    if (self->sessions.size() >= self->options.max_connections) {
      spdlog::debug("http: {} connections open; closing a new one", self->sessions.size());
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      auto session = std::make_shared<Session>(self, std::move(socket));
      self->sessions.push_back(session);
      session->start();
    }
    self->accept();
  });
}

void EndpointServer::stop() {
  stopped = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
  for (auto& weak : sessions)
    if (auto session = weak.lock()) session->close();
  sessions.clear();
}

HttpEndpoints::HttpEndpoints(asio::io_context& io, HttpEndpointOptions options, EndpointHandlers handlers)
    : server_(std::make_shared<EndpointServer>(io, std::move(options), std::move(handlers))) {}

HttpEndpoints::~HttpEndpoints() { server_->stop(); }

std::expected<void, std::string> HttpEndpoints::start() {
  const auto& listen = server_->options.listen;
  const auto fail = [&](const beast::error_code& ec) {
    return std::unexpected("listen " + listen + ": " + lowercase_first(ec.message()));
  };
  const auto [host, port] = split_listen(listen);
  beast::error_code ec;
  tcp::resolver resolver(server_->io);
  const auto endpoints = resolver.resolve(host, port, tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return fail(ec);
  auto& acceptor = server_->acceptor;
  for (const auto& entry : endpoints) {
    beast::error_code ignored;
    acceptor.close(ignored);
    if (acceptor.open(entry.endpoint().protocol(), ec)) continue;
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);  // a restart is not blocked by TIME_WAIT
    if (acceptor.bind(entry.endpoint(), ec)) continue;
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) continue;
    const auto bound = acceptor.local_endpoint(ec);
    const auto address = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    spdlog::info("serving /metrics and /healthz on http://{}:{}{}", address, bound.port(),
                 server_->options.token.empty() ? "" : " (bearer token required)");
    server_->accept();
    return {};
  }
  beast::error_code ignored;
  acceptor.close(ignored);
  if (!ec) ec = asio::error::host_not_found;
  return fail(ec);
}

void HttpEndpoints::stop() { server_->stop(); }

unsigned short HttpEndpoints::port() const {
  beast::error_code ec;
  const auto endpoint = server_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace vigil::daemon
