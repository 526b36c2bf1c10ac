// The service manager's side of the notify protocol, played by the test: a datagram socket in
// NOTIFY_SOCKET and WATCHDOG_USEC, as systemd gives a Type=notify service with WatchdogSec.
// vigil must say READY=1 only once it serves, keep STATUS= current, ping the watchdog only
// while its loop makes progress, announce reloads (SIGHUP) and stopping (SIGTERM).
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <stdexcept>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

// systemd's end of NOTIFY_SOCKET: every datagram vigil sends, in order.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (fd_ < 0 || path_.size() >= sizeof address.sun_path) throw std::runtime_error("notify socket: " + path_);
    std::memcpy(address.sun_path, path_.c_str(), path_.size() + 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("bind " + path_ + ": " + std::strerror(errno));
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The environment systemd gives a Type=notify service with WatchdogSec = watchdog.
  std::vector<std::string> environment(std::chrono::milliseconds watchdog) const {
    return {"NOTIFY_SOCKET=" + path_, "WATCHDOG_USEC=" + std::to_string(watchdog.count() * 1000)};
  }

  // The next datagram within `timeout`, if any.
  std::optional<std::string> next(std::chrono::milliseconds timeout) {
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buffer[4096];
    const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return std::nullopt;
    std::string message(buffer, static_cast<std::size_t>(n));
    received.push_back(message);
    return message;
  }

  // Reads until a datagram satisfies `match`; returns it, or nullopt after `timeout`.
  std::optional<std::string> wait_for(const std::function<bool(const std::string&)>& match,
                                      std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (auto message = next(std::max(left, 1ms)); message && match(*message)) return message;
    }
    return std::nullopt;
  }
  std::optional<std::string> wait_for(const std::string& assignment, std::chrono::milliseconds timeout = 20s) {
    return wait_for([&](const std::string& m) { return has(m, assignment); }, timeout);
  }

  // Every datagram that arrives within `period`.
  std::vector<std::string> collect(std::chrono::milliseconds period) {
    std::vector<std::string> out;
    const auto deadline = std::chrono::steady_clock::now() + period;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (auto message = next(std::max(left, 1ms))) out.push_back(*message);
    }
    return out;
  }

  // Whether a datagram carries `assignment` ("READY=1") or, for "STATUS=", starts a line with it.
  static bool has(const std::string& message, const std::string& assignment) {
    std::size_t start = 0;
    while (start <= message.size()) {
      const auto end = std::min(message.find('\n', start), message.size());
      const auto line = message.substr(start, end - start);
      if (line == assignment || (assignment.back() == '=' && line.starts_with(assignment))) return true;
      start = end + 1;
    }
    return false;
  }
  static std::string value(const std::string& message, const std::string& key) {
    const auto at = message.find(key + "=");
    if (at == std::string::npos) return "";
    const auto from = at + key.size() + 1;
    return message.substr(from, message.find('\n', from) - from);
  }

  std::vector<std::string> received;

 private:
  std::string path_;
  int fd_ = -1;
};

std::size_t count(const std::vector<std::string>& messages, const std::string& assignment) {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(), [&](const auto& m) { return NotifySocket::has(m, assignment); }));
}

const FeedEntry kLandmine{"a-1", "Landmine clearance resumes near Kharkiv", "Deminers returned to the fields.", "/a-1"};
const FeedEntry kLandmineLater{"a-2", "Landmine survivors meet in Geneva", "A landmine survivors' network met.", "/a-2"};
const FeedEntry kCluster{"b-1", "Cluster munition stockpile destroyed", "The last cluster munition was destroyed.", "/b-1"};

std::string hook_channel(const World& w, const std::string& path = "/hook/desk") {
  return "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:" + std::to_string(w.hook_port) +
         path + "\"\n\n";
}

// An SMTP channel whose server never comes up: its alerts stay in the outbox, retrying.
std::string unreachable_mail_channel(const World& w) {
  return "[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp = \"smtp://127.0.0.1:" + std::to_string(w.smtp_port) +
         "\"\nstarttls = \"never\"\nfrom = \"vigil <alerts@vigil.test>\"\nto = [\"desk@vigil.test\"]\n\n";
}

// A config of our own: the sources, topics and channels given (default: the hook channel).
std::string write_service_config(World& w, const std::string& sources_toml, const std::string& topics_toml,
                                 std::string channels_toml = "") {
  if (channels_toml.empty()) channels_toml = hook_channel(w);
  const auto path = w.dir.file("vigil.toml");
  write_file(path, "[daemon]\nstate = \"" + w.dir.file("state") + "\"\nlisten = \"\"\nper_host_delay = \"0\"\n\n" +
                       sources_toml + topics_toml + channels_toml);
  return path;
}

std::string source_toml(World& w, const std::string& name, const std::string& file, const std::string& interval) {
  return "[[source]]\nname = \"" + name + "\"\nurl = \"" + w.url(file) + "\"\nbaseline = false\ninterval = \"" +
         interval + "\"\n\n";
}

// `notify`: the channel list as TOML, without brackets.
std::string topic_toml(const std::string& name, const std::string& query, const std::string& notify = "\"hook\"") {
  return "[[topic]]\nname = \"" + name + "\"\nquery = '" + query + "'\nnotify = [" + notify + "]\n\n";
}

// Whether the webhook receiver got an alert about `title` (on `path`, when given).
bool hooked(const World& w, const std::string& title, const std::string& path = "") {
  for (const auto& hook : w.hooks())
    if (hook.value("body", "").find(title) != std::string::npos && (path.empty() || hook.value("path", "") == path))
      return true;
  return false;
}

// How many times the fixture server served `path`.
int served(const World& w, const std::string& path) {
  return nlohmann::json::parse(http_get(w.http_port, "/stats"))["paths"].value(path, 0);
}

}  // namespace

TEST_CASE("vigil is ready once its store is open, keeps STATUS current, pings the watchdog and says when it stops",
          "[integration][service][notify]") {
  World w;
  w.start_http();
  w.write_feed("alpha.xml", FeedFormat::rss2, {kLandmine});
  // No SMTP server and no webhook receiver: both alerts stay pending (retrying).
  const auto config = w.write_config({{"alpha", "alpha.xml"}}, /*baseline=*/false);
  NotifySocket notify(w.dir.file("notify.sock"));
  w.start_vigil(config, notify.environment(1s));

  const auto ready = notify.wait_for("READY=1");
  REQUIRE(ready);
  CHECK(std::filesystem::exists(w.dir.file("state") + "/vigil.db"));
  CHECK(count(notify.received, "READY=1") == 1);

  const auto status = notify.wait_for([](const std::string& m) {
    return NotifySocket::value(m, "STATUS") == "1 source, 0 failing, 2 alerts pending";
  });
  CHECK(status);

  // WatchdogSec=1s: a ping every half second while the loop runs.
  const auto pings = count(notify.collect(1500ms), "WATCHDOG=1");
  CHECK(pings >= 2);

  CHECK(w.stop_vigil() == 0);
  CHECK(count(notify.collect(200ms), "STOPPING=1") + count(notify.received, "STOPPING=1") >= 1);
}

TEST_CASE("the watchdog pings stop when the event loop is wedged", "[integration][service][notify]") {
  World w;
  w.start_http();
  w.write_feed("alpha.xml", FeedFormat::rss2, {kLandmine});
  const auto config = w.write_config({{"alpha", "alpha.xml"}}, /*baseline=*/true);
  NotifySocket notify(w.dir.file("notify.sock"));
  auto environment = notify.environment(1s);
  environment.push_back("VIGIL_TEST_WEDGE_AFTER_READY=1");  // the test-only fault switch
  w.start_vigil(config, environment);

  REQUIRE(notify.wait_for("READY=1"));
  REQUIRE(notify.wait_for("WATCHDOG=1", 5s));
  REQUIRE(w.eventually([&] { return w.log_count("test wedge: blocking the event loop now") == 1; }, 10s));
  notify.collect(300ms);  // a ping sent just before the wedge may still be in the socket
  CHECK(count(notify.collect(1500ms), "WATCHDOG=1") == 0);
  w.kill_vigil();  // a wedged vigil cannot handle SIGTERM; systemd would SIGABRT it now
}

TEST_CASE("SIGHUP with a valid config announces the reload and applies new sources, topics and channels",
          "[integration][service][notify][reload]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("alpha.xml", FeedFormat::rss2, {kLandmine});
  w.write_feed("beta.xml", FeedFormat::rss2, {kCluster});
  // alpha is polled hourly: after its first poll, only a reload that reset its schedule would poll it again.
  auto config = write_service_config(w, source_toml(w, "alpha", "alpha.xml", "1h"),
                                     topic_toml("landmines", "landmine", "\"hook\", \"mail\""),
                                     hook_channel(w) + unreachable_mail_channel(w));
  NotifySocket notify(w.dir.file("notify.sock"));
  w.start_vigil(config, notify.environment(2s));
  REQUIRE(notify.wait_for("READY=1"));
  REQUIRE(w.eventually([&] { return hooked(w, kLandmine.title, "/hook/desk"); }));
  const int alpha_fetches = served(w, "/alpha.xml");
  CHECK(alpha_fetches == 1);

  // A new source and a new topic (which the new source's item matches); the hook channel moves
  // to another URL; the mail channel, with its alert still undelivered, goes.
  write_service_config(w, source_toml(w, "alpha", "alpha.xml", "1h") + source_toml(w, "beta", "beta.xml", "1h"),
                       topic_toml("landmines", "landmine") + topic_toml("cluster munitions", "\"cluster munition\""),
                       hook_channel(w, "/hook/ops"));
  w.signal_vigil(SIGHUP);
  const auto reloading = notify.wait_for("RELOADING=1");
  REQUIRE(reloading);
  CHECK(!NotifySocket::value(*reloading, "MONOTONIC_USEC").empty());
  REQUIRE(notify.wait_for("READY=1"));
  CHECK(w.eventually(
      [&] {
        return w.log_count("reloaded vigil.toml: 1 source added, 1 topic added, 1 changed, 1 channel removed, 1 changed") == 1;
      },
      5s));
  CHECK(w.log_count("channel mail: removed from the config; 1 undelivered alert waits in the outbox") == 1);

  CHECK(w.eventually([&] { return hooked(w, kCluster.title, "/hook/ops"); }));
  CHECK(served(w, "/beta.xml") == 1);
  CHECK(served(w, "/alpha.xml") == alpha_fetches);  // unchanged: it kept its schedule
  CHECK(w.hooks().size() == 2);                      // nothing alerted twice

  CHECK(w.stop_vigil() == 0);
  CHECK(count(notify.collect(200ms), "STOPPING=1") + count(notify.received, "STOPPING=1") >= 1);
  // The removed channel's alert is still in the outbox, not delivered and not dead.
  const auto alerts = nlohmann::json::parse(w.run_cli({"alerts", "--json", "-c", config}));
  std::size_t waiting = 0;
  for (const auto& alert : alerts)
    if (alert.value("channel", "") == "mail" && alert.value("state", "") != "delivered" && alert.value("state", "") != "dead")
      ++waiting;
  CHECK(waiting == 1);
}

TEST_CASE("SIGHUP with an invalid config logs its errors with their place and keeps the running config",
          "[integration][service][notify][reload]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("alpha.xml", FeedFormat::rss2, {kLandmine});
  const auto config =
      write_service_config(w, source_toml(w, "alpha", "alpha.xml", "1s"), topic_toml("landmines", "landmine"));
  NotifySocket notify(w.dir.file("notify.sock"));
  w.start_vigil(config, notify.environment(2s));
  REQUIRE(notify.wait_for("READY=1"));
  REQUIRE(w.eventually([&] { return hooked(w, kLandmine.title); }));

  // The topic now notifies a channel that does not exist: an error at the value's place.
  write_service_config(w, source_toml(w, "alpha", "alpha.xml", "1s"), topic_toml("landmines", "landmine", "\"nowhere\""));
  w.signal_vigil(SIGHUP);
  REQUIRE(notify.wait_for("RELOADING=1"));
  const auto ready = notify.wait_for("READY=1");
  REQUIRE(ready);
  CHECK_THAT(NotifySocket::value(*ready, "STATUS"), Catch::Contains("reload rejected"));
  REQUIRE(w.eventually([&] { return w.log_count("reload of vigil.toml rejected (1 error)") == 1; }, 5s));
  const auto log = read_file(w.vigil_log);
  CHECK(std::regex_search(log, std::regex(R"(vigil\.toml:\d+:\d+: error: [^\n]*nowhere)")));
  CHECK(notify.wait_for([](const std::string& m) {
    return NotifySocket::value(m, "STATUS").find("last reload rejected") != std::string::npos;
  }, 10s));

  // The running config still polls alpha and alerts on the hook channel.
  w.write_feed("alpha.xml", FeedFormat::rss2, {kLandmineLater, kLandmine});
  CHECK(w.eventually([&] { return hooked(w, kLandmineLater.title); }));
  CHECK(w.stop_vigil() == 0);
}
