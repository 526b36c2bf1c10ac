// Matcher::match over 1,000 generated items against 10 and 100 topics (items/s).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/synthetic.hpp"
#include "topics/matcher.hpp"

namespace {

constexpr std::size_t kItems = 1000;

// An invented word that the generated text never contains ("kelbor", "varmiten").
std::string rare_word(vigil::bench::Rng& rng) {
  static constexpr const char* kSyllables[] = {"kel", "bor", "var", "mit", "en", "sol", "dra", "quin", "tov", "ash"};
  std::string word;
  const std::size_t syllables = 2 + rng.below(2);
  for (std::size_t i = 0; i < syllables; ++i) word += kSyllables[rng.below(std::size(kSyllables))];
  return word;
}

// The two topics of the demo, then invented ones of 3 to 6 terms (words and two-word phrases).
// Most terms are words the text never contains and about one in twenty-five comes from its
// vocabulary, so that most topics miss most items, as on real news, while candidate lookups
// still hit.
std::vector<vigil::topics::TopicSpec> make_topics(std::size_t count) {
  std::vector<vigil::topics::TopicSpec> topics;
  topics.push_back({"landmines", R"(landmine OR landmines OR "anti-personnel mines" OR "Mine Ban Treaty")", {}});
  topics.push_back({"ukraine", "Ukraine OR Ukrainian OR Kyiv", {}});
  const auto& words = vigil::bench::vocabulary();
  vigil::bench::Rng rng(42);
  auto word = [&]() { return rng.chance(4) ? words[rng.below(words.size())] : rare_word(rng); };
  while (topics.size() < count) {
    std::string query;
    const std::size_t terms = 3 + rng.below(4);
    for (std::size_t t = 0; t < terms; ++t) {
      if (!query.empty()) query += " OR ";
      if (rng.chance(30)) {
        const auto first = word();
        const auto second = word();
        query += fmt::format("\"{} {}\"", first, second);
      } else {
        query += word();
      }
    }
    topics.push_back({fmt::format("topic-{}", topics.size()), std::move(query), {}});
  }
  return topics;
}

void BM_Match(benchmark::State& state) {
  static const auto items = vigil::bench::synthetic_items(kItems, 7);
  auto matcher = vigil::topics::Matcher::compile(make_topics(static_cast<std::size_t>(state.range(0))));
  if (!matcher) {
    state.SkipWithError(("topic " + matcher.error().topic + ": " + matcher.error().error.message).c_str());
    return;
  }
  std::size_t matched = 0;
  for (auto _ : state) {
    matched = 0;
    for (const auto& item : items) {
      auto matches = matcher->match(item);
      matched += matches.empty() ? 0 : 1;
      benchmark::DoNotOptimize(matches);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
  state.counters["matched_items"] = static_cast<double>(matched);
  state.counters["topics"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_Match)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace
