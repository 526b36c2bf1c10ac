#include "daemon/poller.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "feeds/fetch.hpp"
#include "feeds/parse.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

Poller::Poller(asio::io_context& io, asio::thread_pool& cpu, net::Client& client, store::Store& store,
               const topics::Matcher& matcher, const Routing& routing)
    : io_(io), cpu_(cpu), client_(client), store_(store), matcher_(matcher), routing_(routing) {}

void Poller::poll(const SourceSpec& source, std::function<void(PollSummary)> done) {
  ++in_flight_;
  auto finish = [this, done = std::move(done)](PollSummary summary) mutable {
    asio::post(io_, [this, done = std::move(done), summary = std::move(summary)]() mutable {
      --in_flight_;
      done(std::move(summary));
    });
  };
  // The store is read on the CPU pool, never on the io thread.
  asio::post(cpu_, [this, source, finish = std::move(finish)]() mutable {
    auto state = store_.fetch_state(source.name);
    if (!state) {
      PollSummary summary;
      summary.source = source.name;
      summary.error = state.error().message;
      summary.next_poll = now_utc() + source.interval;
      finish(std::move(summary));
      return;
    }
    asio::post(io_, [this, source, state = *state, finish = std::move(finish)]() mutable {
      feeds::fetch_source(client_, source, state,
                          [this, source, state, finish = std::move(finish)](FetchResult result) mutable {
                            asio::post(cpu_, [this, source, state, result = std::move(result),
                                              finish = std::move(finish)]() mutable {
                              PollSummary summary;
                              summary.source = source.name;
                              process(source, std::move(state), std::move(result), summary);
                              finish(std::move(summary));
                            });
                          });
    });
  });
}

void Poller::record_failure(const SourceSpec& source, FetchState& state, const std::string& error,
                            PollSummary& summary) {
  state.consecutive_failures += 1;
  state.last_error = error;
  const auto delay = feeds::failure_backoff(state.consecutive_failures, source.interval);
  state.next_poll = now_utc() + delay;
  summary.error = error;
  summary.next_poll = *state.next_poll;
  spdlog::warn("source {}: {} (failure {} in a row, next try in {}s)", source.name, error,
               state.consecutive_failures, delay.count());
  if (auto saved = store_.save_fetch_state(source.name, state); !saved)
    spdlog::error("source {}: {}", source.name, saved.error().message);
}

void Poller::process(const SourceSpec& source, FetchState state, FetchResult result, PollSummary& summary) {
  const auto now = now_utc();
  if (result.error == FetchErrorKind::cancelled) {  // shutting down: leave the source's state as it was
    summary.error = "cancelled";
    return;
  }
  if (!result.ok()) return record_failure(source, state, result.error_message, summary);

  state.consecutive_failures = 0;
  state.last_error.clear();
  state.last_success = now;
  state.next_poll = now + source.interval;
  summary.next_poll = *state.next_poll;
  if (result.not_modified) {
    summary.ok = summary.not_modified = true;
    if (auto saved = store_.save_fetch_state(source.name, state); !saved)
      spdlog::error("source {}: {}", source.name, saved.error().message);
    spdlog::debug("source {}: not modified", source.name);
    return;
  }

  auto parsed = feeds::parse_feed(result);
  if (!parsed) return record_failure(source, state, parsed.error().message, summary);
  for (const auto& warning : parsed->warnings) spdlog::debug("source {}: {}", source.name, warning);
  // Validators are kept only after the body was understood, so a broken document is re-read.
  state.etag = result.etag;
  state.last_modified = result.last_modified;

  summary.items = parsed->items.size();
  auto candidates = prepare_candidates(std::move(parsed->items));
  std::vector<std::string> keys, links;
  for (const auto& c : candidates) keys.push_back(c.key);
  auto seen = store_.seen_items(source.name, keys);
  if (!seen) return record_failure(source, state, seen.error().message, summary);
  for (const auto& c : candidates)
    if (!c.canonical_link.empty() && !seen->contains(c.key)) links.push_back(c.canonical_link);
  auto known = store_.known_links(links);
  if (!known) return record_failure(source, state, known.error().message, summary);

  const PollInput input{.source = &source, .first_poll = !state.baselined, .now = now, .seen = &*seen,
                        .known_links = &*known};
  auto plan = plan_poll(std::move(candidates), input, matcher_, routing_);
  summary.baseline = input.first_poll && source.baseline;
  state.baselined = true;

  store::PollCommit commit{.source = source.name, .state = state, .items = std::move(plan.records),
                           .alerts = std::move(plan.alerts)};
  if (auto committed = store_.commit_poll(commit); !committed) {
    // Nothing was recorded, so the next poll sees the same items as new again: no loss.
    summary.error = committed.error().message;
    spdlog::error("source {}: {}", source.name, summary.error);
    return;
  }
  summary.ok = true;
  summary.recorded = commit.items.size();
  summary.matched = plan.matched;
  summary.alerts = commit.alerts.size();
  spdlog::info("source {}: {} items, {} new or changed, {} matching, {} alerts{}", source.name, summary.items,
               summary.recorded, summary.matched, summary.alerts, summary.baseline ? " (baseline)" : "");
}

}  // namespace vigil::daemon
