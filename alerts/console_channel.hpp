#pragma once
// Prints alerts as readable blocks on a terminal or log (the demo's channel). Every field is
// one line of text with control characters removed, so a feed cannot send escape sequences
// to the terminal.
#include <cstdio>
#include <string>

#include "alerts/channel.hpp"

namespace vigil::alerts {

// The block printed for one alert, ending with a blank line.
std::string render_console(const Alert& alert);

// A digest: a header line ("=== vigil digest [desk]: 12 alerts: landmines (8), ukraine (4) ===")
// and one line per alert, grouped as digest_text.hpp says, then a blank line.
std::string render_console_digest(const Digest& digest);

class ConsoleChannel final : public Channel {
 public:
  ConsoleChannel(std::string name, std::FILE* out);
  const std::string& name() const override { return name_; }
  // Prints, flushes and completes before returning (always delivered).
  void send(const Alert& alert, Done done) override;
  void send_digest(const Digest& digest, Done done) override;

 private:
  std::string name_;
  std::FILE* out_;
};

}  // namespace vigil::alerts
