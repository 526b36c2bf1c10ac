#pragma once
// One queued or running transfer: what Client's queue and the bridge need to know, whatever
// the protocol. HttpTransfer and MailTransfer fill in the easy handle and the result. Internal.
#include <curl/curl.h>

#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>

#include "net/client.hpp"
#include "net/curl_handles.hpp"

namespace vigil::net::detail {

// The user's handler bound to its result, ready to be posted to the io_context.
using Completion = std::function<void()>;

// The limit key of a URL: scheme://host:port, lower-cased ("file://" for every file URL).
std::expected<std::string, std::string> host_key(const std::string& url);

// A CURLcode as one of our kinds. Timeouts, refused connections and TLS failures are the
// caller's business to retry; `protocol` covers what the server or URL got wrong.
ErrorKind classify(CURLcode code);

class Transfer {
 public:
  Transfer(std::string host_key, std::optional<std::chrono::seconds> timeout, bool allow_private,
           std::chrono::milliseconds host_spacing = std::chrono::milliseconds(0));
  virtual ~Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  const std::string& host_key() const { return host_key_; }
  CURL* easy() const { return easy_.get(); }
  // How long after the previous start to the same host this transfer may start.
  std::chrono::milliseconds host_spacing() const { return host_spacing_; }

  // Builds the easy handle as the transfer starts running (so a queued transfer costs no
  // handle and its timeout starts now). An error message when the request cannot be sent.
  std::optional<std::string> start(const ClientOptions& options);

  // The completion for curl's verdict on a started transfer.
  virtual Completion finish(CURLcode code) = 0;
  // The completion for a transfer that failed without curl's help (cancelled, bad request).
  virtual Completion fail(ErrorKind kind, std::string message) = 0;

 protected:
  // Protocol-specific options on the fresh handle; an error message if the request is invalid.
  virtual std::optional<std::string> configure(CURL* easy, const ClientOptions& options) = 0;

  // "timeout after 30s", "refused address 169.254.169.254", or curl's text with its detail.
  std::string describe(CURLcode code) const;
  ErrorKind kind_of(CURLcode code) const;
  bool was_refused(CURLcode code) const;  // by our address policy, not by the peer
  std::chrono::milliseconds elapsed() const;

 private:
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int before_request(void* self, char* peer_ip, char* local_ip, int peer_port, int local_port);

  std::string host_key_;
  std::optional<std::chrono::seconds> timeout_override_;
  std::chrono::seconds timeout_{0};
  std::chrono::seconds connect_timeout_{0};
  bool allow_private_;
  std::chrono::milliseconds host_spacing_;
  std::string refused_;  // the last address the open-socket hook refused
  std::optional<std::chrono::steady_clock::time_point> started_;
  CurlEasy easy_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace vigil::net::detail
