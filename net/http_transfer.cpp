#include "net/http_transfer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace vigil::net::detail {
namespace {

// Response headers beyond this are an attack or a broken server, not a feed.
constexpr std::size_t max_header_bytes = 1024 * 1024;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool valid_header_name(std::string_view name) {
  return !name.empty() && std::ranges::all_of(name, [](unsigned char c) {
    return c > 32 && c < 127 && c != ':';
  });
}

bool valid_header_value(std::string_view value) {
  return std::ranges::none_of(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

HttpTransfer::HttpTransfer(std::string host_key, HttpRequest request, std::function<void(HttpResponse)> done)
    : Transfer(std::move(host_key), request.timeout, request.allow_private_addresses, request.host_spacing),
      request_(std::move(request)),
      done_(std::move(done)) {}

std::optional<std::string> HttpTransfer::configure(CURL* easy, const ClientOptions& options) {
  max_body_ = request_.max_body.value_or(options.max_body);
  curl_easy_setopt(easy, CURLOPT_URL, request_.url.c_str());
  hop_url_.reset(curl_url());
  if (!hop_url_ || curl_url_set(hop_url_.get(), CURLUPART_URL, request_.url.c_str(), 0) != CURLUE_OK)
    hop_url_.reset();  // no redirect bookkeeping; curl reports the bad URL itself
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, request_.allow_file ? "http,https,file" : "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options.max_redirects);
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_body_));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &HttpTransfer::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &HttpTransfer::on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);  // a proxy's CONNECT reply is not ours
  if (!request_.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(easy, CURLOPT_USERNAME, request_.username.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, request_.password.c_str());
  }
  if (request_.proxy) {
    const auto& proxy = *request_.proxy;
    const std::string scheme = lower(std::string_view(proxy).substr(0, proxy.find("://") + 3));
    const bool known = proxy.empty() || scheme == "http://" || scheme == "https://" || scheme == "socks5://" ||
                       scheme == "socks5h://";
    if (!known) return "unsupported proxy scheme (http, https, socks5 or socks5h)";
    curl_easy_setopt(easy, CURLOPT_PROXY, proxy.c_str());
  }
  if (!request_.verify_tls) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  bool has_expect = false;
  for (const auto& [name, value] : request_.headers) {
    if (!valid_header_name(name) || !valid_header_value(value)) return "invalid request header \"" + name + "\"";
    has_expect = has_expect || lower(name) == "expect";
    // "Name;" is curl's way to send a header with an empty value ("Name:" would remove it).
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    if (!append(request_headers_, line.c_str())) return "out of memory";
  }

  if (request_.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request_.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else {
    if (!valid_header_name(request_.method)) return "invalid method \"" + request_.method + "\"";
    if (request_.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request_.method.c_str());
    }
    if (request_.method == "POST" || !request_.body.empty()) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request_.body.data());
    }
    // No "Expect: 100-continue" round trip: receivers answer the whole request anyway.
    if (!has_expect && !append(request_headers_, "Expect:")) return "out of memory";
  }
  if (request_headers_) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, request_headers_.get());
  return std::nullopt;
}

std::size_t HttpTransfer::on_body(char* data, std::size_t size, std::size_t count, void* self_pointer) {
  auto* self = static_cast<HttpTransfer*>(self_pointer);
  const std::size_t length = size * count;
  if (length > self->max_body_ - std::min(self->max_body_, self->response_.body.size())) {
    self->body_too_large_ = true;
    return CURL_WRITEFUNC_ERROR;
  }
  try {
    self->response_.body.append(data, length);
  } catch (...) {
    return CURL_WRITEFUNC_ERROR;
  }
  return length;
}

std::size_t HttpTransfer::on_header(char* data, std::size_t size, std::size_t count, void* self_pointer) {
  auto* self = static_cast<HttpTransfer*>(self_pointer);
  const std::size_t length = size * count;
  self->header_bytes_ += length;
  if (self->header_bytes_ > max_header_bytes) {
    self->headers_too_large_ = true;
    return 0;
  }
  const std::string_view line(data, length);
  auto& headers = self->response_.headers;
  try {
    if (line.starts_with("HTTP/")) {
      headers.clear();  // a new response (redirect, 100 Continue): keep only the final one's
      const auto space = line.find(' ');
      self->hop_status_ = space == std::string_view::npos ? 0 : std::atol(std::string(line.substr(space + 1, 3)).c_str());
    } else if (line == "\r\n" || line == "\n") {
      self->end_of_headers();
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (!headers.empty() && !trim(line).empty()) {  // obsolete line folding
        headers.back().second += ' ';
        headers.back().second += trim(line);
      }
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
  } catch (...) {
    return 0;
  }
  return length;
}

void HttpTransfer::end_of_headers() {
  const bool redirect = hop_status_ == 301 || hop_status_ == 302 || hop_status_ == 303 || hop_status_ == 307 ||
                        hop_status_ == 308;
  if (!redirect || !hop_url_) return;
  const std::string location = response_.header("location");
  // Relative to the URL of the response that carried it; curl resolves the same way.
  if (location.empty() || curl_url_set(hop_url_.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) {
    permanent_so_far_ = false;
    return;
  }
  permanent_so_far_ = permanent_so_far_ && (hop_status_ == 301 || hop_status_ == 308);
  if (!permanent_so_far_) return;
  char* url = nullptr;
  if (curl_url_get(hop_url_.get(), CURLUPART_URL, &url, 0) == CURLUE_OK && url) {
    response_.permanent_url = url;
    curl_free(url);
  }
}

Completion HttpTransfer::finish(CURLcode code) {
  CURL* handle = easy();
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  response_.status = status;
  if (char* url = nullptr; curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
    response_.effective_url = url;
  if (code == CURLE_OK && status == 0 && host_key() == "file://") response_.status = 200;

  if (body_too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    response_.error = ErrorKind::too_large;
    response_.error_message = "body larger than " + std::to_string(max_body_) + " bytes";
  } else if (headers_too_large_) {
    response_.error = ErrorKind::too_large;
    response_.error_message = "headers larger than " + std::to_string(max_header_bytes) + " bytes";
  } else if (code != CURLE_OK) {
    response_.error = kind_of(code);
    response_.error_message = describe(code);
    response_.address_refused = was_refused(code);
  }
  if (!response_.ok()) response_.body.clear();  // a partial body is no body
  return complete();
}

Completion HttpTransfer::fail(ErrorKind kind, std::string message) {
  response_ = HttpResponse{};
  response_.error = kind;
  response_.error_message = std::move(message);
  return complete();
}

Completion HttpTransfer::complete() {
  response_.elapsed = elapsed();
  return [done = std::move(done_), response = std::move(response_)]() mutable { done(std::move(response)); };
}

}  // namespace vigil::net::detail
