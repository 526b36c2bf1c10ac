#pragma once
// Deterministic, invented news-like text for the micro benchmarks: feeds as XML documents and
// items as parsed. The same seed always gives the same bytes, so runs stay comparable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/item.hpp"

namespace vigil::bench {

// A small, fast, reproducible generator (splitmix64); std distributions differ between
// standard libraries, this does not.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

// A headline of a few words; about one in thirty mentions landmines or Ukraine.
std::string headline(Rng& rng);
// One to four sentences of prose; with `html`, wrapped in <p> with some <a>, <b> and entities.
std::string paragraph(Rng& rng, bool html);

// Complete documents with `items` entries each; descriptions carry escaped HTML.
std::string synthetic_rss(std::size_t items, std::uint64_t seed);
std::string synthetic_atom(std::size_t items, std::uint64_t seed);

// Items as the parser would hand them to the matcher (summary in HTML).
std::vector<Item> synthetic_items(std::size_t count, std::uint64_t seed);

// Full articles, as from a feed with full content or a followed page: a headline, a one-paragraph
// HTML summary and an HTML body of about 2-4 KB (paragraphs until a length drawn per item).
std::vector<Item> synthetic_articles(std::size_t count, std::uint64_t seed);

// The same articles with a realistic vocabulary: each template sentence carries a clause of
// invented words drawn from 20,000 with Zipf frequencies (rank r in proportion to 1/r), so an
// article holds a few hundred distinct words and a word picked from the vocabulary occurs in
// about 1% of articles, as in real news (synthetic_articles has about a hundred distinct words
// in all, each in a good share of the articles).
std::vector<Item> realistic_articles(std::size_t count, std::uint64_t seed);

// Vocabulary the generated text is made of, for building topic queries that hit and miss.
const std::vector<std::string>& vocabulary();
// The vocabulary of realistic_articles: vocabulary() followed by the 20,000 invented words.
const std::vector<std::string>& realistic_vocabulary();

}  // namespace vigil::bench
