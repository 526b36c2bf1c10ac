#include "daemon/poller.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "feeds/fetch.hpp"
#include "feeds/fetch_policy.hpp"
#include "feeds/parse.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

Poller::Poller(asio::io_context& io, asio::thread_pool& cpu, net::Client& client, store::Store& store,
               const topics::Matcher& matcher, const Routing& routing, Stories& stories,
               const std::unordered_map<std::string, DuplicatesMode>& duplicates)
    : io_(io),
      cpu_(cpu),
      client_(client),
      store_(store),
      matcher_(matcher),
      routing_(routing),
      stories_(stories),
      duplicates_(duplicates) {}

void Poller::poll(const SourceSpec& source, std::function<void(PollSummary)> done) {
  ++in_flight_;
  if (source.insecure_tls && warned_insecure_.insert(source.name).second)
    spdlog::warn("source {}: insecure_tls = true: its TLS certificate is not verified", source.name);
  auto finish = [this, done = std::move(done)](PollSummary summary) mutable {
    asio::post(io_, [this, done = std::move(done), summary = std::move(summary)]() mutable {
      --in_flight_;
      done(std::move(summary));
    });
  };
  // The store is read on the CPU pool, never on the io thread.
  asio::post(cpu_, [this, source, finish = std::move(finish)]() mutable {
    PollSummary summary;
    summary.source = source.name;
    auto state = store_.fetch_state(source.name);
    if (!state) {
      summary.error = state.error().message;
      summary.next_poll = now_utc() + source.interval;
      finish(std::move(summary));
      return;
    }
    // A restart, or `vigil once`, honours a Retry-After the server gave before.
    if (const auto now = now_utc(); state->retry_after_until && *state->retry_after_until > now) {
      summary.skipped = true;
      summary.error = "waiting for the server's Retry-After until " + format_rfc3339(*state->retry_after_until);
      summary.next_poll = *state->retry_after_until;
      spdlog::info("source {}: {}", source.name, summary.error);
      finish(std::move(summary));
      return;
    }
    asio::post(io_, [this, source, state = std::move(*state), finish = std::move(finish)]() mutable {
      fetch(source, std::move(state), std::move(finish));
    });
  });
}

void Poller::fetch(const SourceSpec& source, FetchState state, std::function<void(PollSummary)> finish) {
  if (bodies_waiting_ >= kMaxBodiesWaiting) {
    deferred_fetches_.push_back([this, source, state = std::move(state), finish = std::move(finish)]() mutable {
      fetch(source, std::move(state), std::move(finish));
    });
    return;
  }
  feeds::fetch_source(client_, source, state,
                      [this, source, state, finish = std::move(finish)](FetchResult result) mutable {
                        ++bodies_waiting_;
                        asio::post(cpu_, [this, source, state = std::move(state), result = std::move(result),
                                          finish = std::move(finish)]() mutable {
                          PollSummary summary;
                          summary.source = source.name;
                          process(source, std::move(state), std::move(result), summary);
                          result = FetchResult{};  // free the body before waiting for the io thread
                          asio::post(io_, [this] { body_processed(); });
                          finish(std::move(summary));
                        });
                      });
}

void Poller::stop() {
  in_flight_ -= deferred_fetches_.size();
  deferred_fetches_.clear();
}

void Poller::body_processed() {
  --bodies_waiting_;
  while (bodies_waiting_ < kMaxBodiesWaiting && !deferred_fetches_.empty()) {
    auto next = std::move(deferred_fetches_.front());
    deferred_fetches_.pop_front();
    next();
  }
}

void Poller::record_failure(const SourceSpec& source, FetchState state, const FetchResult& result,
                            std::string error, PollSummary& summary) {
  const auto verdict = feeds::note_failure(state, source, result, std::move(error), now_utc());
  summary.error = state.last_error;
  summary.gone = verdict.gone;
  summary.hold_host_until = verdict.hold_host_until;
  if (verdict.gone) {
    spdlog::error("source {}: {}", source.name, state.last_error);
  } else {
    summary.next_poll = *state.next_poll;
    spdlog::warn("source {}: {} (failure {} in a row, next try in {}s)", source.name, state.last_error,
                 state.consecutive_failures, verdict.delay.count());
  }
  if (auto saved = store_.save_fetch_state(source.name, state); !saved)
    spdlog::error("source {}: {}", source.name, saved.error().message);
}

void Poller::note_redirect(const SourceSpec& source, const FetchState& before, const FetchResult& result) {
  // Warned once per new target, not every poll; `vigil sources` shows it until the config changes.
  if (result.permanent_url.empty()) return;
  if (result.permanent_url == before.permanent_url)
    return spdlog::debug("source {}: still redirects permanently to {}", source.name, result.permanent_url);
  spdlog::warn("source {}: {} redirects permanently to {}; update the source's url", source.name, source.url,
               result.permanent_url);
}

void Poller::process(const SourceSpec& source, FetchState state, FetchResult result, PollSummary& summary) {
  const auto now = now_utc();
  if (result.error == FetchErrorKind::cancelled) {  // shutting down: leave the source's state as it was
    summary.error = "cancelled";
    return;
  }
  if (!result.ok()) return record_failure(source, state, result, result.error_message, summary);
  note_redirect(source, state, result);

  if (result.not_modified) {
    feeds::note_success(state, source, result, nullptr, now);
    summary.next_poll = *state.next_poll;
    summary.ok = summary.not_modified = true;
    if (auto saved = store_.save_fetch_state(source.name, state); !saved)
      spdlog::error("source {}: {}", source.name, saved.error().message);
    spdlog::debug("source {}: not modified", source.name);
    return;
  }

  auto parsed = feeds::parse_feed(result);
  if (!parsed) return record_failure(source, state, result, parsed.error().message, summary);
  for (const auto& warning : parsed->warnings) spdlog::debug("source {}: {}", source.name, warning);
  const FetchState before = state;
  feeds::note_success(state, source, result, &*parsed, now);
  summary.next_poll = *state.next_poll;
  // Validators are kept only after the body was understood, so a broken document is re-read.
  state.etag = result.etag;
  state.last_modified = result.last_modified;

  summary.items = parsed->items.size();
  auto candidates = prepare_candidates(std::move(parsed->items));
  std::vector<std::string> keys, links;
  for (const auto& c : candidates) keys.push_back(c.key);
  auto seen = store_.seen_items(source.name, keys);
  if (!seen) return record_failure(source, before, result, seen.error().message, summary);
  for (const auto& c : candidates)
    if (!c.canonical_link.empty() && !seen->contains(c.key)) links.push_back(c.canonical_link);
  auto known = store_.known_links(links);
  if (!known) return record_failure(source, before, result, known.error().message, summary);

  // Matching and signing are the CPU-heavy part: before the story lock, so sources run in parallel.
  analyse_candidates(candidates, *seen, matcher_);

  // Story verdicts, planning and committing under one lock: two sources carrying one story at
  // the same moment must not both alert it.
  const auto story_lock = stories_.lock();
  auto verdicts = stories_.decide(source.name, candidates, *seen, now);
  if (!verdicts) return record_failure(source, before, result, verdicts.error().message, summary);
  const PollInput input{.source = &source, .first_poll = !state.baselined, .now = now, .seen = &*seen,
                        .known_links = &*known, .stories = &*verdicts, .duplicates = &duplicates_};
  auto plan = plan_poll(std::move(candidates), input, matcher_, routing_);
  summary.baseline = input.first_poll && source.baseline;
  state.baselined = true;
  for (const auto& record : plan.records)
    if (!seen->contains(record.key)) state.last_new_item = now;

  store::PollCommit commit{.source = source.name, .state = state, .items = std::move(plan.records),
                           .alerts = std::move(plan.alerts)};
  if (auto committed = store_.commit_poll(commit); !committed) {
    // Nothing was recorded, so the next poll sees the same items as new again: no loss.
    summary.error = committed.error().message;
    spdlog::error("source {}: {}", source.name, summary.error);
    return;
  }
  stories_.remember(commit.items, *seen);
  summary.ok = true;
  summary.recorded = commit.items.size();
  summary.matched = plan.matched;
  summary.alerts = commit.alerts.size();
  spdlog::info("source {}: {} items, {} new or changed, {} matching, {} alerts{}", source.name, summary.items,
               summary.recorded, summary.matched, summary.alerts, summary.baseline ? " (baseline)" : "");
}

}  // namespace vigil::daemon
