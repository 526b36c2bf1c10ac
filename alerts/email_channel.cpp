#include "alerts/email_channel.hpp"

#include <utility>

#include <fmt/format.h>

#include "alerts/address.hpp"
#include "alerts/email_digest.hpp"
#include "alerts/email_message.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

net::StartTls to_net(StartTlsMode mode) {
  switch (mode) {
    case StartTlsMode::required: return net::StartTls::required;
    case StartTlsMode::opportunistic: return net::StartTls::opportunistic;
    case StartTlsMode::never: return net::StartTls::never;
  }
  return net::StartTls::required;
}

// "451 4.3.0 try again" whether or not the net layer already put the code in front.
std::string reply_with_code(long code, const std::string& text) {
  const std::string line = text::single_line(text);
  const std::string prefix = std::to_string(code);
  if (line.starts_with(prefix)) return line;
  return line.empty() ? prefix : prefix + " " + line;
}

}  // namespace

Delivery classify_mail_result(const net::MailResult& result) {
  const long klass = result.code / 100;
  if (result.error == net::ErrorKind::none && klass == 2)
    return {DeliveryOutcome::delivered, reply_with_code(result.code, result.reply)};
  if (klass == 5) return {DeliveryOutcome::permanent, reply_with_code(result.code, result.reply)};
  if (klass == 4) return {DeliveryOutcome::retry, reply_with_code(result.code, result.reply)};
  const std::string detail = text::single_line(result.reply);
  return {DeliveryOutcome::retry,
          fmt::format("{}{}{}", net::to_string(result.error), detail.empty() ? "" : ": ", detail)};
}

EmailChannel::EmailChannel(std::string name, EmailOptions options, net::Client& client)
    : name_(std::move(name)), options_(std::move(options)), client_(client) {}

void EmailChannel::send(const Alert& alert, Done done) {
  deliver([&] { return render_email(alert, options_, now_utc()); }, std::move(done));
}

void EmailChannel::send_digest(const Digest& digest, Done done) {
  deliver([&] { return render_email_digest(digest, options_, now_utc()); }, std::move(done));
}

void EmailChannel::deliver(const std::function<std::string()>& render, Done done) {
  auto from = parse_address(options_.from);
  if (!from) {
    done({DeliveryOutcome::permanent, "email: from " + from.error()});
    return;
  }
  net::MailRequest request;
  request.url = options_.smtp;
  request.starttls = to_net(options_.starttls);
  request.username = options_.username;
  request.password = options_.password;
  request.mail_from = from->address;
  request.rcpt_to = options_.to;
  request.message = render();
  client_.send_mail(std::move(request),
                    [done = std::move(done)](net::MailResult result) { done(classify_mail_result(result)); });
}

}  // namespace vigil::alerts
