#include "bench/synthetic.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

namespace vigil::bench {
namespace {

constexpr std::array<std::string_view, 24> kActors = {
    "The council",     "Regional officials", "A relief agency",   "The ministry",
    "Local farmers",   "Harbour workers",    "A research team",   "The coalition",
    "Volunteers",      "The committee",      "City engineers",    "An aid convoy",
    "Health workers",  "The delegation",     "Rail operators",    "A panel of judges",
    "Teachers",        "The observers",      "Fishing crews",     "A mayor",
    "Border guards",   "The trade union",    "Climate scientists", "Park rangers"};
constexpr std::array<std::string_view, 20> kVerbs = {
    "announced",  "postponed", "approved",   "questioned", "reviewed", "expanded",
    "welcomed",   "rejected",  "published",  "described",  "funded",   "inspected",
    "suspended",  "extended",  "criticised", "outlined",   "resumed",  "completed",
    "challenged", "confirmed"};
constexpr std::array<std::string_view, 24> kObjects = {
    "a new water network",   "the budget for schools", "plans for the bridge",
    "an emergency shelter",  "the harvest forecast",   "a survey of the coast",
    "the winter timetable",  "repairs to the dam",     "a vaccination drive",
    "the grain agreement",   "an inquiry into prices", "the tram extension",
    "a fund for refugees",   "the fishing quotas",     "a study of air quality",
    "the museum reopening",  "flood defences",         "a ceasefire proposal",
    "the election calendar", "a housing scheme",       "new border checks",
    "the port expansion",    "a solar farm",           "talks on energy prices"};
constexpr std::array<std::string_view, 16> kPlaces = {
    "in the north",      "near the river",     "on the coast",      "in the capital",
    "across the region", "in three villages",  "at the border",     "in the valley",
    "before the summit", "after the storm",    "in the old town",   "along the railway",
    "on Tuesday",        "late on Friday",     "this week",         "for the second time"};
constexpr std::array<std::string_view, 10> kTails = {
    "Officials said more details would follow.",
    "Critics called the timetable unrealistic.",
    "The decision is expected to be reviewed next month.",
    "Residents were invited to comment until the end of the month.",
    "No injuries were reported.",
    "The figures have not been independently verified.",
    "A spokesperson declined to comment.",
    "Funding comes from a mix of public and private sources.",
    "The work is due to finish before winter.",
    "Similar measures were tried two years ago."};
// The share of keyword mentions is small, as in real news: most items must miss.
constexpr std::array<std::string_view, 6> kKeywordSentences = {
    "Deminers cleared a landmine from a field near the road.",
    "The report counts new anti-personnel mines laid since spring.",
    "Aid groups in Ukraine asked for generators before winter.",
    "Officials in Kyiv said the power grid held overnight.",
    "Ukrainian farmers returned to fields once cleared of landmines.",
    "The Mine Ban Treaty conference met in Geneva."};

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The realistic corpus's long tail: kZipfWords invented words (strict consonant-vowel
// alternation, so never equal to a query's rare_word, which always holds a consonant cluster)
// drawn with Zipf frequencies (the word of rank r in proportion to 1/r), as words are in news.
constexpr std::size_t kZipfWords = 20000;

class ZipfWords {
 public:
  ZipfWords() {
    constexpr std::string_view kConsonants = "bdfgklmnprstvz";
    constexpr std::string_view kVowels = "aeiou";
    Rng rng(20240601);
    std::unordered_set<std::string> seen;
    while (words_.size() < kZipfWords) {
      std::string word;
      const std::size_t syllables = 2 + rng.below(3);
      for (std::size_t i = 0; i < syllables; ++i) {
        word += kConsonants[rng.below(kConsonants.size())];
        word += kVowels[rng.below(kVowels.size())];
      }
      if (seen.insert(word).second) words_.push_back(std::move(word));
    }
    double total = 0;
    for (std::size_t rank = 1; rank <= kZipfWords; ++rank) cumulative_.push_back(total += 1.0 / static_cast<double>(rank));
    for (auto& c : cumulative_) c /= total;
  }

  const std::string& draw(Rng& rng) const {
    const double u = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
    const auto at = std::lower_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin();
    return words_[std::min(static_cast<std::size_t>(at), words_.size() - 1)];
  }

  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;  // by rank
  std::vector<double> cumulative_;
};

const ZipfWords& zipf_words() {
  static const ZipfWords words;
  return words;
}

// With `tail`, a sentence of the realistic corpus: the template sentence and a clause of 4-12
// long-tail words, so about half of an article's words come from the long tail.
std::string sentence(Rng& rng, const ZipfWords* tail = nullptr) {
  const auto actor = kActors[rng.below(kActors.size())];
  const auto verb = kVerbs[rng.below(kVerbs.size())];
  const auto object = kObjects[rng.below(kObjects.size())];
  const auto place = kPlaces[rng.below(kPlaces.size())];
  if (tail == nullptr) return fmt::format("{} {} {} {}.", actor, verb, object, place);
  std::string clause;
  const std::size_t words = 4 + rng.below(9);
  for (std::size_t i = 0; i < words; ++i) {
    if (i > 0) clause += ' ';
    clause += tail->draw(rng);
  }
  return fmt::format("{} {} {} {}, {}.", actor, verb, object, place, clause);
}

// 2024-01-01T00:00:00Z plus a deterministic offset, as seconds.
Timestamp date_of(std::size_t index) {
  return Timestamp{std::chrono::seconds{1704067200 + static_cast<long long>(index) * 3607}};
}

// "Mon, 01 Jan 2024 00:00:00 +0000" (RFC 822, as RSS 2.0 writes dates).
std::string rfc822(Timestamp t) {
  const std::time_t seconds = Clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::array<char, 40> buffer{};
  const auto length = std::strftime(buffer.data(), buffer.size(), "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return std::string(buffer.data(), length);
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string headline(Rng& rng) {
  if (rng.chance(3)) {
    constexpr std::array<std::string_view, 4> kHot = {
        "Landmine clearance resumes", "Ukraine grain exports rise", "Kyiv metro reopens",
        "Talks on anti-personnel mines stall"};
    return std::string(kHot[rng.below(kHot.size())]);
  }
  const auto actor = kActors[rng.below(kActors.size())];
  const auto verb = kVerbs[rng.below(kVerbs.size())];
  const auto object = kObjects[rng.below(kObjects.size())];
  return fmt::format("{} {} {}", actor, verb, object);
}

namespace {

std::string any_paragraph(Rng& rng, bool html, const ZipfWords* tail) {
  std::string text;
  const std::size_t sentences = 1 + rng.below(4);
  for (std::size_t i = 0; i < sentences; ++i) {
    if (!text.empty()) text += ' ';
    if (rng.chance(2)) {
      text += kKeywordSentences[rng.below(kKeywordSentences.size())];
    } else if (html && rng.chance(20)) {
      const auto actor = kActors[rng.below(kActors.size())];
      const auto verb = kVerbs[rng.below(kVerbs.size())];
      const auto story = rng.below(100000);
      const auto object = kObjects[rng.below(kObjects.size())];
      const auto place = kPlaces[rng.below(kPlaces.size())];
      text += fmt::format("<b>{}</b> {} <a href=\"https://news.example/story/{}\">{}</a> {}.", actor, verb, story,
                          object, place);
    } else {
      text += sentence(rng, tail);
    }
  }
  text += ' ';
  text += kTails[rng.below(kTails.size())];
  if (html) {
    if (rng.chance(30)) text += " Prices rose &#8212; again &amp; sharply.";
    return "<p>" + text + "</p>";
  }
  return text;
}

std::vector<Item> articles(std::size_t count, std::uint64_t seed, const ZipfWords* tail) {
  Rng rng(seed);
  std::vector<Item> items;
  items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Item item;
    item.id = fmt::format("article-{}", i);
    item.source = fmt::format("source-{}", i % 50);
    item.title = headline(rng);
    item.link = fmt::format("https://daily.example/article-{}", i);
    item.published = date_of(i);
    item.summary = any_paragraph(rng, true, tail);
    const std::size_t length = 2048 + rng.below(2049);
    while (item.content.size() < length) {
      if (!item.content.empty()) item.content += '\n';
      item.content += any_paragraph(rng, true, tail);
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

std::string paragraph(Rng& rng, bool html) { return any_paragraph(rng, html, nullptr); }

// Random draws are sequenced into locals first: the evaluation order of function arguments
// is unspecified, and the documents must not depend on it.
std::string synthetic_rss(std::size_t items, std::uint64_t seed) {
  Rng rng(seed);
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
      "<title>Synthetic Daily</title>\n<link>https://daily.example/</link>\n"
      "<description>Invented news for benchmarks</description>\n";
  for (std::size_t i = 0; i < items; ++i) {
    const auto title = headline(rng);
    const auto desk = rng.below(12);
    auto description = paragraph(rng, true);
    description += paragraph(rng, true);
    doc += fmt::format(
        "<item>\n<title>{}</title>\n<link>https://daily.example/2024/story-{}</link>\n"
        "<guid isPermaLink=\"false\">daily-{}-{}</guid>\n<pubDate>{}</pubDate>\n"
        "<dc:creator>Desk {}</dc:creator>\n<description>{}</description>\n</item>\n",
        xml_escape(title), i, seed, i, rfc822(date_of(i)), desk, xml_escape(description));
  }
  doc += "</channel>\n</rss>\n";
  return doc;
}

std::string synthetic_atom(std::size_t items, std::uint64_t seed) {
  Rng rng(seed);
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "<title>Synthetic Wire</title>\n<id>urn:example:synthetic-wire</id>\n"
      "<link href=\"https://wire.example/\"/>\n<updated>2024-06-01T00:00:00Z</updated>\n";
  for (std::size_t i = 0; i < items; ++i) {
    const auto title = headline(rng);
    const auto desk = rng.below(12);
    const auto summary = paragraph(rng, true);
    auto content = paragraph(rng, true);
    content += paragraph(rng, true);
    const auto when = format_rfc3339(date_of(i));
    doc += fmt::format(
        "<entry>\n<title>{}</title>\n<id>urn:example:wire:{}:{}</id>\n"
        "<link rel=\"alternate\" href=\"/wire/{}\"/>\n<published>{}</published>\n"
        "<updated>{}</updated>\n<author><name>Desk {}</name></author>\n"
        "<summary type=\"html\">{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
        xml_escape(title), seed, i, i, when, when, desk, xml_escape(summary), xml_escape(content));
  }
  doc += "</feed>\n";
  return doc;
}

std::vector<Item> synthetic_items(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Item> items;
  items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Item item;
    item.id = fmt::format("item-{}", i);
    item.source = fmt::format("source-{}", i % 50);
    item.title = headline(rng);
    item.link = fmt::format("https://daily.example/story-{}", i);
    item.published = date_of(i);
    item.summary = paragraph(rng, true);
    item.summary += paragraph(rng, true);
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<Item> synthetic_articles(std::size_t count, std::uint64_t seed) { return articles(count, seed, nullptr); }

std::vector<Item> realistic_articles(std::size_t count, std::uint64_t seed) {
  return articles(count, seed, &zipf_words());
}

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    auto add_words = [&out](std::string_view text) {
      std::size_t start = 0;
      while (start < text.size()) {
        auto end = text.find_first_of(" .,", start);
        if (end == std::string_view::npos) end = text.size();
        if (end - start > 3) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
      }
    };
    for (auto s : kObjects) add_words(s);
    for (auto s : kVerbs) add_words(s);
    for (auto s : kPlaces) add_words(s);
    return out;
  }();
  return words;
}

const std::vector<std::string>& realistic_vocabulary() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out = vocabulary();
    const auto& tail = zipf_words().words();
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  }();
  return words;
}

}  // namespace vigil::bench
