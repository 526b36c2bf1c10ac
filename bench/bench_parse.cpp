// parse_feed throughput next to the raw pugixml parse of the same bytes (issue 3, "Measured":
// parse_feed to finished Items should reach >= 25% of the raw parse's MB/s). Counters: "MB"
// (shown as MB/s, 10^6 bytes per second), items_per_second; doc_KB and items describe the input.
#include <benchmark/benchmark.h>

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <vector>

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

struct Corpus {
  std::vector<vigil::FetchResult> documents;
  std::size_t bytes = 0;
  std::size_t items = 0;  // as parse_feed counts them
};

Corpus corpus_of(std::vector<vigil::FetchResult> documents) {
  Corpus corpus{std::move(documents)};
  for (const auto& doc : corpus.documents) {
    corpus.bytes += doc.body.size();
    if (auto parsed = vigil::feeds::parse_feed(doc)) corpus.items += parsed->items.size();
  }
  return corpus;
}

// A mix like a poll cycle sees: RSS and Atom, small and large documents, different text.
const Corpus& mixed_corpus() {
  static const Corpus corpus = [] {
    std::vector<vigil::FetchResult> docs;
    std::uint64_t seed = 100;
    for (std::size_t items : {10, 25, 50, 100, 200}) {
      docs.push_back(fetched(vigil::bench::synthetic_rss(items, ++seed), "application/rss+xml"));
      docs.push_back(fetched(vigil::bench::synthetic_atom(items, ++seed), "application/atom+xml"));
    }
    return corpus_of(std::move(docs));
  }();
  return corpus;
}

const Corpus& rss_corpus() {
  static const Corpus corpus = corpus_of({fetched(vigil::bench::synthetic_rss(kItems, 1), "application/rss+xml")});
  return corpus;
}

const Corpus& atom_corpus() {
  static const Corpus corpus = corpus_of({fetched(vigil::bench::synthetic_atom(kItems, 2), "application/atom+xml")});
  return corpus;
}

void report(benchmark::State& state, const Corpus& corpus) {
  const auto runs = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * corpus.items));
  state.counters["MB"] = benchmark::Counter(runs * static_cast<double>(corpus.bytes) / 1e6, benchmark::Counter::kIsRate);
  state.counters["doc_KB"] = static_cast<double>(corpus.bytes) / 1024.0;
  state.counters["items"] = static_cast<double>(corpus.items);
}

// parse_feed: detection, XML parse, walk, entities, dates, URLs, text: finished Items.
void run_parse_feed(benchmark::State& state, const Corpus& corpus) {
  for (auto _ : state) {
    for (const auto& doc : corpus.documents) {
      auto parsed = vigil::feeds::parse_feed(doc);
      if (!parsed) {
        state.SkipWithError(parsed.error().message.c_str());
        return;
      }
      benchmark::DoNotOptimize(parsed);
    }
  }
  report(state, corpus);
}

// The floor: pugixml's own parse of the same bytes, default options, nothing else.
void run_pugixml(benchmark::State& state, const Corpus& corpus) {
  for (auto _ : state) {
    for (const auto& doc : corpus.documents) {
      pugi::xml_document xml;
      const auto result = xml.load_buffer(doc.body.data(), doc.body.size());
      if (!result) {
        state.SkipWithError(result.description());
        return;
      }
      benchmark::DoNotOptimize(xml.first_child());
    }
  }
  report(state, corpus);
}

void BM_ParseFeed_Corpus(benchmark::State& state) { run_parse_feed(state, mixed_corpus()); }
void BM_Pugixml_Corpus(benchmark::State& state) { run_pugixml(state, mixed_corpus()); }
void BM_ParseRss(benchmark::State& state) { run_parse_feed(state, rss_corpus()); }
void BM_PugixmlRss(benchmark::State& state) { run_pugixml(state, rss_corpus()); }
void BM_ParseAtom(benchmark::State& state) { run_parse_feed(state, atom_corpus()); }
void BM_PugixmlAtom(benchmark::State& state) { run_pugixml(state, atom_corpus()); }

BENCHMARK(BM_ParseFeed_Corpus);
BENCHMARK(BM_Pugixml_Corpus);
BENCHMARK(BM_ParseRss);
BENCHMARK(BM_PugixmlRss);
BENCHMARK(BM_ParseAtom);
BENCHMARK(BM_PugixmlAtom);

}  // namespace
