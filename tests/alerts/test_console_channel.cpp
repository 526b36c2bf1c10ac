#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>

#include "alerts/console_channel.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

namespace {

using File = std::unique_ptr<std::FILE, decltype(&std::fclose)>;

std::string contents(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  return out;
}

}  // namespace

TEST_CASE("the console channel prints a readable block and reports it delivered", "[alerts][console]") {
  File out(std::tmpfile(), &std::fclose);
  REQUIRE(out);
  ConsoleChannel channel("screen", out.get());
  CHECK(channel.name() == "screen");
  std::optional<Delivery> result;
  channel.send(sample_alert(), [&](Delivery d) { result = d; });
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::delivered);
  CHECK(contents(out.get()) ==
        "=== vigil alert [desk] ===\n"
        "Topics:  landmines\n"
        "Title:   Mine clearance resumes near Kharkiv\n"
        "Source:  wire-news\n"
        "Date:    2024-11-20 14:05 UTC\n"
        "Link:    https://news.example.org/2024/11/mine-clearance?id=7&lang=en\n"
        "Summary: Teams cleared 120 anti-personnel mines & other ordnance.\n"
        "\n");
}

TEST_CASE("the console never prints terminal escapes or an endless summary", "[alerts][console]") {
  Alert alert = sample_alert("Title \x1b]0;pwned\x07 with \x1b[2J escapes\r\nand lines");
  alert.item.summary = "<p>" + std::string(2000, 'z') + "</p>";
  alert.item.link = "javascript:void(0)";
  const std::string block = render_console(alert);
  CHECK(block.find('\x1b') == std::string::npos);
  CHECK(block.find('\x07') == std::string::npos);
  CHECK(block.find('\r') == std::string::npos);
  CHECK(block.find("Title:   Title ]0;pwned with [2J escapes and lines\n") != std::string::npos);
  CHECK(block.find("Link:") == std::string::npos);
  CHECK(block.size() < 1000);
  CHECK(block.find("\u2026\n") != std::string::npos);
}

TEST_CASE("make_channel builds the kind of channel the spec names", "[alerts][console]") {
  NetHarness net;
  File out(std::tmpfile(), &std::fclose);
  ChannelSpec console;
  console.name = "screen";
  console.type = ChannelType::console;
  auto printer = make_channel(console, net.client(), out.get());
  REQUIRE(printer);
  CHECK(printer->name() == "screen");
  CHECK(dynamic_cast<ConsoleChannel*>(printer.get()) != nullptr);
  CHECK(net.send(*printer, sample_alert()).outcome == DeliveryOutcome::delivered);
  CHECK(contents(out.get()).starts_with("=== vigil alert [desk] ===\n"));

  ChannelSpec email;
  email.name = "desk";
  email.type = ChannelType::email;
  CHECK(make_channel(email, net.client())->name() == "desk");
  ChannelSpec hook;
  hook.name = "ops";
  hook.type = ChannelType::webhook;
  CHECK(make_channel(hook, net.client())->name() == "ops");
}
