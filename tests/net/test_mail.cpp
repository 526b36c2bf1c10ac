#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>

#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ErrorKind;
using vigil::net::MailRequest;
using vigil::net::MailResult;
using vigil::net::StartTls;
using vigil::test::ChildProcess;
using vigil::test::run_until;

namespace {

MailResult send(MailRequest request) {
  boost::asio::io_context io;
  vigil::net::Client client(io, vigil::net::ClientOptions{});
  std::optional<MailResult> result;
  client.send_mail(std::move(request), [&](MailResult r) { result = std::move(r); });
  REQUIRE(run_until(io, [&] { return result.has_value(); }));
  return std::move(*result);
}

MailRequest message_to(int port, std::string recipient, std::string body = "A test alert.\r\n") {
  MailRequest request;
  request.url = "smtp://127.0.0.1:" + std::to_string(port);
  request.starttls = StartTls::never;
  request.mail_from = "vigil@example.org";
  request.rcpt_to = {std::move(recipient)};
  request.message =
      "From: vigil <vigil@example.org>\r\n"
      "To: desk@example.org\r\n"
      "Subject: landmines: field teams clear a minefield\r\n"
      "Message-ID: <alert-1@vigil>\r\n"
      "\r\n" +
      body;
  return request;
}

// Debian's aiosmtpd, as a real SMTP server writing what it receives into a Maildir.
struct MailboxServer {
  vigil::test::TempDir dir;
  int port = vigil::test::free_port();
  ChildProcess process{{VIGIL_DEBIAN_PYTHON, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c",
                        "aiosmtpd.handlers.Mailbox", dir.file("maildir")}};
  MailboxServer() { REQUIRE(vigil::test::wait_for_port(port)); }

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    const auto incoming = std::filesystem::path(dir.file("maildir")) / "new";
    if (!std::filesystem::exists(incoming)) return out;
    for (const auto& entry : std::filesystem::directory_iterator(incoming))
      out.push_back(vigil::test::read_file(entry.path().string()));
    return out;
  }
};

// tests/fixtures/net/picky_smtp.py: refuses recipients and messages on request.
struct PickyServer {
  ChildProcess process{{VIGIL_DEBIAN_PYTHON, VIGIL_SOURCE_DIR "/tests/fixtures/net/picky_smtp.py"}};
  int port = std::stoi(process.read_line().substr(5));
};

}  // namespace

TEST_CASE("a message sent over SMTP arrives in aiosmtpd's mailbox", "[net][smtp]") {
  MailboxServer server;
  const auto result = send(message_to(server.port, "desk@example.org", "Dots at line start:\r\n.hidden\r\n"));
  INFO(result.reply);
  REQUIRE(result.ok());
  CHECK(result.code == 250);
  CHECK(result.reply.starts_with("250"));
  const auto messages = server.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].find("Subject: landmines: field teams clear a minefield") != std::string::npos);
  CHECK(messages[0].find("Message-ID: <alert-1@vigil>") != std::string::npos);
  CHECK(messages[0].find("\n.hidden") != std::string::npos);  // dot-stuffing undone by the server
}

TEST_CASE("SMTP to a port nobody listens on fails with ErrorKind::connect", "[net][smtp]") {
  const auto result = send(message_to(vigil::test::free_port(), "desk@example.org"));
  CHECK_FALSE(result.ok());
  CHECK(result.error == ErrorKind::connect);
  CHECK(result.code == 0);
  CHECK_FALSE(result.reply.empty());
}

TEST_CASE("STARTTLS required against a server without it fails with ErrorKind::connect", "[net][smtp][security]") {
  MailboxServer server;
  auto request = message_to(server.port, "desk@example.org");
  request.starttls = StartTls::required;
  const auto result = send(request);
  CHECK_FALSE(result.ok());
  CHECK(result.error == ErrorKind::connect);
  CHECK(result.reply == "STARTTLS required but the server does not offer it");
  CHECK(server.messages().empty());

  SECTION("opportunistic STARTTLS sends in the clear instead") {
    request.starttls = StartTls::opportunistic;
    CHECK(send(request).ok());
    CHECK(server.messages().size() == 1);
  }
}

TEST_CASE("server refusals carry the SMTP reply code: 5xx permanent, 4xx transient", "[net][smtp]") {
  PickyServer server;
  SECTION("a recipient refused with 550") {
    const auto result = send(message_to(server.port, "reject-me@example.org"));
    CHECK(result.error == ErrorKind::protocol);
    CHECK(result.code == 550);
    CHECK(result.reply == "550 5.1.1 <reject-me@example.org>: mailbox unavailable");
  }
  SECTION("a recipient deferred with 451") {
    const auto result = send(message_to(server.port, "later@example.org"));
    CHECK(result.error == ErrorKind::protocol);
    CHECK(result.code == 451);
    CHECK_FALSE(result.ok());
  }
  SECTION("a message refused after DATA with 554") {
    const auto result = send(message_to(server.port, "desk@example.org", "REFUSE-DATA\r\n"));
    CHECK(result.error == ErrorKind::protocol);
    CHECK(result.code == 554);
    CHECK(result.reply == "554 5.6.0 message refused");
  }
  SECTION("an accepted message") {
    const auto result = send(message_to(server.port, "desk@example.org"));
    CHECK(result.ok());
    CHECK(result.reply == "250 OK queued");
  }
}
