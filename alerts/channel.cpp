#include "alerts/channel.hpp"

#include "alerts/console_channel.hpp"
#include "alerts/email_channel.hpp"
#include "alerts/webhook_channel.hpp"

namespace vigil::alerts {


std::unique_ptr<Channel> make_channel(const ChannelSpec& spec, net::Client& client, std::FILE* console_out) {
  switch (spec.type) {
    case ChannelType::email: return std::make_unique<EmailChannel>(spec.name, spec.email, client);
    case ChannelType::webhook: return std::make_unique<WebhookChannel>(spec.name, spec.webhook, client);
    case ChannelType::console: return std::make_unique<ConsoleChannel>(spec.name, console_out);
  }
  return std::make_unique<ConsoleChannel>(spec.name, console_out);
}

}  // namespace vigil::alerts
