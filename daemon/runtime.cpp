#include "daemon/runtime.hpp"

#include <algorithm>
#include <csignal>
#include <map>
#include <memory>
#include <thread>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "alerts/channel.hpp"
#include "config/secrets.hpp"
#include "daemon/dispatcher.hpp"
#include "daemon/housekeeping.hpp"
#include "daemon/health_monitor.hpp"
#include "daemon/poller.hpp"
#include "daemon/reload_plan.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/service_notify.hpp"
#include "daemon/watchdog.hpp"
#include "daemon/http_endpoints.hpp"
#include "daemon/liveness.hpp"
#include "daemon/logging.hpp"
#include "daemon/scrape.hpp"
#include "daemon/vigil_metrics.hpp"
#include "net/client.hpp"
#include "store/store.hpp"
#include "topics/matcher.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

namespace {

Routing routing_of(const config::Config& config) {
  Routing routing;
  for (const auto& topic : config.topics) routing[topic.name] = topic.notify;
  return routing;
}

std::unordered_map<std::string, DuplicatesMode> duplicates_of(const config::Config& config) {
  std::unordered_map<std::string, DuplicatesMode> modes;
  for (const auto& c : config.channels)
    modes[c.name] = c.duplicate_updates ? DuplicatesMode::update : DuplicatesMode::suppress;
  return modes;
}

std::shared_ptr<const PollRules> poll_rules(topics::Matcher matcher, const config::Config& config) {
  return std::make_shared<const PollRules>(
      PollRules{.matcher = std::move(matcher), .routing = routing_of(config), .duplicates = duplicates_of(config)});
}

// A config file read again on SIGHUP (on the CPU pool), with what applying it would change.
struct Reloaded {
  std::vector<config::Diagnostic> diagnostics;
  std::shared_ptr<const config::Config> config;  // null: rejected, the running one stays
  std::shared_ptr<const PollRules> rules;
  ReloadPlan plan;
  std::map<std::string, std::size_t> stranded;  // removed channel -> its undelivered alerts
};

Reloaded read_for_reload(const config::Config& running, store::Store& store) {
  Reloaded r;
  auto loaded = config::load_config(running.file);
  r.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.config) return r;
  log::add_secrets(config::secrets_of(*loaded.config));  // new or rotated secrets, before anything logs them
  auto matcher = topics::Matcher::compile(loaded.config->topics);
  if (!matcher) {
    r.diagnostics.push_back({.file = running.file.string(),
                             .message = fmt::format("topic \"{}\": query, column {}: {}", matcher.error().topic,
                                                    matcher.error().error.column, matcher.error().error.message)});
    return r;
  }
  r.plan = plan_reload(running, *loaded.config);
  r.rules = poll_rules(std::move(*matcher), *loaded.config);
  r.config = std::make_shared<const config::Config>(std::move(*loaded.config));
  if (!r.plan.channels.removed.empty()) {
    if (auto tallies = store.tally_alerts())
      for (const auto& t : *tallies)
        if (t.state != store::AlertState::delivered && t.state != store::AlertState::dead)
          r.stranded[t.channel] += t.count;
  }
  return r;
}

// How long SIGTERM waits for polls and sends in flight before cancelling them.
constexpr auto kDrainTimeout = std::chrono::seconds(5);

class Runtime {
 public:
  Runtime(const config::Config& config, store::Store& store, topics::Matcher matcher)
      : config_(std::make_shared<const config::Config>(config)),
        store_(store),
        cpu_(std::max(2u, std::thread::hardware_concurrency())),
        client_(io_, client_options(config)),
        stories_(config.dedup, store),
        poller_(io_, cpu_, client_, store_, poll_rules(std::move(matcher), config), stories_, metrics_),
        dispatcher_(io_, cpu_, store_, channels_, channel_policies(config), metrics_),
        scheduler_(io_, poller_, [this](const PollSummary& s) { on_polled(s); }),
        health_(io_, cpu_, store_, [this] { dispatcher_.wake(); }),
        signals_(io_, SIGTERM, SIGINT),
        drain_timer_(io_),
        housekeeping_(io_, cpu_, store_, housekeeping_options(config)),
        status_(io_, cpu_, store_, notifier_, [this] { return local_counts(); }),
        watchdog_(io_, cpu_, liveness_, notifier_, [this] { return probe_store(); }, [this] { status_.check(); }),
        reload_signal_(io_) {
    for (const auto& spec : config.channels) channels_[spec.name] = alerts::make_channel(spec, client_);
    health_.configure(health_settings(config));
  }

  ~Runtime() { cpu_.join(); }

  int run(const RunOptions& options) {
    if (!options.once && !start_endpoints()) return 1;  // bound before readiness, or `run` fails
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (!ec) shutdown(sig);
    });
    once_ = options.once;
    if (auto loaded = stories_.warm_up(now_utc()); !loaded)
      spdlog::warn("{}; duplicates of earlier stories may alert again", loaded.error().message);
    else
      spdlog::debug("{} items of the dedup window remembered", *loaded);
    housekeeping_.start(/*repeat=*/!once_);
    dispatcher_.requeue_interrupted();
    const auto holds = stored_host_holds();
    if (once_) {
      for (const auto& source : config_->sources) {
        if (const auto hold = holds.find(host_of(source)); hold != holds.end()) {
          log::for_source(source.name).info("host {} asked to wait (Retry-After) until {}", hold->first,
                                            format_rfc3339(hold->second));
          ++held_sources_;
          continue;
        }
        ++once_pending_;
        poller_.poll(source, [this](PollSummary s) {
          on_polled(s);
          --once_pending_;
          maybe_finish_once();
        });
      }
      dispatcher_.wake();  // alerts left from earlier runs go out too
      if (once_pending_ == 0) maybe_finish_once();
    } else {
      scheduler_.start(config_->sources, first_due(), holds);
      dispatcher_.wake();
      health_.start();
      spdlog::info("vigil running: {} sources, {} topics, {} channels", config_->sources.size(),
                   config_->topics.size(), config_->channels.size());
      watchdog_.start();
      reload_signal_.add(SIGHUP);
      arm_reload_signal();
      // READY=1 once the loop runs: the config is valid, the store open and the HTTP listener
      // bound (start_endpoints, at the top of run()). Anything else that must be up before
      // readiness starts above this line.
      asio::post(io_, [this] { declare_ready(); });
    }
    io_.run();
    cpu_.join();
    if (once_) {
      const auto& c = dispatcher_.counters();
      spdlog::info("once: {} sources polled ({} failed, {} held by Retry-After), {} new items, {} matching, {} alerts queued, {} delivered, "
                   "{} to retry, {} dead",
                   config_->sources.size() - held_sources_, failed_sources_, held_sources_, new_items_, matched_items_, queued_alerts_, c.delivered,
                   c.retried, c.dead);
    }
    return 0;
  }

 private:
  static net::ClientOptions client_options(const config::Config& config) {
    net::ClientOptions o;
    o.max_in_flight = config.daemon.concurrency;
    o.max_per_host = config.daemon.per_host;
    o.user_agent = config.daemon.user_agent;
    return o;
  }

  static HealthSettings health_settings(const config::Config& config) {
    return {.sources = config.sources,
            .channels = config.daemon.health_notify,
            .alert_after_failing = config.daemon.alert_after_failing};
  }

  static std::map<std::string, ChannelPolicy> channel_policies(const config::Config& config) {
    std::map<std::string, ChannelPolicy> policies;
    for (const auto& c : config.channels)
      policies[c.name] = {
          .retry = {.retry_max = c.retry_max, .max_attempts = c.max_attempts, .give_up_after = c.give_up_after},
          .pacing = c.pacing};
    return policies;
  }

  static std::string host_of(const SourceSpec& source) { return net::host_of(source.url).value_or(source.url); }

  // A Retry-After with retry_after_scope = "host" outlives the run: no source of that host is
  // polled, by `run` or `once`, before the time the server gave. The source that received it
  // keeps the hold in its stored state; its siblings learn it here.
  std::unordered_map<std::string, Timestamp> stored_host_holds() {
    std::unordered_map<std::string, Timestamp> holds;
    const auto now = now_utc();
    for (const auto& source : config_->sources) {
      if (source.retry_after_scope != RetryAfterScope::host) continue;
      const auto state = store_.fetch_state(source.name);
      if (!state || !state->retry_after_until || *state->retry_after_until <= now) continue;
      auto& until = holds[host_of(source)];
      until = std::max(until, *state->retry_after_until);
    }
    return holds;
  }

  // A restart keeps each source's schedule (and its backoff) instead of polling all at once.
  std::vector<Timestamp> first_due() {
    std::vector<Timestamp> due;
    const auto now = now_utc();
    for (const auto& source : config_->sources) {
      auto state = store_.fetch_state(source.name);
      due.push_back(state && state->next_poll ? std::min(*state->next_poll, now + source.interval) : now);
      failing_[source.name] = state && state->consecutive_failures > 0;  // for STATUS=
    }
    return due;
  }

  static HousekeepingOptions housekeeping_options(const config::Config& config) {
    return {.retention = config.daemon.retention, .keep_text = config.daemon.keep_text,
            .dedup_window = config.dedup.window};
  }

  void on_polled(const PollSummary& s) {
    if (!s.ok) ++failed_sources_;
    // Failing for STATUS=: sources still configured whose last poll failed (a Retry-After wait
    // or a shutdown's cancel is no verdict).
    if (const auto f = failing_.find(s.source); f != failing_.end() && !s.skipped && s.error != "cancelled")
      f->second = !s.ok;
    status_.changed();
    new_items_ += s.recorded;
    matched_items_ += s.matched;
    queued_alerts_ += s.alerts;
    if (s.alerts) dispatcher_.wake();
    health_.poke();
  }

  // /metrics and /healthz on [daemon] listen; false (and logged) when the address cannot be bound.
  bool start_endpoints() {
    if (config_->daemon.listen.empty()) return true;
    http_.emplace(io_, HttpEndpointOptions{.listen = config_->daemon.listen, .token = config_->daemon.metrics_token},
                  scrape_handlers({.cpu = cpu_, .store = store_, .metrics = metrics_, .liveness = liveness_,
                                   .store_file = config_->daemon.state / "vigil.db", .sources = [this] {
                                     std::vector<std::string> names;
                                     for (const auto& source : config_->sources) names.push_back(source.name);
                                     return names;
                                   }}));
    auto started = http_->start();
    if (!started) spdlog::error("{}", started.error());
    return started.has_value();
  }

  // `vigil once` ends when every poll finished and nothing due is left to send.
  void maybe_finish_once() {
    if (!once_ || once_pending_ > 0 || stopping_) return;
    if (dispatcher_.drained()) return finish();
    dispatcher_.wake();
    drain_timer_.expires_after(std::chrono::milliseconds(50));
    drain_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) maybe_finish_once();
    });
  }

  void shutdown(int sig) {
    spdlog::info("received {}, stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    stopping_ = true;
    status_.stop();
    notifier_.stopping("stopping: finishing polls and sends in flight");
    reload_signal_.cancel();
    scheduler_.stop();
    poller_.stop();
    dispatcher_.stop();
    drain_deadline_ = std::chrono::steady_clock::now() + kDrainTimeout;
    wait_for_drain();
  }

  void wait_for_drain() {
    const bool idle = poller_.in_flight() == 0 && dispatcher_.idle();
    if (idle || std::chrono::steady_clock::now() >= drain_deadline_) {
      if (!idle) spdlog::warn("stopping with work in flight; undelivered alerts stay in the outbox");
      return finish();
    }
    drain_timer_.expires_after(std::chrono::milliseconds(20));
    drain_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) wait_for_drain();
    });
  }

  void finish() {
    if (http_) http_->stop();
    scheduler_.stop();
    health_.stop();
    dispatcher_.stop();
    signals_.cancel();
    drain_timer_.cancel();
    housekeeping_.stop();
    watchdog_.stop();
    status_.stop();
    reload_signal_.cancel();
    client_.cancel_all();
    io_.stop();
  }

  // --- Service lifecycle: readiness, STATUS=, the watchdog's probe, reload on SIGHUP. ---

  void declare_ready() {
    const auto counted = [](std::size_t n, const char* noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); };
    notifier_.ready(fmt::format("running: {}, {}, {}", counted(config_->sources.size(), "source"),
                                counted(config_->topics.size(), "topic"), counted(config_->channels.size(), "channel")));
    status_.changed();
    arm_test_wedge(io_);  // test only: does nothing unless VIGIL_TEST_WEDGE_AFTER_READY is set
  }

  ServiceCounts local_counts() const {
    const auto& c = dispatcher_.counters();
    std::size_t failing = 0;
    for (const auto& [name, failed] : failing_) failing += failed ? 1 : 0;
    return {.sources = config_->sources.size(), .failing = failing, .settled = c.delivered + c.retried + c.dead};
  }

  // The watchdog's round trip ends in the store (CPU pool): an indexed MIN over the outbox.
  std::optional<std::string> probe_store() {
    if (auto next = store_.next_alert_due(); !next) return next.error().message;
    return std::nullopt;
  }

  void arm_reload_signal() {
    reload_signal_.async_wait([this](const boost::system::error_code& ec, int) {
      if (ec || stopping_) return;
      request_reload();
      arm_reload_signal();
    });
  }

  // SIGHUP: the config file is read again on the CPU pool; the io thread applies it, or keeps
  // the running config when it has errors. A SIGHUP during a reload reloads once more after it.
  void request_reload() {
    if (reloading_) {
      reload_again_ = true;
      return;
    }
    reloading_ = true;
    spdlog::info("received SIGHUP, reloading {}", config_->file.string());
    status_.hold();
    notifier_.reloading(fmt::format("reloading {}", config_->file.filename().string()));
    asio::post(cpu_, [this, running = config_] {
      auto reloaded = read_for_reload(*running, store_);
      asio::post(io_, [this, reloaded = std::move(reloaded)]() mutable { finish_reload(std::move(reloaded)); });
    });
  }

  void finish_reload(Reloaded reloaded) {
    reloading_ = false;
    if (stopping_) return;
    const auto name = config_->file.filename().string();
    std::size_t errors = 0;
    for (const auto& d : reloaded.diagnostics) {  // "vigil.toml:14:9: error: ..."
      const bool error = d.severity == config::Diagnostic::Severity::error;
      errors += error ? 1 : 0;
      if (error) spdlog::error("{}", d.to_string());
      else spdlog::warn("{}", d.to_string());
    }
    if (!reloaded.config) {
      spdlog::error("reload of {} rejected ({} error{}); still running the config loaded before", name, errors,
                    errors == 1 ? "" : "s");
      status_.note(fmt::format("last reload rejected: {} error{} in {}", errors, errors == 1 ? "" : "s", name));
      notifier_.ready(fmt::format("reload rejected: {} error{} in {}; running the previous config", errors,
                                  errors == 1 ? "" : "s", name));
    } else {
      apply_reload(std::move(reloaded));
      status_.note("");
      notifier_.ready("reloaded " + name);
    }
    status_.release();
    if (std::exchange(reload_again_, false)) request_reload();
  }

  void apply_reload(Reloaded reloaded) {
    const auto& next = *reloaded.config;
    const auto& plan = reloaded.plan;
    // Channels: new objects for added and changed ones; sends in flight finish on the old ones,
    // kept alive until no send is in flight at a later reload.
    if (dispatcher_.idle()) retired_channels_.clear();
    auto fresh = std::make_shared<Dispatcher::Channels>();
    for (const auto& spec : next.channels)
      if (!channels_.contains(spec.name) ||
          std::find(plan.channels.changed.begin(), plan.channels.changed.end(), spec.name) != plan.channels.changed.end())
        (*fresh)[spec.name] = alerts::make_channel(spec, client_);
    dispatcher_.reconfigure(channel_policies(next), [this, fresh, removed = plan.channels.removed] {
      for (auto& [name, channel] : *fresh) {
        if (auto& old = channels_[name]) retired_channels_.push_back(std::move(old));
        channels_[name] = std::move(channel);
      }
      for (const auto& name : removed) {
        if (auto old = channels_.find(name); old != channels_.end()) {
          retired_channels_.push_back(std::move(old->second));
          channels_.erase(old);
        }
      }
    });
    for (const auto& name : plan.channels.removed) {
      const auto stranded = reloaded.stranded.contains(name) ? reloaded.stranded.at(name) : 0;
      if (stranded > 0)
        log::for_channel(name).warn("removed from the config; {} undelivered alert{} wait{} in the outbox until it returns",
                                    stranded, stranded == 1 ? "" : "s", stranded == 1 ? "s" : "");
    }
    // Topics and routing: polls from now on; polls in flight finish with the rules they started with.
    poller_.update(std::move(reloaded.rules));
    // Sources: unchanged ones keep their schedule, new ones are due now, removed ones are dropped.
    scheduler_.reconfigure(next.sources, {plan.poll_now.begin(), plan.poll_now.end()});
    std::unordered_map<std::string, bool> failing;
    for (const auto& source : next.sources) failing[source.name] = failing_.contains(source.name) && failing_[source.name];
    failing_ = std::move(failing);
    health_.configure(health_settings(next));
    housekeeping_.set_options(housekeeping_options(next));
    config_ = std::move(reloaded.config);

    spdlog::info("reloaded {}: {}", next.file.filename().string(), describe(plan));
    const auto names = [](const std::vector<std::string>& list) {
      std::string text;
      for (const auto& n : list) text += (text.empty() ? "" : ", ") + n;
      return text;
    };
    for (const auto& [what, changes] : {std::pair{"sources", &plan.sources}, std::pair{"topics", &plan.topics},
                                         std::pair{"channels", &plan.channels}}) {
      if (!changes->added.empty()) spdlog::debug("reload: {} added: {}", what, names(changes->added));
      if (!changes->removed.empty()) spdlog::debug("reload: {} removed: {}", what, names(changes->removed));
      if (!changes->changed.empty()) spdlog::debug("reload: {} changed: {}", what, names(changes->changed));
    }
    if (!plan.need_restart.empty())
      spdlog::warn("reload: {} changed; takes effect when vigil restarts", names(plan.need_restart));
  }

  // The running config: replaced whole by a reload (io thread); the CPU pool reads a copy of the pointer.
  std::shared_ptr<const config::Config> config_;
  store::Store& store_;
  asio::io_context io_;
  asio::thread_pool cpu_;
  net::Client client_;
  Dispatcher::Channels channels_;
  Stories stories_;
  Metrics metrics_;
  Liveness liveness_;  // stamped by the loops' heartbeat; /healthz and the watchdog read it
  Poller poller_;
  Dispatcher dispatcher_;
  Scheduler scheduler_;
  HealthMonitor health_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  Housekeeping housekeeping_;  // hourly: retention, keep_text, compaction
  std::optional<HttpEndpoints> http_;  // /metrics and /healthz; none for `once` or listen = ""
  ServiceNotifier notifier_;  // sd_notify; does nothing outside systemd
  StatusReporter status_;     // STATUS=
  Watchdog watchdog_;         // heartbeat: Liveness stamps and WATCHDOG=1
  asio::signal_set reload_signal_;  // SIGHUP, for `run` only
  std::vector<std::unique_ptr<alerts::Channel>> retired_channels_;  // replaced by a reload, maybe still sending
  std::unordered_map<std::string, bool> failing_;  // configured source -> its last poll failed
  bool reloading_ = false;
  bool reload_again_ = false;
  std::chrono::steady_clock::time_point drain_deadline_{};
  bool once_ = false;
  bool stopping_ = false;
  int once_pending_ = 0;
  std::size_t held_sources_ = 0, failed_sources_ = 0, new_items_ = 0, matched_items_ = 0, queued_alerts_ = 0;
};

}  // namespace

int run_daemon(const config::Config& config, const RunOptions& options) {
  auto matcher = topics::Matcher::compile(config.topics);
  if (!matcher) {
    log::for_topic(matcher.error().topic).error("query, column {}: {}", matcher.error().error.column,
                                                matcher.error().error.message);
    return 2;
  }
  auto store = store::open_sqlite_store(config.daemon.state / "vigil.db");
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  Runtime runtime(config, **store, std::move(*matcher));
  return runtime.run(options);
}

}  // namespace vigil::daemon
