#pragma once
// An HTTP(S) or file:// request on one easy handle. Internal to net/.
#include <cstddef>
#include <functional>

#include "net/transfer.hpp"

namespace vigil::net::detail {

class HttpTransfer final : public Transfer {
 public:
  HttpTransfer(std::string host_key, HttpRequest request, std::function<void(HttpResponse)> done);

  Completion finish(CURLcode code) override;
  Completion fail(ErrorKind kind, std::string message) override;

 private:
  std::optional<std::string> configure(CURL* easy, const ClientOptions& options) override;
  Completion complete();

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  // At the end of each response's headers: follows the redirect chain for permanent_url.
  void end_of_headers();

  HttpRequest request_;
  std::function<void(HttpResponse)> done_;
  HttpResponse response_;
  CurlSlist request_headers_;
  std::size_t max_body_ = 0;
  std::size_t header_bytes_ = 0;
  bool body_too_large_ = false;
  bool headers_too_large_ = false;
  // The redirect chain as curl walks it: the status of the response being read, the URL it
  // came from (Location is relative to it), and whether every hop so far was permanent.
  long hop_status_ = 0;
  CurlUrl hop_url_;
  bool permanent_so_far_ = true;
};

}  // namespace vigil::net::detail
