#pragma once
// Delivers alerts as email through the net client's SMTP sender.
#include <string>

#include "alerts/channel.hpp"
#include "net/client.hpp"

namespace vigil::alerts {

class EmailChannel final : public Channel {
 public:
  EmailChannel(std::string name, EmailOptions options, net::Client& client);
  const std::string& name() const override { return name_; }
  void send(const Alert& alert, Done done) override;

 private:
  std::string name_;
  EmailOptions options_;
  net::Client& client_;
};

// 2xx: delivered; a 5xx reply: permanent; a 4xx reply or a transport error: retry. The reply
// keeps the server's code and text ("451 4.3.0 try again") or names the transport error.
Delivery classify_mail_result(const net::MailResult& result);

}  // namespace vigil::alerts
