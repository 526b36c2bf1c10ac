#include "daemon/poller.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"
#include "feeds/fetch.hpp"
#include "feeds/fetch_policy.hpp"
#include "feeds/parse_source.hpp"
#include "feeds/sitemap.hpp"

namespace vigil::daemon {

namespace asio = boost::asio;

Poller::Poller(asio::io_context& io, asio::thread_pool& cpu, net::Client& client, store::Store& store,
               std::shared_ptr<const PollRules> rules, Stories& stories, Metrics& metrics)
    : io_(io),
      cpu_(cpu),
      client_(client),
      store_(store),
      rules_(std::move(rules)),
      stories_(stories),
      metrics_(metrics),
      robots_(client) {}

void Poller::poll(const SourceSpec& source, std::function<void(PollSummary)> done) {
  ++in_flight_;
  if (source.insecure_tls && warned_insecure_.insert(source.name).second)
    log::for_source(source.name).warn("insecure_tls = true: its TLS certificate is not verified");
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
      log::for_source(source.name).info("{}", summary.error);
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
  auto job = std::make_shared<Job>();
  job->source = source;
  job->rules = rules_;
  job->state = std::move(state);
  job->summary.source = source.name;
  job->finish = std::move(finish);
  // A feed source whose page advertised a feed reads that feed, until the source's URL changes.
  const bool discovered = source.type == SourceType::feed && !job->state.discovered_feed.empty() &&
                          job->state.discovered_from == source.url;
  const SourceSpec target = discovered ? feeds::source_for_discovered_feed(source, job->state.discovered_feed) : source;
  auto start = [this, job, target] {
    feeds::fetch_source(client_, target, job->state, [this, job](FetchResult result) {
      ++bodies_waiting_;  // until done(): past the limit, new fetches wait
      job->result = std::move(result);
      on_cpu(job, &Poller::read_document);
    });
  };
  // HTML list pages and sitemaps are crawled, so robots.txt has a say; feeds are meant to be polled.
  if (source.type == SourceType::feed) return start();
  robots_.check(source, source.url, /*untrusted=*/false,
                [this, job, start](std::optional<std::string> refusal) {
                  if (!refusal) return start();
                  ++bodies_waiting_;
                  job->result.source = job->source.name;
                  job->result.url = job->source.url;
                  job->result.error = *refusal == "cancelled" ? FetchErrorKind::cancelled : FetchErrorKind::other;
                  job->result.error_message = *refusal;
                  on_cpu(job, &Poller::read_document);
                });
}

void Poller::on_cpu(const std::shared_ptr<Job>& job, void (Poller::*stage)(const std::shared_ptr<Job>&)) {
  asio::post(cpu_, [this, job, stage] { (this->*stage)(job); });
}

void Poller::done(const std::shared_ptr<Job>& job) {
  job->result = FetchResult{};  // free the body before waiting for the io thread
  job->document = {};
  asio::post(io_, [this] { body_processed(); });
  job->finish(std::move(job->summary));
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
    log::for_source(source.name).error("{}", state.last_error);
  } else {
    summary.next_poll = *state.next_poll;
    log::for_source(source.name).warn("{} (failure {} in a row, next try in {}s)", state.last_error,
                                      state.consecutive_failures, verdict.delay.count());
  }
  if (auto saved = store_.save_fetch_state(source.name, state); !saved)
    log::for_source(source.name).error("{}", saved.error().message);
}

void Poller::fail(const std::shared_ptr<Job>& job, std::string error) {
  record_failure(job->source, job->state, job->result, std::move(error), job->summary);
  done(job);
}

void Poller::note_redirect(const SourceSpec& source, const FetchState& before, const FetchResult& result) {
  // Warned once per new target, not every poll; `vigil sources` shows it until the config changes.
  if (result.permanent_url.empty()) return;
  if (result.permanent_url == before.permanent_url)
    return log::for_source(source.name).debug("still redirects permanently to {}", result.permanent_url);
  log::for_source(source.name).warn("{} redirects permanently to {}; update the source's url", result.url,
                                    result.permanent_url);
}

void Poller::read_document(const std::shared_ptr<Job>& job) {
  const auto& source = job->source;
  auto& state = job->state;
  auto& result = job->result;
  auto& summary = job->summary;
  if (result.error == FetchErrorKind::cancelled) {  // shutting down: leave the source's state as it was
    summary.error = "cancelled";
    return done(job);
  }
  metrics_.fetched(result);
  const bool via_discovered = source.type == SourceType::feed && !state.discovered_feed.empty() &&
                              result.url == state.discovered_feed;
  if (!result.ok()) {
    // A discovered feed that is gone is looked for again on the page next time.
    if (via_discovered && result.error == FetchErrorKind::http_status && result.status / 100 == 4)
      state.discovered_feed.clear();
    return fail(job, result.error_message);
  }
  note_redirect(source, state, result);

  if (result.not_modified) {
    feeds::note_success(state, source, result, nullptr, now_utc());
    summary.next_poll = *state.next_poll;
    summary.ok = summary.not_modified = true;
    if (auto saved = store_.save_fetch_state(source.name, state); !saved)
      log::for_source(source.name).error("{}", saved.error().message);
    log::for_source(source.name).debug("not modified");
    return done(job);
  }

  auto document = feeds::parse_source(result, source);
  if (!document) {
    metrics_.unreadable_document();
    if (via_discovered) state.discovered_feed.clear();
    return fail(job, document.error().message);
  }
  job->document = std::move(*document);
  if (job->document.discovered_feed) {
    if (via_discovered) return fail(job, "the discovered feed " + result.url + " is an HTML page too");
    // The page at the source's URL advertises a feed: read it now and from now on.
    const std::string feed = *job->document.discovered_feed;
    log::for_source(source.name).info("{} is an HTML page advertising the feed {}; reading that feed", source.url,
                                      feed);
    state.discovered_feed = feed;
    state.discovered_from = source.url;
    state.etag.clear();  // the page's validators are not the feed's
    state.last_modified.clear();
    asio::post(io_, [this, job, feed] {
      feeds::fetch_source(client_, feeds::source_for_discovered_feed(job->source, feed), FetchState{}, [this, job](FetchResult fetched) {
        job->result = std::move(fetched);
        on_cpu(job, &Poller::read_document);
      });
    });
    return;
  }
  if (!job->document.child_sitemaps.empty()) {
    // An index: its newest child sitemaps carry the new URLs. Validators are not kept for an
    // index, so the next poll reads the children again.
    auto children = std::move(job->document.child_sitemaps);
    if (children.size() > kMaxChildSitemaps) children.resize(kMaxChildSitemaps);
    job->document.child_sitemaps.clear();
    asio::post(io_, [this, job, children = std::move(children)]() mutable {
      fetch_pages(client_, robots_, job->source, std::move(children), [this, job](std::vector<FetchedPage> pages) {
        job->pages = std::move(pages);
        on_cpu(job, &Poller::read_child_sitemaps);
      });
    });
    return;
  }
  read_items(job);
}

void Poller::read_child_sitemaps(const std::shared_ptr<Job>& job) {
  auto& items = job->document.feed.items;
  for (const auto& page : job->pages) {
    if (page.result.error == FetchErrorKind::cancelled) {
      job->summary.error = "cancelled";
      return done(job);
    }
    if (!page.result.ok()) return fail(job, "child sitemap " + page.url + ": " + page.result.error_message);
    auto child = feeds::parse_sitemap(page.result);
    if (!child) return fail(job, "child sitemap " + page.url + ": " + child.error().message);
    for (auto& item : child->items) items.push_back(std::move(item));
  }
  job->pages.clear();
  job->result.etag.clear();
  job->result.last_modified.clear();
  read_items(job);
}

void Poller::read_items(const std::shared_ptr<Job>& job) {
  const auto& source = job->source;
  auto& state = job->state;
  auto& feed = job->document.feed;
  for (const auto& warning : feed.warnings) log::for_source(source.name).debug("{}", warning);
  job->before = state;
  feeds::note_success(state, source, job->result, &feed, now_utc());
  job->summary.next_poll = *state.next_poll;
  // Validators are kept only after the body was understood, so a broken document is re-read.
  state.etag = job->result.etag;
  state.last_modified = job->result.last_modified;

  job->summary.items = feed.items.size();
  job->candidates = prepare_candidates(std::move(feed.items));
  std::vector<std::string> keys;
  for (const auto& c : job->candidates) keys.push_back(c.key);
  auto seen = store_.seen_items(source.name, keys);
  if (!seen) return fail_before(job, seen.error().message);
  job->seen = std::move(*seen);

  // follow: the article page of every new item, except on a baseline poll (nothing alerts).
  const bool baseline = !state.baselined && source.baseline;
  if (!source.follow || baseline) return commit(job);
  std::vector<std::string> links;
  std::vector<Candidate> waiting;  // beyond this poll's share: left for the next poll
  std::vector<Candidate> kept;
  for (auto& c : job->candidates) {
    if (job->seen.contains(c.key) || c.item.link.empty()) {
      kept.push_back(std::move(c));
    } else if (links.size() < kMaxFollowsPerPoll) {
      job->followed.push_back(kept.size());
      links.push_back(c.item.link);
      kept.push_back(std::move(c));
    } else {
      waiting.push_back(std::move(c));
    }
  }
  job->candidates = std::move(kept);
  if (!waiting.empty()) forget_validators(job);
  if (!waiting.empty())
    log::for_source(source.name).info("{} new items wait for the next poll (at most {} pages are followed per poll)",
                                      waiting.size(), kMaxFollowsPerPoll);
  if (links.empty()) return commit(job);
  asio::post(io_, [this, job, links = std::move(links)]() mutable {
    fetch_pages(client_, robots_, job->source, std::move(links), [this, job](std::vector<FetchedPage> pages) {
      job->pages = std::move(pages);
      on_cpu(job, &Poller::read_followed_pages);
    });
  });
}

void Poller::read_followed_pages(const std::shared_ptr<Job>& job) {
  std::vector<bool> deferred(job->candidates.size(), false);
  std::size_t enriched = 0, later = 0;
  for (std::size_t i = 0; i < job->pages.size(); ++i) {
    auto& candidate = job->candidates[job->followed[i]];
    const auto& page = job->pages[i];
    switch (apply_followed_page(candidate, page)) {
      case FollowOutcome::enriched: ++enriched; break;
      case FollowOutcome::kept:
        log::for_source(job->source.name).debug("{}: {}; matched as listed", page.url, page.result.error_message);
        break;
      case FollowOutcome::deferred:
        log::for_source(job->source.name).warn("{}: {}; the item waits for the next poll", page.url,
                                               page.result.error_message);
        deferred[job->followed[i]] = true;
        ++later;
        break;
      case FollowOutcome::cancelled:
        job->summary.error = "cancelled";
        return done(job);
    }
  }
  if (later > 0) {
    // Not recorded, so the next poll sees them as new again and follows them again: no loss.
    std::vector<Candidate> kept;
    for (std::size_t i = 0; i < job->candidates.size(); ++i)
      if (!deferred[i]) kept.push_back(std::move(job->candidates[i]));
    job->candidates = std::move(kept);
    forget_validators(job);
  }
  log::for_source(job->source.name).debug("followed {} pages, {} with article text, {} left for the next poll",
                                          job->pages.size(), enriched, later);
  job->pages.clear();
  commit(job);
}

void Poller::forget_validators(const std::shared_ptr<Job>& job) {
  // Items left for the next poll are only seen again if the next poll reads the document
  // again: a 304 would hide them until the page changes.
  job->state.etag.clear();
  job->state.last_modified.clear();
}

void Poller::fail_before(const std::shared_ptr<Job>& job, std::string error) {
  job->state = job->before;
  fail(job, std::move(error));
}

void Poller::commit(const std::shared_ptr<Job>& job) {
  const auto& source = job->source;
  auto& state = job->state;
  auto& summary = job->summary;
  auto& candidates = job->candidates;
  const auto& seen = job->seen;
  const auto now = now_utc();
  std::vector<std::string> links;
  for (const auto& c : candidates)
    if (!c.canonical_link.empty() && !seen.contains(c.key)) links.push_back(c.canonical_link);
  auto known = store_.known_links(links);
  if (!known) return fail_before(job, known.error().message);

  // Matching and signing are the CPU-heavy part: before the story lock, so sources run in parallel.
  const PollRules& rules = *job->rules;
  analyse_candidates(candidates, seen, rules.matcher);

  // Story verdicts, planning and committing under one lock: two sources carrying one story at
  // the same moment must not both alert it.
  const auto story_lock = stories_.lock();
  auto verdicts = stories_.decide(source.name, candidates, seen, now);
  if (!verdicts) return fail_before(job, verdicts.error().message);
  const PollInput input{.source = &source, .first_poll = !state.baselined, .now = now, .seen = &seen,
                        .known_links = &*known, .stories = &*verdicts, .duplicates = &rules.duplicates};
  auto plan = plan_poll(std::move(candidates), input, rules.matcher, rules.routing);
  summary.baseline = input.first_poll && source.baseline;
  state.baselined = true;
  for (const auto& record : plan.records)
    if (!seen.contains(record.key)) state.last_new_item = now;

  store::PollCommit commit{.source = source.name, .state = state, .items = std::move(plan.records),
                           .alerts = std::move(plan.alerts)};
  // Known items listed again: housekeeping keeps what the feed still lists.
  for (const auto& [key, known_item] : seen) commit.listed.push_back(key);
  commit.listed_at = now;
  if (auto committed = store_.commit_poll(commit); !committed) {
    // Nothing was recorded, so the next poll sees the same items as new again: no loss.
    summary.error = committed.error().message;
    log::for_source(source.name).error("{}", summary.error);
    return done(job);
  }
  stories_.remember(commit.items, seen);
  metrics_.committed(summary.items, commit, seen);
  summary.ok = true;
  summary.recorded = commit.items.size();
  summary.matched = plan.matched;
  summary.alerts = commit.alerts.size();
  log::for_source(source.name).info("{} items, {} new or changed, {} matching, {} alerts{}", summary.items,
                                    summary.recorded, summary.matched, summary.alerts,
                                    summary.baseline ? " (baseline)" : "");
  done(job);
}

}  // namespace vigil::daemon
