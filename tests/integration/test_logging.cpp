// Logs end to end: JSON lines, native journal entries, and secrets that never reach either.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;

namespace {

const std::string kSupport = std::string(VIGIL_SOURCE_DIR) + "/tests/support/";

// The name has a colon and a space, so a field read back from the text would be ambiguous.
constexpr const char* kFailingSource = "field: watch";

// [daemon] for these tests: no HTTP listener, and an interval under a minute, so loading the
// config gives a warning (a diagnostic, which must take the log's shape too).
std::string daemon_section(const World& w) {
  return "[daemon]\nstate = \"" + w.dir.file("state") + "\"\ninterval = \"1s\"\nlisten = \"\"\nper_host_delay = \"0\"\n\n";
}

// One source whose URL answers 404: a warning about it on the first poll.
std::string failing_source(const World& w) {
  return "[[source]]\nname = \"" + std::string(kFailingSource) + "\"\nurl = \"" + w.url("missing.xml") + "\"\n\n";
}

// A channel that prints alerts on stdout, for tests that need one but send nothing.
const std::string kScreen = "[[channel]]\nname = \"screen\"\ntype = \"console\"\n";

std::string topic_for(const std::string& channels) {
  return "[[topic]]\nname = \"landmines\"\nquery = \"landmine\"\nnotify = [" + channels + "]\n\n";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// One native-protocol datagram: "NAME=value\n" fields, or "NAME\n" + 64-bit little-endian size +
// value + "\n" for values with line breaks (systemd's JOURNAL_NATIVE_PROTOCOL).
std::map<std::string, std::string> parse_journal_datagram(const std::string& data) {
  std::map<std::string, std::string> fields;
  std::size_t at = 0;
  while (at < data.size()) {
    const auto newline = data.find('\n', at);
    const auto equals = data.find('=', at);
    if (newline == std::string::npos) break;
    if (equals != std::string::npos && equals < newline) {
      fields[data.substr(at, equals - at)] = data.substr(equals + 1, newline - equals - 1);
      at = newline + 1;
      continue;
    }
    const std::string name = data.substr(at, newline - at);
    at = newline + 1;
    if (at + 8 > data.size()) break;
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(data[at + static_cast<std::size_t>(i)]);
    at += 8;
    fields[name] = data.substr(at, static_cast<std::size_t>(size));
    at += static_cast<std::size_t>(size) + 1;
  }
  return fields;
}

// systemd-journald's side of the native protocol: an AF_UNIX datagram socket read on a thread
// (the sender blocks once a few datagrams wait unread).
class JournalSocket {
 public:
  explicit JournalSocket(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof address.sun_path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    reader_ = std::thread([this] {
      char buffer[65536];
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n > 0) received_.emplace_back(buffer, static_cast<std::size_t>(n));
      }
    });
  }
  ~JournalSocket() {
    stop_ = true;
    if (reader_.joinable()) reader_.join();
    ::close(fd_);
  }
  // The entries received; call once the sender has exited.
  std::vector<std::map<std::string, std::string>> entries() {
    stop_ = true;
    if (reader_.joinable()) reader_.join();
    std::vector<std::map<std::string, std::string>> out;
    for (const auto& d : received_) out.push_back(parse_journal_datagram(d));
    return out;
  }

 private:
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread reader_;
  std::vector<std::string> received_;
};

// A minimal SMTP server that offers AUTH PLAIN and refuses every login, quoting the
// credentials it was given in its 535 reply (as a careless server might): vigil logs the reply.
constexpr const char* kRefusingSmtp = R"PY(
import base64, socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(8)
print("PORT %d" % server.getsockname()[1], flush=True)
def refuse(conn, blob):
    _, user, password = base64.b64decode(blob).decode().split("\0")
    conn.sendall(("535 5.7.8 authentication failed for %s with password %s\r\n" % (user, password)).encode())
while True:
    conn, _ = server.accept()
    conn.sendall(b"220 refusing-smtp ESMTP\r\n")
    reader = conn.makefile("rb")
    for raw in reader:
        line = raw.decode().rstrip("\r\n")
        verb = line.split(" ")[0].upper()
        if verb in ("EHLO", "HELO"):
            conn.sendall(b"250-refusing-smtp\r\n250 AUTH PLAIN\r\n")
        elif verb == "AUTH" and len(line.split(" ")) == 3:
            refuse(conn, line.split(" ")[2])
        elif verb == "AUTH":
            conn.sendall(b"334 \r\n")
            refuse(conn, reader.readline().decode().strip())
        elif verb == "QUIT":
            conn.sendall(b"221 bye\r\n")
            break
        else:
            conn.sendall(b"250 ok\r\n")
    conn.close()
)PY";

int port_of(ChildProcess& server) {
  const auto line = server.read_line(std::chrono::seconds(15));
  REQUIRE(line.rfind("PORT ", 0) == 0);
  return std::stoi(line.substr(5));
}

}  // namespace

TEST_CASE("with --log-format json every stderr line is a JSON object with time, level and message",
          "[integration][logging]") {
  World w;
  w.start_http();
  const auto config = w.dir.file("vigil.toml");
  write_file(config, daemon_section(w) + failing_source(w) + topic_for("\"screen\"") + kScreen);
  w.run_cli({"once", "-c", config, "--log-format", "json", "--log-level", "debug"});

  const auto lines = lines_of(read_file(w.dir.file("cli.log")));
  REQUIRE_FALSE(lines.empty());
  bool source_warning = false, config_warning = false;
  for (const auto& line : lines) {
    INFO(line);
    const auto j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    REQUIRE(j.contains("time"));
    REQUIRE(j["level"].is_string());
    REQUIRE(j["message"].is_string());
    const std::string message = j["message"];
    if (j.value("source", "") == kFailingSource && j["level"] == "warning" &&
        message.starts_with(std::string("source ") + kFailingSource + ": "))
      source_warning = true;
    if (j["level"] == "warning" && message.find("under a minute") != std::string::npos) config_warning = true;
  }
  CHECK(source_warning);
  CHECK(config_warning);  // config diagnostics are JSON lines too
}

TEST_CASE("a JOURNAL_STREAM that is not stderr's gives readable lines on stderr", "[integration][logging]") {
  World w;
  w.start_http();
  const auto config = w.dir.file("vigil.toml");
  write_file(config, daemon_section(w) + failing_source(w) + topic_for("\"screen\"") + kScreen);
  // Set by systemd for a stderr that was redirected since: not the journal.
  ChildProcess vigil({"env", "JOURNAL_STREAM=1:1", VIGIL_BINARY, "once", "-c", config}, w.dir.file("stderr.log"));
  CHECK(vigil.wait(std::chrono::seconds(30)) == 0);
  const auto text = read_file(w.dir.file("stderr.log"));
  CHECK(text.find(std::string(" warning source ") + kFailingSource + ": ") != std::string::npos);
  CHECK(text.find("warning: ") != std::string::npos);  // the config diagnostic, printed as it is
}

TEST_CASE("under systemd vigil writes native journal entries with a priority and the source's field",
          "[integration][logging][journal]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to bind a journal socket over /run/systemd in a private mount namespace");
    return;
  }
  World w;
  w.start_http();
  const auto config = w.dir.file("vigil.toml");
  write_file(config, daemon_section(w) + failing_source(w) + topic_for("\"screen\"") + kScreen);

  // journald's socket is /run/systemd/journal/socket; ours replaces it for vigil alone.
  const bool has_run_systemd = std::filesystem::is_directory("/run/systemd");
  const auto fake_run = w.dir.file("run");
  std::filesystem::create_directories(fake_run + "/systemd/journal");
  JournalSocket journal(fake_run + "/systemd/journal/socket");
  const std::string mount_source = has_run_systemd ? fake_run + "/systemd" : fake_run;
  const std::string mount_target = has_run_systemd ? "/run/systemd" : "/run";
  // JOURNAL_STREAM names stderr's device and inode, as systemd sets it for a unit whose
  // stderr is the journal.
  const std::string script =
      "set -e\n"
      "mount --bind \"$1\" \"$2\"\n"
      "JOURNAL_STREAM=\"$(stat -L -c %d:%i /proc/self/fd/2)\"\n"
      "export JOURNAL_STREAM\n"
      "exec \"$3\" once -c \"$4\" --log-level info\n";
  ChildProcess vigil({"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", mount_source,
                      mount_target, VIGIL_BINARY, config},
                     w.dir.file("stderr.log"));
  const int status = vigil.wait(std::chrono::seconds(30));
  const auto stderr_text = read_file(w.dir.file("stderr.log"));
  INFO("stderr: " << stderr_text);
  if (stderr_text.find("unshare failed") != std::string::npos) {
    WARN("skipped: no mount namespaces here (" << stderr_text << ")");
    return;
  }
  REQUIRE(status == 0);
  const auto entries = journal.entries();
  REQUIRE_FALSE(entries.empty());

  bool found = false;
  for (const auto& entry : entries) {
    CHECK(entry.at("SYSLOG_IDENTIFIER") == "vigil");
    CHECK(entry.contains("PRIORITY"));
    if (entry.contains("VIGIL_SOURCE") && entry.at("VIGIL_SOURCE") == kFailingSource &&
        entry.at("MESSAGE").find("failure 1 in a row") != std::string::npos) {
      CHECK(entry.at("PRIORITY") == "4");
      CHECK(entry.at("MESSAGE").starts_with(std::string("source ") + kFailingSource + ": "));
      found = true;
    }
  }
  CHECK(found);
  bool config_warning = false;  // the config diagnostic is a journal entry with its priority
  for (const auto& entry : entries)
    if (entry.at("MESSAGE").find("under a minute") != std::string::npos) config_warning = entry.at("PRIORITY") == "4";
  CHECK(config_warning);
  CHECK(stderr_text.empty());  // everything went to the journal, nothing fell back to stderr
}

TEST_CASE("secrets of a refused SMTP login and a refused webhook never reach the log", "[integration][logging][secrets]") {
  World w;
  w.start_http();
  w.write_feed("news.xml", FeedFormat::rss2, {{"n1", "Landmine clearance resumes", "A landmine story.", "/n1"}});

  write_file(w.dir.file("refusing_smtp.py"), kRefusingSmtp);
  ChildProcess smtp({VIGIL_DEBIAN_PYTHON, w.dir.file("refusing_smtp.py")}, w.dir.file("smtp.log"));
  const int smtp_port = port_of(smtp);
  ChildProcess hooks({VIGIL_DEBIAN_PYTHON, kSupport + "webhook_receiver.py", "--port", "0", "--record", w.hook_log,
                      "--status", "401", "--reply-body", "bad credentials hookuser:hook-pass-6 token tok-7"},
                     w.dir.file("hooks.log"));
  const int hook_port = port_of(hooks);

  std::ostringstream c;
  c << daemon_section(w) << "[[source]]\nname = \"news\"\nurl = \"" << w.url("news.xml") << "\"\nbaseline = false\n\n"
    << topic_for("\"mail\", \"hook\"") << "[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp = \"smtp://127.0.0.1:"
    << smtp_port << "\"\nstarttls = \"never\"\nusername = \"alerts@vigil.test\"\npassword = \"mail-pass-1\"\n"
    << "from = \"alerts@vigil.test\"\nto = [\"desk@vigil.test\"]\n\n"
    << "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://hookuser:hook-pass-6@127.0.0.1:" << hook_port
    << "/hook?token=tok-7\"\n";
  const auto config = w.dir.file("vigil.toml");
  write_file(config, c.str());
  w.run_cli({"once", "-c", config, "--log-level", "debug"});

  const auto log = read_file(w.dir.file("cli.log"));
  INFO(log);
  // The servers got the secrets and quoted them back; vigil logged the replies, redacted.
  CHECK(log.find("authentication failed for alerts@vigil.test with password ***") != std::string::npos);
  CHECK(log.find("bad credentials hookuser:*** token ***") != std::string::npos);
  for (const char* secret : {"mail-pass-1", "hook-pass-6", "tok-7"}) CHECK(log.find(secret) == std::string::npos);
  const auto received = w.hooks();
  REQUIRE(received.size() == 1);
  CHECK(received[0]["path"] == "/hook?token=tok-7");
}
