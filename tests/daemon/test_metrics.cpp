// The Prometheus registry behind /metrics: text exposition 0.0.4 (HELP/TYPE, escaping,
// histogram buckets), and vigil's own metrics counted from what the poller and the dispatcher
// report and what the store holds at scrape time.
#include <catch2/catch.hpp>

#include <cmath>
#include <future>
#include <limits>
#include <stdexcept>

#include <boost/asio/thread_pool.hpp>

#include "daemon/metrics.hpp"
#include "daemon/scrape.hpp"
#include "daemon/vigil_metrics.hpp"
#include "tests/support/prom_parse.hpp"

using namespace vigil;
using namespace vigil::daemon;
using vigil::test::parse_exposition;
using vigil::test::sample_value;
using json = nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("a counter renders HELP, TYPE and one line per label set", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& fetches = registry.counter("vigil_fetches_total", "fetches by outcome", {"outcome"});
  fetches.add({"ok"});
  fetches.add({"ok"}, 2);
  fetches.add({"timeout"});
  CHECK(registry.render() ==
        "# HELP vigil_fetches_total fetches by outcome\n"
        "# TYPE vigil_fetches_total counter\n"
        "vigil_fetches_total{outcome=\"ok\"} 3\n"
        "vigil_fetches_total{outcome=\"timeout\"} 1\n");
}

TEST_CASE("a family without labels reports 0 before anything happened", "[daemon][metrics]") {
  MetricRegistry registry;
  registry.counter("vigil_parse_errors_total", "unreadable documents");
  registry.gauge("vigil_outbox_depth", "alerts waiting");
  const auto text = registry.render();
  CHECK(contains(text, "\nvigil_parse_errors_total 0\n"));
  CHECK(contains(text, "\nvigil_outbox_depth 0\n"));
}

TEST_CASE("a counter never goes down", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& counter = registry.counter("c_total", "c");
  counter.add({}, 5);
  counter.add({}, -3);
  counter.add({}, std::numeric_limits<double>::quiet_NaN());
  CHECK(counter.value() == 5);
}

TEST_CASE("label values escape backslash, double quote and newline", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& matches = registry.counter("vigil_matches_total", "matches", {"topic"});
  matches.add({"a\\b \"quoted\"\nnext"});
  CHECK(contains(registry.render(), R"(vigil_matches_total{topic="a\\b \"quoted\"\nnext"} 1)"));
  CHECK(escape_label_value("plain Україна") == "plain Україна");
}

TEST_CASE("HELP text escapes backslash and newline", "[daemon][metrics]") {
  MetricRegistry registry;
  registry.gauge("g", "first line\nsecond \\ line \"as is\"");
  CHECK(contains(registry.render(), "# HELP g first line\\nsecond \\\\ line \"as is\"\n"));
}

TEST_CASE("escaped label values read back as written through the Prometheus client parser", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& matches = registry.counter("vigil_matches_total", "matches\nby topic", {"topic"});
  const std::string hostile = "back\\slash \"quote\"\nnewline } , = Україна";
  matches.add({hostile});
  const auto families = parse_exposition(registry.render());
  REQUIRE(families.size() == 1);
  CHECK(families[0]["help"] == "matches\nby topic");
  CHECK(families[0]["samples"][0]["labels"]["topic"] == hostile);
}

TEST_CASE("sample values: integers plainly, fractions exactly, infinities and NaN by name", "[daemon][metrics]") {
  CHECK(format_sample_value(3) == "3");
  CHECK(format_sample_value(0.25) == "0.25");
  CHECK(format_sample_value(1700000000) == "1700000000");
  CHECK(format_sample_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_sample_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(format_sample_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("a histogram counts into cumulative buckets, bounds inclusive, with sum and count", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& latency = registry.histogram("vigil_fetch_duration_seconds", "fetch time", {0.1, 1, 10});
  latency.observe(0.05);
  latency.observe(0.1);  // on the bound: counts in le="0.1"
  latency.observe(0.5);
  latency.observe(20);   // past the last bound: only +Inf
  CHECK(registry.render() ==
        "# HELP vigil_fetch_duration_seconds fetch time\n"
        "# TYPE vigil_fetch_duration_seconds histogram\n"
        "vigil_fetch_duration_seconds_bucket{le=\"0.1\"} 2\n"
        "vigil_fetch_duration_seconds_bucket{le=\"1\"} 3\n"
        "vigil_fetch_duration_seconds_bucket{le=\"10\"} 3\n"
        "vigil_fetch_duration_seconds_bucket{le=\"+Inf\"} 4\n"
        "vigil_fetch_duration_seconds_sum 20.65\n"
        "vigil_fetch_duration_seconds_count 4\n");
}

TEST_CASE("an empty histogram renders all zeros; a labelled one adds le after its labels", "[daemon][metrics]") {
  MetricRegistry registry;
  registry.histogram("empty_seconds", "nothing yet", {1});
  auto& labelled = registry.histogram("send_seconds", "by channel", {1}, {"channel"});
  labelled.observe(2, {"desk"});
  const auto text = registry.render();
  CHECK(contains(text, "empty_seconds_bucket{le=\"1\"} 0\nempty_seconds_bucket{le=\"+Inf\"} 0\n"
                       "empty_seconds_sum 0\nempty_seconds_count 0\n"));
  CHECK(contains(text, "send_seconds_bucket{channel=\"desk\",le=\"1\"} 0\n"));
  CHECK(contains(text, "send_seconds_bucket{channel=\"desk\",le=\"+Inf\"} 1\n"));
  CHECK(contains(text, "send_seconds_count{channel=\"desk\"} 1\n"));
}

TEST_CASE("a histogram's buckets parse as one histogram family", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& latency = registry.histogram("vigil_fetch_duration_seconds", "fetch time", {0.5, 2});
  latency.observe(1);
  const auto families = parse_exposition(registry.render());
  REQUIRE(families.size() == 1);
  CHECK(families[0]["type"] == "histogram");
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_bucket", {{"le", "0.5"}}) == 0);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_bucket", {{"le", "2"}}) == 1);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_bucket", {{"le", "+Inf"}}) == 1);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_count") == 1);
}

TEST_CASE("a gauge's replace drops the label sets it does not list", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& failing = registry.gauge("vigil_source_failing", "failing", {"source"});
  failing.replace({{{"a"}, 1}, {{"b"}, 0}});
  failing.replace({{{"b"}, 1}});
  const auto text = registry.render();
  CHECK_FALSE(contains(text, "source=\"a\""));
  CHECK(contains(text, "vigil_source_failing{source=\"b\"} 1\n"));
}

TEST_CASE("misuse of the registry is a programming error", "[daemon][metrics]") {
  MetricRegistry registry;
  auto& counter = registry.counter("ok_total", "fine", {"channel"});
  CHECK_THROWS_AS(counter.add({}), std::invalid_argument);
  CHECK_THROWS_AS(counter.add({"a", "b"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.counter("ok_total", "again"), std::invalid_argument);
  CHECK_THROWS_AS(registry.gauge("9lives", "bad name"), std::invalid_argument);
  CHECK_THROWS_AS(registry.gauge("bad-name", "bad name"), std::invalid_argument);
  CHECK_THROWS_AS(registry.gauge("g", "bad label", {"__reserved"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogram("h", "le is taken", {1}, {"le"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogram("h2", "unsorted", {2, 1}), std::invalid_argument);
}

// ---------------------------------------------------------------- vigil's metrics

namespace {

store::ItemRecord record(std::string key, std::vector<std::string> topics) {
  store::ItemRecord r;
  r.key = std::move(key);
  r.topics = std::move(topics);
  return r;
}

store::NewAlert alert(std::string id, std::string channel, std::string item_key, Timestamp created = {}) {
  store::NewAlert a;
  a.id = std::move(id);
  a.channel = std::move(channel);
  a.topics = {"landmines"};
  a.item_key = std::move(item_key);
  a.created = created;
  return a;
}

FetchResult fetch(FetchErrorKind error, bool not_modified = false, int millis = 120) {
  FetchResult r;
  r.error = error;
  r.not_modified = not_modified;
  r.elapsed = std::chrono::milliseconds(millis);
  return r;
}

}  // namespace

TEST_CASE("fetches are counted by outcome; a shutdown's cancelled fetch is not", "[daemon][metrics]") {
  Metrics metrics;
  metrics.fetched(fetch(FetchErrorKind::none));
  metrics.fetched(fetch(FetchErrorKind::none, /*not_modified=*/true));
  metrics.fetched(fetch(FetchErrorKind::timeout, false, 30000));
  metrics.fetched(fetch(FetchErrorKind::cancelled));
  const auto families = parse_exposition(metrics.render());
  CHECK(sample_value(families, "vigil_fetches_total", {{"outcome", "ok"}}) == 1);
  CHECK(sample_value(families, "vigil_fetches_total", {{"outcome", "not_modified"}}) == 1);
  CHECK(sample_value(families, "vigil_fetches_total", {{"outcome", "timeout"}}) == 1);
  CHECK(sample_value(families, "vigil_fetches_total", {{"outcome", "connect"}}) == 0);  // known outcomes start at 0
  CHECK(sample_value(families, "vigil_fetches_total", {{"outcome", "cancelled"}}) == -1);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_count") == 3);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_bucket", {{"le", "0.25"}}) == 2);
  CHECK(sample_value(families, "vigil_fetch_duration_seconds_bucket", {{"le", "30"}}) == 3);
}

TEST_CASE("a committed poll counts new and changed items, new matches per topic and queued alerts",
          "[daemon][metrics]") {
  Metrics metrics;
  store::PollCommit commit;
  commit.items = {record("new", {"landmines", "ukraine"}), record("changed", {"landmines", "ukraine"}),
                  record("plain", {})};
  commit.alerts = {alert("1", "desk", ""), alert("2", "desk", ""), alert("3", "ops", "")};
  // "changed" matched landmines before: only ukraine is a new match for it.
  const std::unordered_map<std::string, store::SeenItem> seen{{"changed", {.fingerprint = "f", .topics = {"landmines"}}}};
  metrics.committed(/*items_read=*/7, commit, seen);
  const auto families = parse_exposition(metrics.render());
  CHECK(sample_value(families, "vigil_items_parsed_total") == 7);
  CHECK(sample_value(families, "vigil_items_new_total") == 2);
  CHECK(sample_value(families, "vigil_items_changed_total") == 1);
  CHECK(sample_value(families, "vigil_matches_total", {{"topic", "landmines"}}) == 1);
  CHECK(sample_value(families, "vigil_matches_total", {{"topic", "ukraine"}}) == 2);
  CHECK(sample_value(families, "vigil_alerts_queued_total", {{"channel", "desk"}}) == 2);
  CHECK(sample_value(families, "vigil_alerts_queued_total", {{"channel", "ops"}}) == 1);
}

TEST_CASE("delivery attempts are counted by the state they leave their alerts in", "[daemon][metrics]") {
  Metrics metrics;
  metrics.attempted("desk", DeliveryOutcome::delivered);
  metrics.attempted("desk", DeliveryOutcome::retry);
  metrics.attempted("desk", DeliveryOutcome::permanent, /*alerts=*/3);  // a digest of three
  const auto families = parse_exposition(metrics.render());
  CHECK(sample_value(families, "vigil_delivery_attempts_total", {{"channel", "desk"}, {"outcome", "delivered"}}) == 1);
  CHECK(sample_value(families, "vigil_delivery_attempts_total", {{"channel", "desk"}, {"outcome", "retrying"}}) == 1);
  CHECK(sample_value(families, "vigil_delivery_attempts_total", {{"channel", "desk"}, {"outcome", "dead"}}) == 3);
}

TEST_CASE("the outbox gauges: alerts by channel and state, depth and the oldest waiting alert's age",
          "[daemon][metrics]") {
  Metrics metrics;
  const Timestamp now{std::chrono::seconds(1'800'000'000)};
  using store::AlertState;
  metrics.observe_outbox({{"desk", AlertState::delivered, 40, now - std::chrono::hours(100)},
                          {"desk", AlertState::pending, 2, now - std::chrono::seconds(30)},
                          {"ops", AlertState::retrying, 1, now - std::chrono::seconds(300)},
                          {"ops", AlertState::dead, 5, now - std::chrono::hours(50)}},
                         now);
  const auto families = parse_exposition(metrics.render());
  CHECK(sample_value(families, "vigil_alerts", {{"channel", "desk"}, {"state", "delivered"}}) == 40);
  CHECK(sample_value(families, "vigil_alerts", {{"channel", "ops"}, {"state", "dead"}}) == 5);
  CHECK(sample_value(families, "vigil_outbox_depth") == 3);
  CHECK(sample_value(families, "vigil_outbox_oldest_age_seconds") == 300);  // delivered and dead do not wait

  metrics.observe_outbox({}, now);
  const auto empty = parse_exposition(metrics.render());
  CHECK(sample_value(empty, "vigil_outbox_depth") == 0);
  CHECK(sample_value(empty, "vigil_outbox_oldest_age_seconds") == 0);
  CHECK(sample_value(empty, "vigil_alerts", {{"channel", "desk"}}) == -1);
}

TEST_CASE("per-source gauges cover the configured sources only", "[daemon][metrics]") {
  Metrics metrics;
  const Timestamp success{std::chrono::seconds(1'700'000'000)};
  FetchState healthy;
  healthy.last_success = success;
  FetchState failing = healthy;
  failing.consecutive_failures = 3;
  FetchState gone;
  gone.gone = true;
  metrics.observe_sources({{"healthy", healthy}, {"failing", failing}, {"gone", gone}, {"removed", failing}},
                          {"healthy", "failing", "gone", "never-polled"});
  const auto families = parse_exposition(metrics.render());
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "healthy"}}) == 0);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "failing"}}) == 1);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "gone"}}) == 1);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "never-polled"}}) == 0);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "removed"}}) == -1);
  CHECK(sample_value(families, "vigil_source_last_success_timestamp_seconds", {{"source", "failing"}}) == 1.7e9);
  CHECK(sample_value(families, "vigil_source_last_success_timestamp_seconds", {{"source", "gone"}}) == -1);
}

TEST_CASE("every vigil metric is named vigil_..., parses, and carries HELP text", "[daemon][metrics]") {
  Metrics metrics;
  metrics.observe_process(read_process_stats());
  const auto families = parse_exposition(metrics.render());
  CHECK(families.size() >= 19);
  for (const auto& family : families) {
    INFO(family["name"]);
    CHECK(family["name"].get<std::string>().starts_with("vigil_"));
    CHECK_FALSE(family["help"].get<std::string>().empty());
  }
  const auto* build = vigil::test::find_sample(families, "vigil_build_info");
  REQUIRE(build != nullptr);
  CHECK((*build)["value"] == 1);
  CHECK((*build)["labels"]["version"] != "unknown");
  CHECK(sample_value(families, "vigil_process_resident_memory_bytes") > 1024 * 1024);
  CHECK(sample_value(families, "vigil_process_cpu_seconds_total") > 0);
  CHECK(sample_value(families, "vigil_process_start_time_seconds") > 1.7e9);
}

TEST_CASE("the store's size counts the database and its write-ahead log", "[daemon][metrics]") {
  vigil::test::TempDir dir;
  const std::filesystem::path db = dir.file("vigil.db");
  CHECK(store_size(db) == 0);
  vigil::test::write_file(db.string(), std::string(1000, 'x'));
  vigil::test::write_file(db.string() + "-wal", std::string(24, 'x'));
  vigil::test::write_file(db.string() + "-shm", std::string(500, 'x'));  // an index, not data
  CHECK(store_size(db) == 1024);
}

TEST_CASE("a scrape reads the outbox and the sources from the store, off the calling thread", "[daemon][metrics]") {
  vigil::test::TempDir dir;
  auto opened = store::open_sqlite_store(dir.file("vigil.db"));
  REQUIRE(opened);
  auto& db = **opened;
  const auto now = now_utc();
  store::PollCommit commit;
  commit.source = "ngo";
  commit.state.last_success = now;
  commit.items.push_back(record("1", {"landmines"}));
  commit.items.back().item.source = "ngo";
  commit.items.back().first_seen = now;
  commit.alerts.push_back(alert("a1", "desk", "1", now));
  commit.alerts.push_back(alert("a2", "ops", "1", now));
  REQUIRE(db.commit_poll(commit));
  REQUIRE(db.mark_delivered("a2", "250 ok", now));

  boost::asio::thread_pool cpu(1);
  Metrics metrics;
  Liveness liveness;
  auto handlers = scrape_handlers({.cpu = cpu, .store = db, .metrics = metrics, .liveness = liveness,
                                   .store_file = dir.file("vigil.db"),
                                   .sources = [] { return std::vector<std::string>{"ngo", "quiet"}; }});
  std::promise<std::expected<std::string, std::string>> scraped;
  handlers.metrics([&](std::expected<std::string, std::string> text) { scraped.set_value(std::move(text)); });
  std::promise<std::optional<std::string>> checked;
  handlers.health([&](std::optional<std::string> problem) { checked.set_value(std::move(problem)); });
  const auto text = scraped.get_future().get();
  const auto problem = checked.get_future().get();
  cpu.join();

  REQUIRE(text);
  const auto families = parse_exposition(*text);
  CHECK(sample_value(families, "vigil_alerts", {{"channel", "desk"}, {"state", "pending"}}) == 1);
  CHECK(sample_value(families, "vigil_alerts", {{"channel", "ops"}, {"state", "delivered"}}) == 1);
  CHECK(sample_value(families, "vigil_outbox_depth") == 1);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "ngo"}}) == 0);
  CHECK(sample_value(families, "vigil_source_failing", {{"source", "quiet"}}) == 0);
  CHECK(sample_value(families, "vigil_source_last_success_timestamp_seconds", {{"source", "ngo"}}) ==
        static_cast<double>(now.time_since_epoch().count()));
  CHECK(sample_value(families, "vigil_store_size_bytes") > 0);
  CHECK_FALSE(problem);
}

TEST_CASE("health reports a stalled loop without asking the store", "[daemon][metrics]") {
  vigil::test::TempDir dir;
  auto opened = store::open_sqlite_store(dir.file("vigil.db"));
  REQUIRE(opened);
  boost::asio::thread_pool cpu(1);
  Metrics metrics;
  Liveness liveness(std::chrono::seconds(60));
  liveness.heartbeat(Liveness::Clock::now() - std::chrono::minutes(5));
  auto handlers = scrape_handlers({.cpu = cpu, .store = **opened, .metrics = metrics, .liveness = liveness,
                                   .store_file = dir.file("vigil.db"), .sources = {}});
  std::optional<std::string> problem;
  handlers.health([&](std::optional<std::string> p) { problem = std::move(p); });  // answered at once
  cpu.join();
  REQUIRE(problem);
  CHECK_FALSE(problem->empty());
}
