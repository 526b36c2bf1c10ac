#pragma once
// Delivers alerts and digests as email through the net client's SMTP sender.
#include <functional>
#include <string>

#include "alerts/channel.hpp"
#include "net/client.hpp"

namespace vigil::alerts {

class EmailChannel final : public Channel {
 public:
  EmailChannel(std::string name, EmailOptions options, net::Client& client);
  const std::string& name() const override { return name_; }
  void send(const Alert& alert, Done done) override;
  void send_digest(const Digest& digest, Done done) override;

 private:
  // Sends the message `render` makes (after the From check, so a bad address costs no render).
  void deliver(const std::function<std::string()>& render, Done done);

  std::string name_;
  EmailOptions options_;
  net::Client& client_;
};

// 2xx: delivered; a 5xx reply: permanent; a 4xx reply or a transport error: retry. The reply
// keeps the server's code and text ("451 4.3.0 try again") or names the transport error.
Delivery classify_mail_result(const net::MailResult& result);

}  // namespace vigil::alerts
