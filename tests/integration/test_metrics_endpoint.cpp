// The daemon's HTTP endpoints through the real binary: /metrics parses as Prometheus text (read
// by Debian's python3-prometheus-client, as a scraper would) and its counters move when a poll
// matches and delivers; /healthz; the bearer token; a taken port fails `vigil run` at once.
#include <catch2/catch.hpp>

#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/prom_parse.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

const FeedEntry kQuiet = {"n-1", "Choir concert on Sunday", "Tickets at the door.", "/n/1"};
const FeedEntry kMatch = {"n-2", "Survey finds a landmine near the school", "Deminers are on site.", "/n/2"};

// One scrape of /metrics, parsed; empty when the daemon did not answer 200.
json scrape(int port, const std::vector<std::string>& headers = {}) {
  const auto reply = http_request(port, "/metrics", headers);
  if (reply.status != 200) return json::array();
  return parse_exposition(reply.body);
}

double value(const json& families, const std::string& name, const json& labels = json::object()) {
  return sample_value(families, name, labels);
}

}  // namespace

TEST_CASE("/metrics parses as Prometheus text and its counters move after a poll that matched and delivered",
          "[integration][metrics]") {
  World w;
  w.start_http();
  w.start_smtp();
  w.start_hooks();
  w.write_feed("ngo.xml", FeedFormat::rss2, {kQuiet});
  const int port = free_port();
  w.listen = "127.0.0.1:" + std::to_string(port);
  const auto config = w.write_config({{"ngo", "ngo.xml"}}, /*baseline=*/false);
  w.start_vigil(config);
  REQUIRE(wait_for_port(port));

  // Before: the source was read, nothing matched, nothing was sent.
  json before;
  REQUIRE(w.eventually([&] {
    before = scrape(port);
    return value(before, "vigil_items_new_total") >= 1 && value(before, "vigil_source_failing", {{"source", "ngo"}}) == 0;
  }));
  CHECK(value(before, "vigil_fetches_total", {{"outcome", "ok"}}) >= 1);
  CHECK(value(before, "vigil_fetch_duration_seconds_count") >= 1);
  CHECK(value(before, "vigil_matches_total", {{"topic", "landmines"}}) == -1);
  CHECK(value(before, "vigil_delivery_attempts_total", {{"channel", "mail"}, {"outcome", "delivered"}}) == -1);
  CHECK(value(before, "vigil_outbox_depth") == 0);
  CHECK(value(before, "vigil_source_last_success_timestamp_seconds", {{"source", "ngo"}}) > 1.7e9);
  CHECK(value(before, "vigil_store_size_bytes") > 0);
  CHECK(value(before, "vigil_process_resident_memory_bytes") > 1024 * 1024);
  CHECK(value(before, "vigil_process_cpu_seconds_total") > 0);
  const auto* build = find_sample(before, "vigil_build_info");
  REQUIRE(build != nullptr);
  CHECK((*build)["value"] == 1);

  // A matching item: one alert per channel, delivered; the counters say so.
  w.write_feed("ngo.xml", FeedFormat::rss2, {kMatch, kQuiet});
  REQUIRE(w.eventually([&] { return w.mails().size() == 1 && w.hooks().size() == 1; }));
  json after;
  REQUIRE(w.eventually([&] {
    after = scrape(port);
    return value(after, "vigil_delivery_attempts_total", {{"channel", "mail"}, {"outcome", "delivered"}}) == 1 &&
           value(after, "vigil_delivery_attempts_total", {{"channel", "hook"}, {"outcome", "delivered"}}) == 1;
  }));
  CHECK(value(after, "vigil_fetches_total", {{"outcome", "ok"}}) > value(before, "vigil_fetches_total", {{"outcome", "ok"}}));
  CHECK(value(after, "vigil_items_new_total") == value(before, "vigil_items_new_total") + 1);
  CHECK(value(after, "vigil_items_parsed_total") > value(before, "vigil_items_parsed_total"));
  CHECK(value(after, "vigil_matches_total", {{"topic", "landmines"}}) == 1);
  CHECK(value(after, "vigil_alerts_queued_total", {{"channel", "mail"}}) == 1);
  CHECK(value(after, "vigil_alerts_queued_total", {{"channel", "hook"}}) == 1);
  CHECK(value(after, "vigil_alerts", {{"channel", "mail"}, {"state", "delivered"}}) == 1);
  CHECK(value(after, "vigil_alerts", {{"channel", "hook"}, {"state", "delivered"}}) == 1);
  CHECK(value(after, "vigil_outbox_depth") == 0);
  CHECK(value(after, "vigil_outbox_oldest_age_seconds") == 0);

  // The other answers of the endpoints.
  const auto health = http_request(port, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == "ok\n");
  CHECK(http_request(port, "/").status == 404);
  CHECK(http_request(port, "/metrics.json").status == 404);
  CHECK(http_request(port, "/metrics", {}, "DELETE").status == 405);
  CHECK(w.stop_vigil() == 0);
}

TEST_CASE("with metrics_token_file, /metrics and /healthz answer 401 without the bearer token",
          "[integration][metrics]") {
  World w;
  w.start_http();
  w.write_feed("ngo.xml", FeedFormat::rss2, {kQuiet});
  const std::string token = "t0ken-from-a-credential-file";
  write_file(w.dir.file("metrics.token"), token + "\n");  // a trailing newline, as editors leave it
  const int port = free_port();
  w.listen = "127.0.0.1:" + std::to_string(port);
  w.daemon_toml = "metrics_token_file = \"metrics.token\"\n";  // relative to the config file
  const auto config = w.write_config({{"ngo", "ngo.xml"}}, /*baseline=*/true);
  w.start_vigil(config);
  REQUIRE(wait_for_port(port));

  for (const std::string path : {"/metrics", "/healthz"}) {
    INFO(path);
    const auto refused = http_request(port, path);
    CHECK(refused.status == 401);
    CHECK(refused.head.find("WWW-Authenticate: Bearer") != std::string::npos);
    CHECK(http_request(port, path, {"Authorization: Bearer not-the-token"}).status == 401);
    CHECK(http_request(port, path, {"Authorization: Bearer " + token}).status == 200);
  }
  CHECK_FALSE(scrape(port, {"Authorization: Bearer " + token}).empty());
  CHECK(w.stop_vigil() == 0);
  CHECK(read_file(w.vigil_log).find(token) == std::string::npos);
}

TEST_CASE("a taken listen address makes `vigil run` exit at once, naming it; `vigil once` does not listen",
          "[integration][metrics]") {
  World w;
  w.start_http();  // its port is the one taken
  w.write_feed("ngo.xml", FeedFormat::rss2, {kQuiet});
  const std::string taken = "127.0.0.1:" + std::to_string(w.http_port);
  w.listen = taken;
  const auto config = w.write_config({{"ngo", "ngo.xml"}}, /*baseline=*/true);

  w.run_cli({"run", "-c", config});
  CHECK(w.cli_status == 1);
  CHECK(read_file(w.dir.file("cli.log")).find("listen " + taken + ": address already in use") != std::string::npos);

  w.run_cli({"once", "-c", config});
  CHECK(w.cli_status == 0);
}

TEST_CASE("check-config refuses metrics_token with metrics_token_file, and a token it cannot send, without echoing it",
          "[integration][metrics]") {
  World w;
  write_file(w.dir.file("metrics.token"), "from-a-file\n");
  w.daemon_toml = "metrics_token = \"inline-token\"\nmetrics_token_file = \"metrics.token\"\n";
  auto config = w.write_config({}, /*baseline=*/true);
  auto both = w.run_cli({"check-config", "-c", config});
  both += read_file(w.dir.file("cli.log"));
  CHECK(w.cli_status != 0);
  CHECK(both.find("exclude each other") != std::string::npos);

  write_file(w.dir.file("cli.log"), "");
  w.daemon_toml = "metrics_token = \"two words\"\n";
  config = w.write_config({}, /*baseline=*/true);
  auto said = w.run_cli({"check-config", "-c", config});
  said += read_file(w.dir.file("cli.log"));
  CHECK(w.cli_status != 0);
  CHECK(said.find("metrics_token") != std::string::npos);
  CHECK(said.find("two words") == std::string::npos);
}
