// The near-duplicate index with a full window: 1 million items over 14 days, each new item
// classified against it, remembered, and the window slid (expire) as the daemon does.
//
// Items are generated text, not bench/synthetic's prose: its vocabulary of about a hundred
// words repeats three-word runs across most items, which real news does not. Here words come
// from a 30,000-word invented vocabulary with Zipf frequencies (a few "the"-like words, a long
// tail), titles of 5-12 words, texts from nothing (title-only feeds) to 600 words, and one new
// item in ten is an edited copy of a recent one (words replaced, a paragraph added). Four
// headlines in five carry one or two names out of 200,000 (people, places), as real headlines
// do: without them every title would be made of common words only, and the title rule's
// candidates (the titles that share the rarest words of the new one) would be far more than
// on real news.
//
// BM_SignatureOf           signature_of on generated items (items/s, MB/s of HTML)
// BM_ClassifyRememberExpire  classify + remember + expire with 1M items in the window
//                          (items/s), memory_bytes()/size() and the process RSS per item
// BM_Classify              classify alone against the same window (lookups/s)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/synthetic.hpp"
#include "dedup/deduper.hpp"

namespace {

using vigil::Item;
using vigil::Timestamp;
using vigil::bench::Rng;
using vigil::dedup::Deduper;
using vigil::dedup::Signature;
using namespace std::chrono_literals;

constexpr std::size_t kWindowItems = 1'000'000;
constexpr std::size_t kQueries = 200'000;
constexpr std::size_t kSlidingQueries = 150'000;  // classified and remembered
constexpr std::size_t kClassifyOnly = kQueries - kSlidingQueries;
constexpr std::size_t kVocabulary = 30'000;
constexpr std::chrono::seconds kWindow = 14 * 24h;
const Timestamp kStart = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};

// Item i is dated so that exactly kWindowItems fit in the window.
Timestamp date_of(std::size_t i) {
  return kStart +
         std::chrono::seconds(static_cast<long long>(i) * kWindow.count() / static_cast<long long>(kWindowItems));
}

class Corpus {
 public:
  Corpus() {
    static constexpr const char* syllables[] = {"ka",  "lo",  "mir", "ve",  "dan", "to", "rus", "el",  "an",  "po",
                                                "sen", "gri", "ta",  "mo",  "bel", "ur", "is",  "nav", "che", "do",
                                                "fi",  "lar", "os",  "tek", "vi",  "ra", "zu",  "hem", "qo",  "sil"};
    constexpr std::size_t n = std::size(syllables);
    words_.reserve(kVocabulary);
    for (std::size_t rank = 0; rank < kVocabulary; ++rank) {
      std::string word;
      std::size_t r = rank;
      do {
        word += syllables[r % n];
        r /= n;
      } while (r > 0);
      words_.push_back(std::move(word));
    }
    cumulative_.reserve(kVocabulary);
    double total = 0;
    for (std::size_t rank = 0; rank < kVocabulary; ++rank)
      cumulative_.push_back(total += 1.0 / std::pow(rank + 1.0, 1.05));
  }

  const std::string& word(Rng& rng) const {
    const double x = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 * cumulative_.back();
    return words_[static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                                           cumulative_.begin()) %
                  kVocabulary];
  }

  // A name (a place, a person, an organization) out of 200,000: what makes a real headline
  // specific. Names start with "zq", which no vocabulary word does.
  std::string name(Rng& rng) const {
    std::string out = "zq";
    for (std::size_t r = rng.below(200'000); r > 0; r /= 30) out += words_[r % 30];  // one syllable each
    return out;
  }

  std::string words(Rng& rng, std::size_t count) const {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) out += ' ';
      out += word(rng);
      if (rng.chance(7)) out += '.';
    }
    return out;
  }

  Item item(Rng& rng, std::size_t i) const {
    Item item;
    item.source = "outlet" + std::to_string(rng.below(5000));
    item.id = "https://" + item.source + ".example/news/2024/" + std::to_string(i) + "/" + word(rng) + "-" + word(rng);
    item.link = item.id + "?utm_source=rss";
    item.title = words(rng, 5 + rng.below(8));
    // Four headlines in five name someone or somewhere, which the text names too.
    std::string names;
    for (std::size_t n = rng.chance(80) ? 1 + rng.below(2) : 0; n > 0; --n) names += " " + name(rng);
    item.title += names;
    const auto kind = rng.below(10);
    const std::size_t text_words = kind < 2 ? rng.below(20) : kind < 7 ? 30 + rng.below(90) : 200 + rng.below(400);
    std::size_t written = 0;
    if (text_words > 0 && !names.empty()) item.content = "<p>" + names.substr(1) + "</p>";
    while (written < text_words) {
      const std::size_t paragraph = std::min(text_words - written, 20 + rng.below(60));
      item.content += "<p>" + words(rng, paragraph) + "</p>";
      written += paragraph;
    }
    return item;
  }

  // An edited copy, as another outlet carries it.
  Item variant(Rng& rng, const Item& original, std::size_t i) const {
    Item copy = original;
    copy.source = "copy" + std::to_string(rng.below(5000));
    copy.id = "https://" + copy.source + ".example/story/" + std::to_string(i);
    copy.link = copy.id;
    if (rng.chance(50)) copy.title = words(rng, 3) + " " + original.title;
    std::string& text = copy.content;
    for (std::size_t edits = 1 + rng.below(4); edits > 0 && !text.empty(); --edits) {
      const auto at = text.find(' ', rng.below(text.size()));
      if (at != std::string::npos) text.insert(at, " " + word(rng));
    }
    if (rng.chance(50)) text += "<p>" + words(rng, 20 + rng.below(40)) + "</p>";
    return copy;
  }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

// Items [from, to) of the stream: mostly new stories, one in ten an edited copy of one of the
// last few thousand items.
std::vector<Item> stream_items(std::size_t from, std::size_t to) {
  std::vector<Item> items;
  items.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) {
    Rng choice(0xC0FFEE ^ i);
    Rng rng(0xD5D0 + i);
    if (i > 1000 && choice.chance(10)) {
      // The original may itself be a copy: its base story is close enough.
      const std::size_t original = i - 1 - choice.below(std::min<std::size_t>(i - 1, 5000));
      Rng original_rng(0xD5D0 + original);
      items.push_back(corpus().variant(rng, corpus().item(original_rng, original), i));
    } else {
      items.push_back(corpus().item(rng, i));
    }
  }
  return items;
}

struct Prepared {
  std::string id;  // names the cluster it starts, as in the daemon
  Signature signature;
};

// Signatures of items [from, to), computed on all cores (signature_of is a pure function).
std::vector<Prepared> prepare(std::size_t from, std::size_t to) {
  const auto items = stream_items(from, to);
  std::vector<Prepared> out(items.size());
  const std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < items.size(); i += threads)
        out[i] = {items[i].source + '\x1f' + items[i].id, vigil::dedup::signature_of(items[i])};
    });
  }
  for (auto& w : workers) w.join();
  return out;
}

std::size_t rss_bytes() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<std::size_t>(resident) * 4096;
}

struct Window {
  Deduper deduper;
  std::vector<Prepared> queries;  // the items after the first million
  std::size_t next_query = 0;
  std::size_t rss_per_item = 0;
  double fill_seconds = 0;
};

Window& window() {
  static const std::unique_ptr<Window> w = [] {
    auto w = std::make_unique<Window>();
    const auto rss_before = rss_bytes();
    const auto started = std::chrono::steady_clock::now();
    constexpr std::size_t chunk = 20'000;
    for (std::size_t from = 0; from < kWindowItems; from += chunk) {
      const auto items = prepare(from, from + chunk);
      for (std::size_t k = 0; k < items.size(); ++k) {
        const auto at = date_of(from + k);
        const auto verdict = w->deduper.classify(items[k].signature, at);
        w->deduper.remember(verdict.cluster.value_or(items[k].id), items[k].signature, at);
      }
    }
    w->fill_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    w->rss_per_item = (rss_bytes() - rss_before) / w->deduper.size();
    w->queries = prepare(kWindowItems, kWindowItems + kQueries);
    return w;
  }();
  return *w;
}

void BM_SignatureOf(benchmark::State& state) {
  const auto items = stream_items(0, 2000);
  std::size_t bytes = 0;
  for (const auto& item : items)
    bytes += item.title.size() + item.summary.size() + item.content.size() + item.link.size();
  for (auto _ : state)
    for (const auto& item : items) benchmark::DoNotOptimize(vigil::dedup::signature_of(item));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_SignatureOf)->Unit(benchmark::kMillisecond);

void BM_ClassifyRememberExpire(benchmark::State& state) {
  auto& w = window();
  std::size_t duplicates = 0;
  for (auto _ : state) {
    if (w.next_query == kSlidingQueries) {
      state.SkipWithError("out of generated queries");
      break;
    }
    const std::size_t i = kWindowItems + w.next_query;
    const auto& query = w.queries[w.next_query++];
    const auto at = date_of(i);
    const auto verdict = w.deduper.classify(query.signature, at);
    duplicates += verdict.cluster.has_value();
    w.deduper.remember(verdict.cluster.value_or(query.id), query.signature, at);
    w.deduper.expire(at);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["window_items"] = static_cast<double>(w.deduper.size());
  state.counters["bytes_per_item"] =
      static_cast<double>(w.deduper.memory_bytes()) / static_cast<double>(w.deduper.size());
  state.counters["rss_bytes_per_item"] = static_cast<double>(w.rss_per_item);
  state.counters["duplicate_share"] =
      static_cast<double>(duplicates) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["fill_seconds"] = w.fill_seconds;
}
BENCHMARK(BM_ClassifyRememberExpire)->Iterations(kSlidingQueries)->Unit(benchmark::kMicrosecond);

void BM_Classify(benchmark::State& state) {
  auto& w = window();
  // Items not remembered yet (BM_ClassifyRememberExpire took the first ones).
  const std::size_t first = kQueries - kClassifyOnly;
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& query = w.queries[first + k % kClassifyOnly];
    benchmark::DoNotOptimize(w.deduper.classify(query.signature, date_of(kWindowItems + first + k % kClassifyOnly)));
    ++k;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["window_items"] = static_cast<double>(w.deduper.size());
}
BENCHMARK(BM_Classify)->Unit(benchmark::kMicrosecond);

}  // namespace
