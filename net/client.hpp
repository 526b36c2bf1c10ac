#pragma once
// Asynchronous HTTP(S)/file and SMTP transfers on one Boost.Asio io_context, driven by
// libcurl's multi-socket API. Completion handlers always run on the io_context thread, posted,
// never from inside a curl callback or from inside request()/send_mail()/cancel_all().
// Use a Client from the io_context's thread only (or before the io_context runs).
// No libcurl type leaks out of this header.
//
// Every connection, redirects included, refuses link-local and metadata addresses
// (169.254.0.0/16, fe80::/10, fd00:ec2::254) before connecting: ErrorKind::connect,
// "refused address 169.254.169.254".
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace vigil::net {

struct ClientOptions {
  std::size_t max_in_flight = 64;   // transfers running at once, all hosts
  std::size_t max_per_host = 2;     // transfers running at once to one host (scheme+host+port)
  std::string user_agent = "vigil/0.1";
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds timeout{60};           // whole transfer, from the moment it starts running
  std::size_t max_body = 16 * 1024 * 1024;    // larger bodies fail with ErrorKind::too_large
  long max_redirects = 5;
};

// Transport failures, classified into the few kinds that drive backoff.
enum class ErrorKind { none, timeout, connect, too_large, too_many_redirects, protocol, cancelled, other };
const char* to_string(ErrorKind kind);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string url;
  std::string method = "GET";     // "GET", "POST", "HEAD" (others are sent as they are, with `body`)
  Headers headers;                // extra request headers, e.g. If-None-Match
  std::string body;               // for POST
  bool allow_file = false;        // permit file:// (configured sources only); redirects are always http(s)
  std::optional<std::chrono::seconds> timeout;  // overrides ClientOptions::timeout
  // false: also refuse loopback, private (RFC 1918, CGNAT, fc00::/7) and unspecified addresses,
  // for links taken from feeds or pages.
  bool allow_private_addresses = true;
  // Politeness: the request starts no sooner than this after the previous transfer to the same
  // host (scheme+host+port) started. Other hosts' requests are not held up meanwhile.
  std::chrono::milliseconds host_spacing{0};
  std::optional<std::size_t> max_body;  // overrides ClientOptions::max_body (decoded bytes)
  std::string username;           // HTTP basic auth when non-empty; never sent to another host
  std::string password;           // on a redirect
  // http://, https://, socks5:// or socks5h:// proxy; "" connects directly; nullopt leaves
  // libcurl's default (the http_proxy/https_proxy environment variables).
  std::optional<std::string> proxy;
  bool verify_tls = true;         // false: accept any certificate (a source's insecure_tls)
};

struct HttpResponse {
  long status = 0;                // 0 when the transfer failed before a status line; 200 for a file:// read
  std::string effective_url;      // after redirects
  // Where the leading run of permanent redirects (301, 308) led, "" when the first hop was
  // not one: A -301-> B -302-> C gives B, the URL the request should use from now on.
  std::string permanent_url;
  Headers headers;                // of the final response; names lower-cased
  std::string body;               // decoded (gzip, deflate, br, zstd)
  ErrorKind error = ErrorKind::none;
  std::string error_message;      // "timeout after 30s", "body larger than 16777216 bytes"
  bool address_refused = false;   // our address policy refused the peer (error is connect)
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return error == ErrorKind::none; }
  // First header with this (case-insensitive) name, or "".
  std::string header(std::string_view name) const;
};

enum class StartTls { required, opportunistic, never };

struct MailRequest {
  std::string url;                // smtp://host:port (STARTTLS per `starttls`) or smtps://host:port
  StartTls starttls = StartTls::required;
  std::string username;           // empty: no AUTH
  std::string password;
  std::string mail_from;          // bare address for MAIL FROM
  std::vector<std::string> rcpt_to;  // bare addresses
  std::string message;            // the full RFC 5322 message, CRLF line ends
  std::optional<std::chrono::seconds> timeout;
};

// A refusal by the server (any reply >= 400: MAIL, RCPT, DATA, AUTH) is ErrorKind::protocol with
// the reply's code: 5xx is permanent, 4xx transient. STARTTLS required but not offered is
// ErrorKind::connect.
struct MailResult {
  long code = 0;                  // the server's last reply code (250 on success), 0 if none
  std::string reply;              // the server's last reply ("250 OK", "550 5.1.1 ..."), or the transport error
  ErrorKind error = ErrorKind::none;
  bool ok() const { return error == ErrorKind::none && code / 100 == 2; }
};

// The key the per-host limits use for a URL, "scheme://host:port" lower-cased ("file://" for
// files); nullopt for a malformed URL.
std::optional<std::string> host_of(const std::string& url);

class Client {
 public:
  Client(boost::asio::io_context& io, ClientOptions options);
  // Stops every transfer; handlers not yet run are dropped, never called.
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Queues the request; it starts when the global and per-host limits allow.
  void request(HttpRequest request, std::function<void(HttpResponse)> done);
  void send_mail(MailRequest request, std::function<void(MailResult)> done);

  std::size_t running() const;   // transfers in progress
  std::size_t queued() const;    // waiting for a slot

  // Fails every queued and running transfer with ErrorKind::cancelled (their handlers run).
  void cancel_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::net
