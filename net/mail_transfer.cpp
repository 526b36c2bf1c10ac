#include "net/mail_transfer.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

namespace vigil::net::detail {
namespace {

// Enough to read a rejection; a server cannot make us keep more.
constexpr std::size_t max_reply_bytes = 4096;

long use_ssl_for(StartTls starttls) {
  switch (starttls) {
    case StartTls::required: return CURLUSESSL_ALL;
    case StartTls::opportunistic: return CURLUSESSL_TRY;
    case StartTls::never: return CURLUSESSL_NONE;
  }
  return CURLUSESSL_ALL;
}

}  // namespace

MailTransfer::MailTransfer(std::string host_key, MailRequest request, std::function<void(MailResult)> done)
    : Transfer(std::move(host_key), request.timeout, /*allow_private=*/true),
      request_(std::move(request)),
      done_(std::move(done)) {}

std::optional<std::string> MailTransfer::configure(CURL* easy, const ClientOptions&) {
  if (request_.rcpt_to.empty()) return "no recipients";
  for (const auto& address : request_.rcpt_to) {
    if (address.find_first_of("\r\n") != std::string::npos) return "invalid recipient address";
    if (!append(recipients_, address.c_str())) return "out of memory";
  }
  if (request_.mail_from.find_first_of("\r\n") != std::string::npos) return "invalid sender address";

  curl_easy_setopt(easy, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy, CURLOPT_USE_SSL, use_ssl_for(request_.starttls));
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, request_.mail_from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients_.get());
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request_.message.size()));
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, &MailTransfer::on_read);
  curl_easy_setopt(easy, CURLOPT_READDATA, this);
  if (!request_.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, request_.username.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, request_.password.c_str());
  }
  // The server's reply text reaches us only through the debug hook (which needs VERBOSE);
  // with the hook set, curl prints nothing itself.
  curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &MailTransfer::on_debug);
  curl_easy_setopt(easy, CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
  return std::nullopt;
}

std::size_t MailTransfer::on_read(char* buffer, std::size_t size, std::size_t count, void* self_pointer) {
  auto* self = static_cast<MailTransfer*>(self_pointer);
  const std::size_t n = std::min(size * count, self->request_.message.size() - self->sent_);
  std::memcpy(buffer, self->request_.message.data() + self->sent_, n);
  self->sent_ += n;
  return n;
}

int MailTransfer::on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* self_pointer) {
  if (type != CURLINFO_HEADER_IN) return 0;  // server replies only; never our AUTH lines
  auto* self = static_cast<MailTransfer*>(self_pointer);
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  try {
    if (self->reply_lines_.size() + line.size() < max_reply_bytes) {
      if (!self->reply_lines_.empty()) self->reply_lines_ += ' ';
      self->reply_lines_ += line;
    }
    // "250-..." continues a reply; "250 ..." (or a bare "250") ends it.
    if (line.size() <= 3 || line[3] != '-') {
      self->last_reply_ = std::exchange(self->reply_lines_, {});
      if (self->last_reply_ >= "4") self->last_refusal_ = self->last_reply_;
    }
  } catch (...) {
  }
  return 0;
}

Completion MailTransfer::finish(CURLcode code) {
  MailResult result;
  curl_easy_getinfo(easy(), CURLINFO_RESPONSE_CODE, &result.code);
  if (code == CURLE_OK) {
    result.reply = last_reply_;
  } else if (result.code >= 400 && code != CURLE_OPERATION_TIMEDOUT) {
    // The server said no: 5xx is permanent, 4xx transient; the caller reads `code`.
    result.error = ErrorKind::protocol;
    const bool matches = last_refusal_.starts_with(std::to_string(result.code));
    result.reply = matches ? last_refusal_ : describe(code);
  } else if (code == CURLE_USE_SSL_FAILED) {
    result.error = ErrorKind::connect;
    result.reply = "STARTTLS required but the server does not offer it";
  } else {
    result.error = kind_of(code);
    result.reply = describe(code);
  }
  return complete(std::move(result));
}

Completion MailTransfer::fail(ErrorKind kind, std::string message) {
  MailResult result;
  result.error = kind;
  result.reply = std::move(message);
  return complete(std::move(result));
}

Completion MailTransfer::complete(MailResult result) {
  return [done = std::move(done_), result = std::move(result)]() mutable { done(std::move(result)); };
}

}  // namespace vigil::net::detail
