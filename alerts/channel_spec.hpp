#pragma once
// The options of one configured [[channel]], as config/ loads them.
#include <chrono>
#include <string>
#include <vector>

namespace vigil::alerts {

enum class ChannelType { email, webhook, console };
enum class StartTlsMode { required, opportunistic, never };

struct EmailOptions {
  std::string smtp;                 // smtp://host:port or smtps://host:port
  StartTlsMode starttls = StartTlsMode::required;
  std::string username;             // empty: no AUTH
  std::string password;             // resolved from password, ${ENV} or password_file
  std::string from;                 // "vigil <alerts@example.org>" or a bare address
  std::vector<std::string> to;      // bare addresses
};

struct WebhookOptions {
  std::string url;
};

struct ChannelSpec {
  std::string name;
  ChannelType type = ChannelType::console;
  EmailOptions email;
  WebhookOptions webhook;
  std::chrono::seconds retry_max{300};  // cap of the exponential retry delay
  // A later item of a story the channel had: nothing (false), or an update alert naming the
  // new source ("also reported by").
  bool duplicate_updates = false;
};

}  // namespace vigil::alerts
