// Digests, quiet hours and rate limits end to end: `vigil once` runs at chosen times
// (VIGIL_TEST_NOW), each run a new process, so what is held is held in the store.
#include <cstdlib>

#include <catch2/catch.hpp>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

namespace {

// The world's config with topics notifying the webhook channel only, which gets `hook_keys`.
std::string hook_only_config(World& w, const std::vector<std::pair<std::string, std::string>>& sources,
                             const std::string& hook_keys) {
  auto text = read_file(w.write_config(sources, false));
  const std::string both = "notify = [\"mail\", \"hook\"]";
  for (auto at = text.find(both); at != std::string::npos; at = text.find(both)) text.replace(at, both.size(), "notify = [\"hook\"]");
  text += hook_keys;  // the hook channel is the file's last table
  write_file(w.dir.file("vigil.toml"), text);
  return w.dir.file("vigil.toml");
}

// `vigil once` with the clock starting at `when`.
void once_at(World& w, const std::string& config, const char* when) {
  ::setenv("VIGIL_TEST_NOW", when, 1);
  w.run_cli({"once", "-c", config});
  ::unsetenv("VIGIL_TEST_NOW");
  REQUIRE(w.cli_status == 0);
}

std::vector<FeedEntry> landmine_stories(int count) {
  std::vector<FeedEntry> entries;
  for (int i = 1; i <= count; ++i)
    entries.push_back({"s-" + std::to_string(i), "Landmine survey " + std::to_string(i) + " finds new fields",
                       "Report number " + std::to_string(i) + " on anti-personnel mine clearance.",
                       "/s/" + std::to_string(i)});
  return entries;
}

std::string source_lines(const std::string& name, const std::string& url) {
  // max_age off: the items are dated at the real now, the runs' clocks are elsewhere.
  return "[[source]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\nbaseline = false\nmax_age = \"0\"\n";
}

std::size_t digest_size(const nlohmann::json& hook) {
  std::size_t n = 0;
  for (const auto& group : hook["json"]["groups"]) n += group["alerts"].size();
  return n;
}

}  // namespace

TEST_CASE("a digest channel sends a period's alerts as one message at its slot", "[integration][pacing]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("wire.xml", FeedFormat::rss2, landmine_stories(3));
  const auto config = hook_only_config(w, {}, "digest = \"1h\"\ntimezone = \"Asia/Kolkata\"\n");
  write_file(config, source_lines("wire", w.url("wire.xml")) + read_file(config));

  once_at(w, config, "2026-01-15T10:10:00Z");  // 15:40 in Kolkata: the slot is 16:00 (10:30 UTC)
  CHECK(w.hooks().empty());
  const auto held = nlohmann::json::parse(w.run_cli({"alerts", "--state", "pending", "--json", "-c", config}));
  CHECK(held.size() == 3);

  once_at(w, config, "2026-01-15T10:25:00Z");  // before the slot: still nothing
  CHECK(w.hooks().empty());

  once_at(w, config, "2026-01-15T10:30:01Z");
  REQUIRE(w.eventually([&] { return w.hooks().size() == 1; }, 10s));
  const auto digest = w.hooks().front();
  CHECK(digest["json"].value("type", "") == "digest");
  CHECK(digest_size(digest) == 3);
  CHECK(digest["headers"]["webhook-id"] == digest["json"]["id"]);
  const auto delivered = nlohmann::json::parse(w.run_cli({"alerts", "--state", "delivered", "--json", "-c", config}));
  CHECK(delivered.size() == 3);
}

TEST_CASE("quiet hours hold alerts and send them as one digest when they end", "[integration][pacing]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("wire.xml", FeedFormat::rss2, landmine_stories(2));
  const auto config = hook_only_config(w, {}, "quiet_hours = \"22:00-07:00\"\ntimezone = \"Europe/London\"\n");
  write_file(config, source_lines("wire", w.url("wire.xml")) + read_file(config));

  once_at(w, config, "2026-07-15T22:30:00Z");  // 23:30 BST
  CHECK(w.hooks().empty());
  once_at(w, config, "2026-07-16T05:59:00Z");  // 06:59 BST
  CHECK(w.hooks().empty());
  once_at(w, config, "2026-07-16T06:00:01Z");  // 07:00 BST
  REQUIRE(w.eventually([&] { return w.hooks().size() == 1; }, 10s));
  CHECK(w.hooks().front()["json"].value("type", "") == "digest");
  CHECK(digest_size(w.hooks().front()) == 2);
}

TEST_CASE("a rate limit sends up to the limit and rolls the excess into one digest", "[integration][pacing]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("wire.xml", FeedFormat::rss2, landmine_stories(5));
  const auto config = hook_only_config(w, {}, "rate_limit = \"2/min\"\n");
  write_file(config, source_lines("wire", w.url("wire.xml")) + read_file(config));

  once_at(w, config, "2026-01-15T12:00:00Z");
  REQUIRE(w.eventually([&] { return w.hooks().size() == 2; }, 10s));
  for (const auto& hook : w.hooks()) CHECK(hook["json"].value("type", "") != "digest");
  CHECK(nlohmann::json::parse(w.run_cli({"alerts", "--state", "pending", "--json", "-c", config})).size() == 3);

  once_at(w, config, "2026-01-15T12:00:30Z");  // the window is still full
  CHECK(w.hooks().size() == 2);
  once_at(w, config, "2026-01-15T12:01:05Z");
  REQUIRE(w.eventually([&] { return w.hooks().size() == 3; }, 10s));
  CHECK(w.hooks().back()["json"].value("type", "") == "digest");
  CHECK(digest_size(w.hooks().back()) == 3);
}

TEST_CASE("health_notify hears when a source fails too long, recovers, and goes silent", "[integration][health]") {
  World w;
  w.start_http();
  w.start_hooks();
  w.write_feed("quiet.xml", FeedFormat::rss2, landmine_stories(1));
  w.daemon_toml = "health_notify = [\"hook\"]\nalert_after_failing = \"2s\"\n";
  // "broken" serves nothing yet (404); "quiet" never publishes anything new.
  const auto config = w.write_config_text(source_lines("broken", w.url("broken.xml")) + "\n" +
                                          source_lines("quiet", w.url("quiet.xml")) + "silent_after = \"3s\"\n");
  w.start_vigil(config);
  auto titled = [&](const std::string& needle) {
    std::size_t n = 0;
    for (const auto& hook : w.hooks())
      if (hook["body"].get<std::string>().find(needle) != std::string::npos) ++n;
    return n;
  };
  REQUIRE(w.eventually([&] { return titled("Source broken has failed for") == 1; }, 30s));
  REQUIRE(w.eventually([&] { return titled("Source quiet has published nothing for") == 1; }, 30s));
  w.write_feed("broken.xml", FeedFormat::rss2, {{"b-1", "Budget news", "Nothing on the topics.", "/b/1"}});
  REQUIRE(w.eventually([&] { return titled("Source broken has recovered") == 1; }, 30s));
  // Each was told once, however many checks ran meanwhile.
  std::this_thread::sleep_for(2s);
  CHECK(titled("Source broken has failed for") == 1);
  CHECK(titled("Source quiet has published nothing for") == 1);
  w.stop_vigil();
  const auto health = w.hooks();
  bool typed = false;
  for (const auto& hook : health)
    if (hook["body"].get<std::string>().find("Source broken has recovered") != std::string::npos)
      typed = hook["json"].value("type", "") == "health";
  CHECK(typed);
}
