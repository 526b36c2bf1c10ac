#pragma once
// One SMTP submission (MAIL FROM, RCPT TO..., DATA) on one easy handle. Internal to net/.
#include <cstddef>
#include <functional>

#include "net/transfer.hpp"

namespace vigil::net::detail {

class MailTransfer final : public Transfer {
 public:
  MailTransfer(std::string host_key, MailRequest request, std::function<void(MailResult)> done);

  Completion finish(CURLcode code) override;
  Completion fail(ErrorKind kind, std::string message) override;

 private:
  std::optional<std::string> configure(CURL* easy, const ClientOptions& options) override;
  Completion complete(MailResult result);

  static std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* self);
  static int on_debug(CURL* easy, curl_infotype type, char* data, std::size_t size, void* self);

  MailRequest request_;
  std::function<void(MailResult)> done_;
  CurlSlist recipients_;
  std::size_t sent_ = 0;        // bytes of the message handed to curl so far
  std::string reply_lines_;     // the server reply being received (multi-line replies)
  std::string last_reply_;      // the last complete server reply, e.g. "250 OK"
  std::string last_refusal_;    // the last reply >= 400 (curl still says QUIT after one)
};

}  // namespace vigil::net::detail
