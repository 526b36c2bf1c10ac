#include "daemon/runtime.hpp"

#include <csignal>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "alerts/channel.hpp"
#include "daemon/dispatcher.hpp"
#include "daemon/poller.hpp"
#include "daemon/scheduler.hpp"
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

// How long SIGTERM waits for polls and sends in flight before cancelling them.
constexpr auto kDrainTimeout = std::chrono::seconds(5);

class Runtime {
 public:
  Runtime(const config::Config& config, store::Store& store, topics::Matcher matcher)
      : config_(config),
        store_(store),
        matcher_(std::move(matcher)),
        routing_(routing_of(config)),
        cpu_(std::max(2u, std::thread::hardware_concurrency())),
        client_(io_, client_options(config)),
        stories_(config.dedup, store),
        duplicates_(duplicates_of(config)),
        poller_(io_, cpu_, client_, store_, matcher_, routing_, stories_, duplicates_),
        dispatcher_(io_, cpu_, store_, channels_, retry_policies(config)),
        scheduler_(io_, poller_, [this](const PollSummary& s) { on_polled(s); }),
        signals_(io_, SIGTERM, SIGINT),
        drain_timer_(io_),
        housekeeping_timer_(io_) {
    for (const auto& spec : config.channels) channels_[spec.name] = alerts::make_channel(spec, client_);
  }

  ~Runtime() { cpu_.join(); }

  int run(const RunOptions& options) {
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (!ec) shutdown(sig);
    });
    once_ = options.once;
    if (auto loaded = stories_.warm_up(now_utc()); !loaded)
      spdlog::warn("{}; duplicates of earlier stories may alert again", loaded.error().message);
    else
      spdlog::debug("{} items of the dedup window remembered", *loaded);
    forget_old_text();
    dispatcher_.requeue_interrupted();
    const auto holds = stored_host_holds();
    if (once_) {
      for (const auto& source : config_.sources) {
        if (const auto hold = holds.find(host_of(source)); hold != holds.end()) {
          spdlog::info("source {}: host {} asked to wait (Retry-After) until {}", source.name, hold->first,
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
      scheduler_.start(config_.sources, first_due(), holds);
      dispatcher_.wake();
      spdlog::info("vigil running: {} sources, {} topics, {} channels", config_.sources.size(),
                   config_.topics.size(), config_.channels.size());
    }
    io_.run();
    cpu_.join();
    if (once_) {
      const auto& c = dispatcher_.counters();
      spdlog::info("once: {} sources polled ({} failed, {} held by Retry-After), {} new items, {} matching, {} alerts queued, {} delivered, "
                   "{} to retry, {} dead",
                   config_.sources.size() - held_sources_, failed_sources_, held_sources_, new_items_, matched_items_, queued_alerts_, c.delivered,
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

  static std::unordered_map<std::string, DuplicatesMode> duplicates_of(const config::Config& config) {
    std::unordered_map<std::string, DuplicatesMode> modes;
    for (const auto& c : config.channels)
      modes[c.name] = c.duplicate_updates ? DuplicatesMode::update : DuplicatesMode::suppress;
    return modes;
  }

  static std::map<std::string, RetryPolicy> retry_policies(const config::Config& config) {
    std::map<std::string, RetryPolicy> policies;
    for (const auto& c : config.channels)
      policies[c.name] = {.retry_max = c.retry_max, .max_attempts = c.max_attempts, .give_up_after = c.give_up_after};
    return policies;
  }

  static std::string host_of(const SourceSpec& source) { return net::host_of(source.url).value_or(source.url); }

  // A Retry-After with retry_after_scope = "host" outlives the run: no source of that host is
  // polled, by `run` or `once`, before the time the server gave. The source that received it
  // keeps the hold in its stored state; its siblings learn it here.
  std::unordered_map<std::string, Timestamp> stored_host_holds() {
    std::unordered_map<std::string, Timestamp> holds;
    const auto now = now_utc();
    for (const auto& source : config_.sources) {
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
    for (const auto& source : config_.sources) {
      auto state = store_.fetch_state(source.name);
      due.push_back(state && state->next_poll ? std::min(*state->next_poll, now + source.interval) : now);
    }
    return due;
  }

  // Items' text is kept `keep_text` for `vigil match --stored`, then emptied; hourly, on the
  // CPU pool so the store's work never holds up I/O.
  void forget_old_text() {
    asio::post(cpu_, [this] {
      const auto before = now_utc() - config_.daemon.keep_text;
      if (auto forgotten = store_.forget_text_before(before); !forgotten)
        spdlog::warn("{}", forgotten.error().message);
      else if (*forgotten > 0)
        spdlog::debug("forgot the text of {} items first seen before {}", *forgotten, format_rfc3339(before));
    });
    if (once_) return;
    housekeeping_timer_.expires_after(std::chrono::hours(1));
    housekeeping_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) forget_old_text();
    });
  }

  void on_polled(const PollSummary& s) {
    if (!s.ok) ++failed_sources_;
    new_items_ += s.recorded;
    matched_items_ += s.matched;
    queued_alerts_ += s.alerts;
    if (s.alerts) dispatcher_.wake();
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
    scheduler_.stop();
    dispatcher_.stop();
    signals_.cancel();
    drain_timer_.cancel();
    housekeeping_timer_.cancel();
    client_.cancel_all();
    io_.stop();
  }

  const config::Config& config_;
  store::Store& store_;
  topics::Matcher matcher_;
  Routing routing_;
  asio::io_context io_;
  asio::thread_pool cpu_;
  net::Client client_;
  Dispatcher::Channels channels_;
  Stories stories_;
  std::unordered_map<std::string, DuplicatesMode> duplicates_;
  Poller poller_;
  Dispatcher dispatcher_;
  Scheduler scheduler_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  asio::steady_timer housekeeping_timer_;
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
    spdlog::error("topic \"{}\": query, column {}: {}", matcher.error().topic, matcher.error().error.column,
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
