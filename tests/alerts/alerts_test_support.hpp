#pragma once
// Shared by the alerts tests: a sample alert, small MIME decoders (independent of the code
// under test), the Python test servers, and a real net::Client driven until a send completes.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "alerts/channel.hpp"
#include "model/alert.hpp"
#include "net/client.hpp"
#include "tests/support/child_process.hpp"

namespace vigil::alerts::test {

// An alert for topic "landmines" on channel "desk" with a link and an HTML summary.
Alert sample_alert(std::string title = "Mine clearance resumes near Kharkiv");

std::string decode_quoted_printable(std::string_view text);
std::string decode_base64(std::string_view text);
// Decodes RFC 2047 B-encoded words in an (unfolded) header value.
std::string decode_encoded_words(std::string_view value);

struct Message {
  std::vector<std::pair<std::string, std::string>> headers;  // raw values, folding kept
  std::string body;
};
// Splits at the first empty line; header names as written.
Message split_message(std::string_view raw);
// The first header with this name (case-insensitive), unfolded; nullopt when absent.
std::optional<std::string> header(const Message& message, std::string_view name);
// The bodies of a multipart message's parts, split on the boundary.
std::vector<Message> mime_parts(const Message& message, std::string_view boundary);

// Runs tests/support/smtp_server.py --parse on the message: the stdlib's view of it.
nlohmann::json parse_with_python(const std::string& message);

std::vector<nlohmann::json> read_json_lines(const std::string& path);

// One of the Python test servers, started on a free port, recording into a temp file.
class TestServer {
 public:
  TestServer(const std::string& script, std::vector<std::string> options);
  int port() const { return port_; }
  std::vector<nlohmann::json> records() const { return read_json_lines(record_); }
  // Sends SIGTERM and returns the exit status (-1 when it did not exit in time).
  int stop();

 private:
  vigil::test::TempDir dir_;
  std::string record_;
  std::unique_ptr<vigil::test::ChildProcess> process_;
  int port_ = 0;
};

TestServer smtp_server(std::vector<std::string> options = {});
TestServer webhook_receiver(std::vector<std::string> options = {});

// A real net::Client on its own io_context; send() runs the context until `done` fires.
class NetHarness {
 public:
  NetHarness();
  ~NetHarness();
  net::Client& client() { return *client_; }
  Delivery send(Channel& channel, const Alert& alert);

 private:
  boost::asio::io_context io_;
  std::unique_ptr<net::Client> client_;
};

// A port on 127.0.0.1 where nothing listens.
int closed_port();

}  // namespace vigil::alerts::test
