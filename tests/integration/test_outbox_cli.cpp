// The operator's commands on the outbox and channels: test-alert, alerts retry, and dead
// letters after max_attempts.
#include <catch2/catch.hpp>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

TEST_CASE("test-alert sends a sample alert like a real one, and fails with the server's answer when refused",
          "[integration][outbox]") {
  World w;
  w.start_smtp();
  w.start_hooks();
  const auto config = w.write_config({}, false);
  const auto mailed = w.run_cli({"test-alert", "mail", "-c", config});
  CHECK(w.cli_status == 0);
  CHECK(mailed.find("channel mail accepted the test alert: 250") != std::string::npos);
  REQUIRE(w.eventually([&] { return w.mails().size() == 1; }));
  const auto mail = w.mails().front();
  CHECK(mail["subject"].get<std::string>().find("Test alert from vigil for channel mail") != std::string::npos);
  CHECK(mail["list_id"] == "<mail.vigil.invalid>");
  CHECK(mail["auto_submitted"] == "auto-generated");
  CHECK(mail["defects"].empty());

  w.run_cli({"test-alert", "hook", "-c", config});
  CHECK(w.cli_status == 0);
  REQUIRE(w.eventually([&] { return w.hooks().size() == 1; }));
  CHECK(w.hooks().front()["headers"].contains("webhook-id"));

  w.run_cli({"test-alert", "nowhere", "-c", config});
  CHECK(w.cli_status == 2);
}

TEST_CASE("a refused test alert exits 1 with the reply", "[integration][outbox]") {
  World w;
  w.start_smtp({"--reject"});
  const auto config = w.write_config({}, false);
  w.run_cli({"test-alert", "mail", "-c", config});
  CHECK(w.cli_status == 1);
  CHECK(read_file(w.dir.file("cli.log")).find("refused the test alert: 550") != std::string::npos);
}

TEST_CASE("an alert goes dead after max_attempts and `alerts retry --dead` sends it again", "[integration][outbox]") {
  World w;
  w.start_http();
  w.write_feed("wire.xml", FeedFormat::rss2,
               {{"w-1", "Landmine clearance resumes in the valley", "Teams returned on Monday.", "/w/1"}});
  auto config_text = read_file(w.write_config({{"wire", "wire.xml"}}, false));
  // Mail only, two attempts at most, retried quickly; the SMTP server is down.
  const auto hook = config_text.find("[[channel]]\nname = \"hook\"");
  config_text = config_text.substr(0, hook);
  for (const std::string topic_notify : {"notify = [\"mail\", \"hook\"]"})
    for (auto at = config_text.find(topic_notify); at != std::string::npos; at = config_text.find(topic_notify))
      config_text.replace(at, topic_notify.size(), "notify = [\"mail\"]");
  config_text.replace(config_text.find("retry_max = \"5s\""), 16, "retry_max = \"1s\"\nmax_attempts = 2");
  const auto config = w.dir.file("vigil.toml");
  write_file(config, config_text);

  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.log_count("gave up after 2 attempt(s)") >= 1; }, 40s));
  w.stop_vigil();
  const auto dead = w.run_cli({"alerts", "--state", "dead", "--json", "-c", config});
  const auto rows = nlohmann::json::parse(dead);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["attempts"] == 2);

  w.start_smtp();
  const auto retried = w.run_cli({"alerts", "retry", "--dead", "-c", config});
  CHECK(w.cli_status == 0);
  CHECK(retried.find("1 alert(s) queued again") != std::string::npos);
  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.mails().size() == 1; }, 30s));
  w.stop_vigil();
  CHECK(w.mails().front()["message_id"].get<std::string>().find(rows[0]["id"].get<std::string>()) !=
        std::string::npos);
  w.run_cli({"alerts", "retry", rows[0]["id"].get<std::string>(), "-c", config});
  CHECK(w.cli_status == 1);  // delivered: it never moves again
  CHECK(read_file(w.dir.file("cli.log")).find("is delivered already") != std::string::npos);
}

TEST_CASE("a 429 with Retry-After holds the alert's next attempt at least that long", "[integration][outbox]") {
  World w;
  w.start_http();
  w.write_feed("wire.xml", FeedFormat::rss2,
               {{"w-1", "Landmine clearance resumes in the valley", "Teams returned on Monday.", "/w/1"}});
  // The hook channel posts to the fixture server, which answers the first POST 429 Retry-After: 8.
  w.hook_url = w.url("hook/limited");
  http_get(w.http_port, "/control/fail?path=/hook/limited&status=429&count=1&retry_after=8");
  const auto config = w.write_config({{"wire", "wire.xml"}}, false);
  w.start_vigil(config);
  const auto recorded = [&] {
    return nlohmann::json::parse(http_get(w.http_port, "/control/recorded?path=/hook/limited"));
  };
  REQUIRE(w.eventually([&] { return recorded().size() >= 2; }, 30s));
  w.stop_vigil();
  const auto arrivals =
      nlohmann::json::parse(http_get(w.http_port, "/control/requests?path=/hook/limited")).get<std::vector<double>>();
  REQUIRE(arrivals.size() == 2);
  CHECK(arrivals[1] - arrivals[0] >= 7.9);  // our own backoff alone retries the first failure within 4-6 s
  CHECK(recorded()[0]["status"] == 429);
  CHECK(recorded()[1]["status"] == 200);
  CHECK(w.log_count("HTTP 429 (retry after 8s)") == 1);
}
