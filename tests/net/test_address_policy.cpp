#include <catch2/catch.hpp>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include "net/address_policy.hpp"
#include "net/client.hpp"
#include "tests/net/net_test_support.hpp"

using vigil::net::ErrorKind;
using vigil::net::refused_address;
using vigil::test::HttpServer;

namespace {

// Runs `body` in a forked child inside a new network namespace that has only a loopback
// interface, so even a broken refusal could not send a packet off the machine. Returns what
// the body returned, or nullopt when namespaces are not available (not root).
std::optional<std::string> in_private_network(const std::function<std::string()>& body) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string result;
    if (unshare(CLONE_NEWNET) != 0) {
      result = "\x01unshare failed";
    } else {
      const int s = socket(AF_INET, SOCK_DGRAM, 0);  // bring lo up for the local server
      ifreq ifr{};
      std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
      ioctl(s, SIOCGIFFLAGS, &ifr);
      ifr.ifr_flags |= IFF_UP;
      ioctl(s, SIOCSIFFLAGS, &ifr);
      close(s);
      try {
        result = body();
      } catch (const std::exception& e) {
        result = std::string("exception: ") + e.what();
      }
    }
    (void)!write(fds[1], result.data(), result.size());
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string result;
  char buffer[512];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) result.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (result.starts_with('\x01')) return std::nullopt;
  return result;
}

std::string outcome(const vigil::net::HttpResponse& response) {
  return std::string(vigil::net::to_string(response.error)) + ": " + response.error_message;
}

}  // namespace

TEST_CASE("link-local and metadata addresses are always refused", "[net][security]") {
  for (const char* address : {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "fd00:ec2::254",
                              "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"}) {
    INFO(address);
    CHECK(refused_address(address, true).has_value());
    CHECK(refused_address(address, false).has_value());
  }
  CHECK(refused_address("169.254.169.254", true) == "169.254.169.254");
  CHECK(refused_address("fd00:ec2::254", true) == "fd00:ec2::254");
}

TEST_CASE("loopback and private ranges are refused only when private addresses are not allowed", "[net][security]") {
  for (const char* address : {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                              "100.64.0.1", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1"}) {
    INFO(address);
    CHECK_FALSE(refused_address(address, true).has_value());
    CHECK(refused_address(address, false).has_value());
  }
}

TEST_CASE("public addresses are allowed", "[net][security]") {
  for (const char* address : {"93.184.216.34", "172.32.0.1", "169.255.0.1", "100.128.0.1", "2001:db8::1",
                              "2606:4700::1111"}) {
    INFO(address);
    CHECK_FALSE(refused_address(address, true).has_value());
  }
  CHECK_FALSE(refused_address("not an address", false).has_value());
}

TEST_CASE("a request that may not reach private addresses is refused before connecting to loopback",
          "[net][security]") {
  HttpServer server;
  vigil::net::HttpRequest request;
  request.url = server.url("/ok");
  request.allow_private_addresses = false;
  const auto response = vigil::test::fetch(request);
  CHECK(response.error == ErrorKind::connect);
  CHECK(response.error_message == "refused address 127.0.0.1");
  CHECK(server.get_json("/stats")["total"] == 0);
}

TEST_CASE("a cached connection to loopback is not reused by a request that may not reach it", "[net][security]") {
  HttpServer server;
  boost::asio::io_context io;
  vigil::net::Client client(io, vigil::net::ClientOptions{});
  std::vector<vigil::net::HttpResponse> responses;
  vigil::net::HttpRequest request;
  request.url = server.url("/ok");
  client.request(request, [&](vigil::net::HttpResponse r) {
    responses.push_back(std::move(r));
    // The first connection is now idle in curl's cache, ready for reuse.
    auto strict = request;
    strict.allow_private_addresses = false;
    client.request(strict, [&](vigil::net::HttpResponse r2) { responses.push_back(std::move(r2)); });
  });
  REQUIRE(vigil::test::run_until(io, [&] { return responses.size() == 2; }));
  CHECK(responses[0].status == 200);
  CHECK(responses[1].error == ErrorKind::connect);
  CHECK(responses[1].error_message == "refused address 127.0.0.1");
  CHECK(server.get_json("/stats")["total"] == 1);
}

TEST_CASE("the metadata address is refused before connecting, directly and after a redirect",
          "[net][security][netns]") {
  // Port 1 and a private network namespace: nothing could leave the machine even if the
  // refusal were broken (the connect would then fail with "Network unreachable" instead).
  const auto result = in_private_network([] {
    HttpServer server;
    const auto direct = vigil::test::fetch("http://169.254.169.254:1/latest/meta-data/");
    const auto redirected = vigil::test::fetch(server.url("/redirect-to?url=http://169.254.169.254:1/"));
    const auto v6 = vigil::test::fetch("http://[fd00:ec2::254]:1/");
    return outcome(direct) + "\n" + outcome(redirected) + "\n" + outcome(v6);
  });
  if (!result) {
    WARN("skipped: cannot create a network namespace here (needs root)");
    return;
  }
  CHECK(*result ==
        "connect: refused address 169.254.169.254\n"
        "connect: refused address 169.254.169.254\n"
        "connect: refused address fd00:ec2::254");
}
