#include "net/transfer.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string_view>

#include "net/address_policy.hpp"

namespace vigil::net::detail {
namespace {

struct CurlFree {
  void operator()(char* text) const noexcept { curl_free(text); }
};
using CurlText = std::unique_ptr<char, CurlFree>;

std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK) return std::nullopt;
  CurlText owned(raw);
  std::string text(raw);
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  return std::ranges::any_of(prefixes, [&](std::string_view p) { return text.starts_with(p); });
}

}  // namespace

std::expected<std::string, std::string> host_key(const std::string& url) {
  CurlUrl parsed(curl_url());
  if (!parsed) return std::unexpected("out of memory");
  if (const CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK)
    return std::unexpected(std::string("malformed URL: ") + curl_url_strerror(rc));
  const auto scheme = url_part(parsed.get(), CURLUPART_SCHEME);
  if (!scheme) return std::unexpected("malformed URL: no scheme");
  if (*scheme == "file") return "file://";
  const auto host = url_part(parsed.get(), CURLUPART_HOST);
  const auto port = url_part(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!host || host->empty()) return std::unexpected("malformed URL: no host");
  return *scheme + "://" + *host + ":" + port.value_or("");
}

ErrorKind classify(CURLcode code) {
  switch (code) {
    case CURLE_OK: return ErrorKind::none;
    case CURLE_OPERATION_TIMEDOUT: return ErrorKind::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:  // the proxy could not open the tunnel (SOCKS5 reply, CONNECT refused)
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:  // STARTTLS required but not offered: no acceptable connection
    case CURLE_RECV_ERROR:      // the connection broke (reset) while we read or wrote
    case CURLE_SEND_ERROR:
      return ErrorKind::connect;
    case CURLE_TOO_MANY_REDIRECTS: return ErrorKind::too_many_redirects;
    case CURLE_FILESIZE_EXCEEDED: return ErrorKind::too_large;
    case CURLE_PARTIAL_FILE:    // the body ended before its Content-Length
    case CURLE_GOT_NOTHING:     // the connection closed without a response
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RANGE_ERROR:
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_HTTP_RETURNED_ERROR:
      return ErrorKind::protocol;
    default: return ErrorKind::other;
  }
}

Transfer::Transfer(std::string host_key, std::optional<std::chrono::seconds> timeout, bool allow_private,
                   std::chrono::milliseconds host_spacing)
    : host_key_(std::move(host_key)),
      timeout_override_(timeout),
      allow_private_(allow_private),
      host_spacing_(host_spacing) {}

std::optional<std::string> Transfer::start(const ClientOptions& options) {
  started_ = std::chrono::steady_clock::now();
  easy_.reset(curl_easy_init());
  if (!easy_) return "curl_easy_init failed";
  timeout_ = timeout_override_.value_or(options.timeout);
  connect_timeout_ = options.connect_timeout;
  CURL* easy = easy_.get();
  curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Transfer::open_socket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &Transfer::before_request);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, this);
  if (timeout_.count() > 0)
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(std::chrono::milliseconds(timeout_).count()));
  if (connect_timeout_.count() > 0)
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::chrono::milliseconds(connect_timeout_).count()));
  return configure(easy, options);
}

curl_socket_t Transfer::open_socket(void* self_pointer, curlsocktype purpose, curl_sockaddr* address) {
  auto* self = static_cast<Transfer*>(self_pointer);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    // Decided on the resolved address, before any socket exists: nothing is ever sent there.
    if (auto refused = refused_address(&address->addr, self->allow_private_)) {
      self->refused_ = std::move(*refused);
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int Transfer::before_request(void* self_pointer, char* peer_ip, char*, int, int) {
  // A reused connection never passes open_socket: a redirect, or a transfer that may not reach
  // private addresses, could land on a connection another transfer made. Check again before
  // anything is sent on it.
  auto* self = static_cast<Transfer*>(self_pointer);
  if (auto refused = refused_address(peer_ip ? peer_ip : "", self->allow_private_)) {
    self->refused_ = std::move(*refused);
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

bool Transfer::was_refused(CURLcode code) const {
  return !refused_.empty() && (code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK);
}

ErrorKind Transfer::kind_of(CURLcode code) const { return was_refused(code) ? ErrorKind::connect : classify(code); }

std::string Transfer::describe(CURLcode code) const {
  const std::string_view detail(error_buffer_);
  if (was_refused(code)) return "refused address " + refused_;
  if (code == CURLE_OPERATION_TIMEDOUT) {
    const bool connecting = starts_with_any(detail, {"Connection timed out", "Resolving timed out", "Failed to connect"});
    if (connecting && connect_timeout_.count() > 0 && (timeout_.count() == 0 || connect_timeout_ < timeout_))
      return "connect timeout after " + std::to_string(connect_timeout_.count()) + "s";
    return "timeout after " + std::to_string(timeout_.count()) + "s";
  }
  std::string message = curl_easy_strerror(code);
  if (!detail.empty() && detail != message) message += ": " + std::string(detail);
  return message;
}

std::chrono::milliseconds Transfer::elapsed() const {
  if (!started_) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - *started_);
}

}  // namespace vigil::net::detail
