// parse_feed throughput on generated ~100-item documents (bytes/s and items/s).
#include <benchmark/benchmark.h>

#include <string>

#include "bench/synthetic.hpp"
#include "feeds/parse.hpp"

namespace {

constexpr std::size_t kItems = 100;

vigil::FetchResult fetched(std::string body, std::string content_type) {
  vigil::FetchResult result;
  result.source = "bench";
  result.url = "https://daily.example/feed.xml";
  result.final_url = result.url;
  result.status = 200;
  result.content_type = std::move(content_type);
  result.body = std::move(body);
  return result;
}

void run_parse(benchmark::State& state, const vigil::FetchResult& input) {
  std::size_t items = 0;
  for (auto _ : state) {
    auto parsed = vigil::feeds::parse_feed(input);
    if (!parsed) {
      state.SkipWithError(parsed.error().message.c_str());
      return;
    }
    items = parsed->items.size();
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.body.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items));
  state.counters["doc_KB"] = static_cast<double>(input.body.size()) / 1024.0;
  state.counters["items"] = static_cast<double>(items);
}

void BM_ParseRss(benchmark::State& state) {
  static const auto input = fetched(vigil::bench::synthetic_rss(kItems, 1), "application/rss+xml");
  run_parse(state, input);
}
BENCHMARK(BM_ParseRss);

void BM_ParseAtom(benchmark::State& state) {
  static const auto input = fetched(vigil::bench::synthetic_atom(kItems, 2), "application/atom+xml");
  run_parse(state, input);
}
BENCHMARK(BM_ParseAtom);

}  // namespace
