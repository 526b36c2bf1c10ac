#include <catch2/catch.hpp>

#include "daemon/reload_plan.hpp"

namespace vigil::daemon {
namespace {

SourceSpec source(const std::string& name, const std::string& url = "") {
  SourceSpec s;
  s.name = name;
  s.url = url.empty() ? "https://" + name + ".example.org/feed.xml" : url;
  return s;
}

topics::TopicSpec topic(const std::string& name, const std::string& query, std::vector<std::string> notify = {"desk"}) {
  return {.name = name, .query = query, .notify = std::move(notify)};
}

alerts::ChannelSpec channel(const std::string& name, const std::string& url) {
  alerts::ChannelSpec c;
  c.name = name;
  c.type = alerts::ChannelType::webhook;
  c.webhook.url = url;
  return c;
}

config::Config base() {
  config::Config c;
  c.file = "vigil.toml";
  c.sources = {source("amnesty"), source("hrw"), source("icbl")};
  c.topics = {topic("landmines", "landmine"), topic("ukraine", "Ukraine OR Kyiv")};
  c.channels = {channel("desk", "https://hooks.example.org/desk"), channel("ops", "https://hooks.example.org/ops")};
  return c;
}

}  // namespace

TEST_CASE("the same config read again changes nothing", "[daemon][reload]") {
  const auto plan = plan_reload(base(), base());
  CHECK(plan.empty());
  CHECK(plan.poll_now.empty());
  CHECK(describe(plan) == "no changes");
}

TEST_CASE("sources are added, removed and changed by name, in file order", "[daemon][reload]") {
  auto next = base();
  next.sources = {source("icbl"), source("amnesty"), source("reliefweb"), source("acled")};
  next.sources[0].interval = std::chrono::minutes(1);  // icbl: changed, same address
  const auto plan = plan_reload(base(), next);
  CHECK(plan.sources.added == std::vector<std::string>{"reliefweb", "acled"});
  CHECK(plan.sources.removed == std::vector<std::string>{"hrw"});
  CHECK(plan.sources.changed == std::vector<std::string>{"icbl"});
  CHECK(plan.poll_now.empty());  // an interval change keeps the schedule
  CHECK(plan.topics.empty());
  CHECK(plan.channels.empty());
}

TEST_CASE("reordering sources is not a change", "[daemon][reload]") {
  auto next = base();
  std::swap(next.sources[0], next.sources[2]);
  CHECK(plan_reload(base(), next).empty());
}

TEST_CASE("a source whose address or type changed is polled at once", "[daemon][reload]") {
  auto next = base();
  next.sources[0].url = "https://amnesty.example.org/news.atom";
  next.sources[1].type = SourceType::sitemap;
  next.sources[2].select.item = "article";  // changed, but what it fetches did not
  const auto plan = plan_reload(base(), next);
  CHECK(plan.sources.changed == std::vector<std::string>{"amnesty", "hrw", "icbl"});
  CHECK(plan.poll_now == std::vector<std::string>{"amnesty", "hrw"});
}

TEST_CASE("any fetch setting of a source counts as a change", "[daemon][reload]") {
  const auto changed_by = [](auto edit) {
    auto next = base();
    edit(next.sources[1]);
    return plan_reload(base(), next).sources.changed == std::vector<std::string>{"hrw"};
  };
  CHECK(changed_by([](SourceSpec& s) { s.headers.emplace_back("X-Key", "1"); }));
  CHECK(changed_by([](SourceSpec& s) { s.password = "new secret"; }));
  CHECK(changed_by([](SourceSpec& s) { s.proxy = ""; }));
  CHECK(changed_by([](SourceSpec& s) { s.baseline = false; }));
  CHECK(changed_by([](SourceSpec& s) { s.follow = true; }));
  CHECK(changed_by([](SourceSpec& s) { s.retry_after_scope = RetryAfterScope::host; }));
}

TEST_CASE("topics change with their query, channels, languages, threshold or sources", "[daemon][reload]") {
  auto next = base();
  next.topics[0].notify = {"desk", "ops"};
  next.topics[1].min_score = 2.0;
  next.topics.push_back(topic("cluster munitions", "\"cluster munition\""));
  const auto plan = plan_reload(base(), next);
  CHECK(plan.topics.added == std::vector<std::string>{"cluster munitions"});
  CHECK(plan.topics.changed == std::vector<std::string>{"landmines", "ukraine"});
  CHECK(plan.topics.removed.empty());
}

TEST_CASE("channels change with their address, secrets, retries or pacing", "[daemon][reload]") {
  auto next = base();
  next.channels[0].webhook.url = "https://hooks.example.org/desk2";
  next.channels[1].pacing.digest_every = std::chrono::hours(1);
  auto plan = plan_reload(base(), next);
  CHECK(plan.channels.changed == std::vector<std::string>{"desk", "ops"});

  next = base();
  next.channels[1].retry_max = std::chrono::seconds(60);
  next.channels.push_back(channel("screen", ""));
  next.channels.front().webhook.signing_key = "key";
  plan = plan_reload(base(), next);
  CHECK(plan.channels.changed == std::vector<std::string>{"desk", "ops"});
  CHECK(plan.channels.added == std::vector<std::string>{"screen"});

  next = base();
  next.channels.erase(next.channels.begin());
  plan = plan_reload(base(), next);
  CHECK(plan.channels.removed == std::vector<std::string>{"desk"});
}

TEST_CASE("settings fixed at start are reported as waiting for a restart", "[daemon][reload]") {
  auto next = base();
  next.daemon.state = "/elsewhere";
  next.daemon.concurrency = 8;
  next.daemon.listen = "";
  next.dedup.threshold = 0.8;
  next.daemon.keep_text = std::chrono::hours(24);  // applied by a reload: not listed
  const auto plan = plan_reload(base(), next);
  CHECK(plan.need_restart == std::vector<std::string>{"[daemon] state", "[daemon] concurrency", "[daemon] listen", "[dedup]"});
  CHECK_FALSE(plan.empty());
  CHECK(describe(plan) == "no changes");  // describe() counts tables; the runtime logs need_restart apart
}

TEST_CASE("the summary names each kind once with its counts", "[daemon][reload]") {
  auto next = base();
  next.sources.push_back(source("reliefweb"));
  next.sources.erase(next.sources.begin() + 1);  // hrw
  next.topics[0].query = "landmine OR minefield";
  next.topics[1].query = "Ukraine";
  CHECK(describe(plan_reload(base(), next)) == "1 source added, 1 removed, 2 topics changed");

  next = base();
  next.sources.clear();
  next.channels.push_back(channel("screen", ""));
  CHECK(describe(plan_reload(base(), next)) == "3 sources removed, 1 channel added");
}

}  // namespace vigil::daemon
