#pragma once
// Channels deliver alerts; each kind lives in its own file behind this one interface.
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "alerts/channel_spec.hpp"
#include "model/alert.hpp"

namespace vigil::net { class Client; }

namespace vigil::alerts {

using Done = std::function<void(Delivery)>;

class Channel {
 public:
  virtual ~Channel() = default;
  virtual const std::string& name() const = 0;
  // Starts one delivery; `done` runs exactly once, on the io_context thread.
  virtual void send(const Alert& alert, Done done) = 0;
  // Starts one delivery of several alerts as one message, grouped by topic; same contract.
  virtual void send_digest(const Digest& digest, Done done) = 0;
};

// Builds the channel a spec describes. `console_out` is where the console channel prints.
std::unique_ptr<Channel> make_channel(const ChannelSpec& spec, net::Client& client,
                                      std::FILE* console_out = stdout);

}  // namespace vigil::alerts
