// `vigil alerts retry ID|--dead` and `vigil test-alert CHANNEL`: the operator's hands on the
// outbox and on a channel.
#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <fmt/core.h>

#include "alerts/channel.hpp"
#include "daemon/commands.hpp"
#include "daemon/poll_plan.hpp"
#include "net/client.hpp"

namespace vigil::daemon {
namespace {

// An alert like the ones the daemon sends, with text that says what it is.
Alert sample_alert(const std::string& channel) {
  Alert alert;
  alert.id = new_alert_id();
  alert.channel = channel;
  alert.topics = {"vigil test"};
  alert.created = now_utc();
  alert.item.source = "vigil";
  alert.item.id = "vigil-test-" + alert.id;
  alert.item.title = "Test alert from vigil for channel " + channel;
  alert.item.link = "https://vigil.invalid/test-alert";
  alert.item.published = alert.created;
  alert.item.summary =
      "<p>This is a test alert sent with <code>vigil test-alert</code>. If you can read it, the channel "
      "works: real alerts will look like this one.</p>";
  Match match;
  match.topic = "vigil test";
  match.terms = {"test alert"};
  match.score = 3;
  match.snippet = "This is a test alert sent with vigil test-alert.";
  match.highlights = {{10, 20}};
  alert.matches = {match};
  return alert;
}

}  // namespace

int cmd_alerts_retry(const config::Config& config, const std::string& id, bool dead) {
  if (id.empty() == !dead) {
    fmt::print(stderr, "alerts retry: give one alert ID or --dead\n");
    return 2;
  }
  auto store = store::open_sqlite_store(config.daemon.state / "vigil.db");
  if (!store) return fmt::print(stderr, "{}\n", store.error().message), 1;
  auto moved = (*store)->requeue(id, now_utc());
  if (!moved) return fmt::print(stderr, "alerts retry: {}\n", moved.error().message), 1;
  fmt::print("{} alert(s) queued again; the running daemon sends them within a minute\n", *moved);
  return 0;
}

int cmd_test_alert(const config::Config& config, const std::string& channel_name) {
  const auto spec = std::find_if(config.channels.begin(), config.channels.end(),
                                 [&](const auto& c) { return c.name == channel_name; });
  if (spec == config.channels.end()) {
    fmt::print(stderr, "test-alert: no channel named \"{}\"\n", channel_name);
    return 2;
  }
  boost::asio::io_context io;
  net::ClientOptions options;
  options.user_agent = config.daemon.user_agent;
  net::Client client(io, options);
  auto channel = alerts::make_channel(*spec, client);
  Delivery delivery;
  channel->send(sample_alert(spec->name), [&](Delivery d) { delivery = std::move(d); });
  io.run();
  switch (delivery.outcome) {
    case DeliveryOutcome::delivered:
      fmt::print("test-alert: channel {} accepted the test alert: {}\n", spec->name, delivery.reply);
      return 0;
    case DeliveryOutcome::permanent:
      fmt::print(stderr, "test-alert: channel {} refused the test alert: {}\n", spec->name, delivery.reply);
      return 1;
    case DeliveryOutcome::retry:
      fmt::print(stderr, "test-alert: channel {} failed (a real alert would be retried): {}\n", spec->name,
                 delivery.reply);
      return 1;
  }
  return 1;
}

}  // namespace vigil::daemon
