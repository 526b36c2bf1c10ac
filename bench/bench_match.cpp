// normalize+match over generated news articles against 10, 1,000 and 10,000 generated topics:
// BM_OneMatcher compiles all topics into one Matcher (each item normalized once for all of
// them); BM_Naive is the baseline of per-topic keyword/regex filters in other tools: one Matcher
// per topic, each called on every item, so the item is normalized once per topic. Both report
// items/s and MB/s of text (title + summary + content, as the feed gives them, HTML included);
// BM_Naive also reports `one_matcher_x`, how many times faster BM_OneMatcher ran per byte
// in the same process (when it ran first, as it does unless filtered out), and checks that both
// found the same matches.
//
// Arguments: the number of topics; whether topics use several stemming languages (1: the mix
// below) or English only (0); one in how many query words is drawn from the corpus vocabulary
// (25 as a rule, 250 shows how the rate depends on the number of matches per item); the corpus.
//
// Corpus 0 (`synthetic_articles`, the first corpus) has only about a hundred distinct words, so
// each drawn query word occurs in a good share of the items: about 478 of 10,000 topics match
// every item, which real news never does. Corpus 1 (`realistic_articles`, added with the first
// speed work so that the matcher is measured on text shaped like news) adds to every sentence a
// clause of invented words drawn from 20,000 with Zipf frequencies; queries draw from its whole
// vocabulary, still one word in 25, and an item then matches a few topics per thousand. Both
// corpora are reported, so figures stay comparable with those taken before corpus 1 existed.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/synthetic.hpp"
#include "topics/matcher.hpp"

namespace {

using vigil::bench::Rng;
using vigil::topics::Matcher;
using vigil::topics::TopicSpec;

constexpr std::size_t kItems = 1000;
// The naive baseline makes topics × items calls; it sees the first items only, about this many
// calls per pass (at least 5 items), so that 10,000 topics take seconds rather than hours.
constexpr std::size_t kNaiveCalls = 100'000;

// An invented word that the generated text never contains ("kelbor", "varmiten").
std::string rare_word(Rng& rng) {
  static constexpr const char* kSyllables[] = {"kel", "bor", "var", "mit", "en", "sol", "dra", "quin", "tov", "ash"};
  std::string word;
  const std::size_t syllables = 2 + rng.below(2);
  for (std::size_t i = 0; i < syllables; ++i) word += kSyllables[rng.below(std::size(kSyllables))];
  return word;
}

// Generated queries, deterministic (one seed for the whole list, so topic i is the same at 1,000
// and 10,000 topics). Words: one in `vocabulary_one_in` drawn from the corpus vocabulary, the
// others invented, so most topics miss most items, as on real news, while candidate lookups
// still hit; one in eight capitalized. Leaves: a word (60%), a two-word phrase (15%), a prefix
// `word*` (the word less its last two letters when it has six or more, 15%), a hyphenated pair
// `word-word` (10%); outside NEAR, one leaf in ten is scoped `title:`. Query shapes:
//   35%  3-6 leaves joined by OR                      a OR "b c" OR d* OR title:e
//   20%  AND, explicit or implicit, with a group      a AND (b OR c*)   /   a (b OR c OR d)
//   15%  NEAR/n, n in 3..12, sides a leaf or an OR     a NEAR/5 b   /   (a OR b*) NEAR/8 "c d"
//   15%  an OR group minus a term                     (a OR b OR c) NOT d   /   (a OR b) -"c d"
//   15%  all of it                                    (a OR b NEAR/4 c) AND title:(d OR e*) -f
class QueryGenerator {
 public:
  QueryGenerator(std::uint64_t seed, std::size_t vocabulary_one_in, const std::vector<std::string>& vocabulary)
      : rng_(seed), vocabulary_one_in_(vocabulary_one_in), vocabulary_(vocabulary) {}

  std::string query() {
    const auto shape = rng_.below(100);
    if (shape < 35) return any_of(3 + rng_.below(4));
    if (shape < 55) {
      const auto group = "(" + any_of(2 + rng_.below(2)) + ")";
      return rng_.chance(50) ? leaf() + " AND " + group : leaf() + " " + group;
    }
    if (shape < 70) return near();
    // Every draw into its own statement: the order in which function arguments and operands
    // of + are evaluated is unspecified, and the queries must not depend on it.
    if (shape < 85) {
      const auto group = any_of(2 + rng_.below(3));
      const auto* negation = rng_.chance(50) ? "NOT " : "-";
      return "(" + group + ") " + negation + near_side_leaf();
    }
    const auto first = leaf();
    const auto second = near();
    const auto title = any_of(2);
    return fmt::format("({} OR {}) AND title:({}) -{}", first, second, title, near_side_leaf());
  }

 private:
  std::string word() {
    auto word = rng_.below(vocabulary_one_in_) == 0 ? vocabulary_[rng_.below(vocabulary_.size())] : rare_word(rng_);
    if (rng_.chance(12) && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
    return word;
  }

  // A leaf allowed on either side of NEAR (no field scope).
  std::string near_side_leaf() {
    const auto kind = rng_.below(100);
    if (kind < 60) return word();
    if (kind < 75) {
      auto first = word();
      return "\"" + first + " " + word() + "\"";
    }
    if (kind < 90) {
      auto stem = word();
      if (stem.size() > 5) stem.resize(stem.size() - 2);
      return stem + "*";
    }
    auto first = word();
    return first + "-" + word();
  }

  std::string leaf() { return rng_.chance(10) ? "title:" + near_side_leaf() : near_side_leaf(); }

  std::string any_of(std::size_t count) {
    std::string out = leaf();
    for (std::size_t i = 1; i < count; ++i) out += " OR " + leaf();
    return out;
  }

  std::string near() {
    auto side = [this] {
      if (!rng_.chance(30)) return near_side_leaf();
      auto first = near_side_leaf();
      return "(" + first + " OR " + near_side_leaf() + ")";
    };
    auto left = side();
    const auto distance = 3 + rng_.below(10);
    return fmt::format("{} NEAR/{} {}", left, distance, side());
  }

  Rng rng_;
  std::size_t vocabulary_one_in_;
  const std::vector<std::string>& vocabulary_;
};

// Stemming languages when mixed: most topics English, some in several languages, as in the
// shipped examples (the corpus is English; other languages' stemmers still run over it).
std::vector<std::string> languages_of(std::size_t index) {
  switch (index % 20) {
    case 3: case 13: return {"en", "fr"};
    case 7: return {"en", "es"};
    case 17: return {"ru", "uk"};
    default: return {"en"};
  }
}

TopicSpec topic(std::string name, std::string query) {
  TopicSpec spec;
  spec.name = std::move(name);
  spec.query = std::move(query);
  return spec;
}

// The demo's two topics, then generated ones.
std::vector<TopicSpec> make_topics(std::size_t count, bool mixed_languages, std::size_t vocabulary_one_in,
                                   const std::vector<std::string>& vocabulary) {
  std::vector<TopicSpec> topics;
  topics.push_back(topic("landmines", R"(landmine OR "anti-personnel mine" OR "Mine Ban Treaty" -"gold mine")"));
  topics.push_back(topic("ukraine", "Ukraine OR Ukrainian OR Kyiv"));
  QueryGenerator generator(42, vocabulary_one_in, vocabulary);
  while (topics.size() < count) topics.push_back(topic(fmt::format("topic-{}", topics.size()), generator.query()));
  topics.resize(count);
  if (mixed_languages)
    for (std::size_t i = 0; i < topics.size(); ++i) topics[i].languages = languages_of(i);
  return topics;
}

// Corpus 0: the first, small-vocabulary corpus; 1: the realistic one (see the top).
const std::vector<vigil::Item>& items(std::int64_t corpus) {
  static const auto small = vigil::bench::synthetic_articles(kItems, 7);
  static const auto realistic = vigil::bench::realistic_articles(kItems, 7);
  return corpus == 0 ? small : realistic;
}

const std::vector<std::string>& vocabulary(std::int64_t corpus) {
  return corpus == 0 ? vigil::bench::vocabulary() : vigil::bench::realistic_vocabulary();
}

std::size_t text_bytes(const vigil::Item& item) { return item.title.size() + item.summary.size() + item.content.size(); }

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Compiled topics, kept across benchmarks (compiling 10,000 matchers takes a while).
struct Setup {
  std::vector<TopicSpec> topics;
  std::unique_ptr<Matcher> one;
  std::vector<Matcher> per_topic;  // filled on first use by BM_Naive
  double one_seconds_per_byte = 0;  // CPU time of the last BM_OneMatcher run, 0 before
};

std::string compile_error(const vigil::topics::TopicError& error) {
  return fmt::format("topic {}: column {}: {}", error.topic, error.error.column, error.error.message);
}

Setup* setup_for(benchmark::State& state) {
  static std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t>, Setup> setups;
  auto& setup = setups[{state.range(0), state.range(1), state.range(2), state.range(3)}];
  if (!setup.one) {
    setup.topics = make_topics(static_cast<std::size_t>(state.range(0)), state.range(1) != 0,
                               static_cast<std::size_t>(state.range(2)), vocabulary(state.range(3)));
    auto matcher = Matcher::compile(setup.topics);
    if (!matcher) {
      state.SkipWithError(compile_error(matcher.error()).c_str());
      return nullptr;
    }
    setup.one = std::make_unique<Matcher>(std::move(*matcher));
  }
  return &setup;
}

void count_matches(benchmark::State& state, const std::vector<std::vector<vigil::Match>>& results, std::size_t topics) {
  std::size_t matched_items = 0;
  std::size_t matches = 0;
  for (const auto& result : results) {
    matched_items += result.empty() ? 0 : 1;
    matches += result.size();
  }
  state.counters["topics"] = static_cast<double>(topics);
  state.counters["items"] = static_cast<double>(results.size());
  state.counters["matched_items"] = static_cast<double>(matched_items);
  state.counters["matches"] = static_cast<double>(matches);
}

void BM_OneMatcher(benchmark::State& state) {
  auto* setup = setup_for(state);
  if (setup == nullptr) return;
  const auto& corpus = items(state.range(3));
  std::size_t bytes = 0;
  for (const auto& item : corpus) bytes += text_bytes(item);

  std::vector<std::vector<vigil::Match>> results(corpus.size());
  const double started = thread_cpu_seconds();
  for (auto _ : state) {
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      results[i] = setup->one->match(corpus[i]);
      benchmark::DoNotOptimize(results[i]);
    }
  }
  const double seconds = thread_cpu_seconds() - started;
  setup->one_seconds_per_byte = seconds / static_cast<double>(state.iterations() * bytes);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * corpus.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  count_matches(state, results, setup->topics.size());
}

// Where the naive and the one-matcher results disagree, described; "" when they agree.
std::string difference(const std::vector<vigil::Match>& naive, const std::vector<vigil::Match>& one) {
  if (naive.size() != one.size()) return fmt::format("{} matches naive, {} with one matcher", naive.size(), one.size());
  for (std::size_t i = 0; i < naive.size(); ++i) {
    const auto& a = naive[i];
    const auto& b = one[i];
    if (a.topic != b.topic) return fmt::format("match {}: topic {} naive, {} with one matcher", i, a.topic, b.topic);
    if (a.terms != b.terms) return fmt::format("topic {}: terms differ", a.topic);
    if (std::abs(a.score - b.score) > 1e-9 * std::max(1.0, std::abs(a.score)))
      return fmt::format("topic {}: score {} naive, {} with one matcher", a.topic, a.score, b.score);
    if (a.snippet != b.snippet || a.highlights != b.highlights) return fmt::format("topic {}: snippets differ", a.topic);
  }
  return "";
}

void BM_Naive(benchmark::State& state) {
  auto* setup = setup_for(state);
  if (setup == nullptr) return;
  if (setup->per_topic.empty()) {
    setup->per_topic.reserve(setup->topics.size());
    for (const auto& topic : setup->topics) {
      auto matcher = Matcher::compile({topic});
      if (!matcher) {
        state.SkipWithError(compile_error(matcher.error()).c_str());
        setup->per_topic.clear();
        return;
      }
      setup->per_topic.push_back(std::move(*matcher));
    }
  }
  const auto& all = items(state.range(3));
  const std::size_t count = std::clamp<std::size_t>(kNaiveCalls / setup->topics.size(), 5, all.size());
  const std::vector<vigil::Item> corpus(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
  std::size_t bytes = 0;
  for (const auto& item : corpus) bytes += text_bytes(item);

  std::vector<std::vector<vigil::Match>> results(corpus.size());
  const double started = thread_cpu_seconds();
  for (auto _ : state) {
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      results[i].clear();
      for (const auto& matcher : setup->per_topic) {
        auto matches = matcher.match(corpus[i]);
        for (auto& match : matches) results[i].push_back(std::move(match));
      }
      benchmark::DoNotOptimize(results[i]);
    }
  }
  const double seconds = thread_cpu_seconds() - started;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * corpus.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  count_matches(state, results, setup->topics.size());
  if (setup->one_seconds_per_byte > 0) {
    const double naive_seconds_per_byte = seconds / static_cast<double>(state.iterations() * bytes);
    state.counters["one_matcher_x"] = naive_seconds_per_byte / setup->one_seconds_per_byte;
  }

  // Sanity: both ways find the same topics, terms, scores and snippets.
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    const auto diff = difference(results[i], setup->one->match(corpus[i]));
    if (!diff.empty()) {
      state.SkipWithError(fmt::format("item {}: {}", corpus[i].id, diff).c_str());
      return;
    }
  }
}

const std::vector<std::string> kArgNames = {"topics", "mixed_languages", "vocabulary_one_in", "corpus"};
BENCHMARK(BM_OneMatcher)
    ->ArgNames(kArgNames)
    ->Args({10, 0, 25, 0})
    ->Args({10, 1, 25, 0})
    ->Args({1000, 1, 25, 0})
    ->Args({10000, 1, 25, 0})
    ->Args({10000, 0, 25, 0})
    ->Args({10000, 1, 250, 0})
    ->Args({10, 0, 25, 1})
    ->Args({10, 1, 25, 1})
    ->Args({1000, 1, 25, 1})
    ->Args({10000, 1, 25, 1})
    ->Args({10000, 0, 25, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Naive)->ArgNames(kArgNames)->Args({10, 1, 25, 0})->Args({10, 1, 25, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Naive)
    ->ArgNames(kArgNames)
    ->Args({1000, 1, 25, 0})
    ->Args({10000, 1, 25, 0})
    ->Args({10000, 1, 25, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
