#include "topics/word_table.hpp"

#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "topics/stem.hpp"
#include "topics/stem_index.hpp"

namespace vigil::topics::detail {
namespace {

// The language the item declares (the primary subtag of its BCP 47 `lang`, "en" of "en-GB"),
// when it has a stemmer, else ""; whether any topic uses it does not matter, so a topic's
// matches never depend on which other topics exist.
std::string item_language(const Item& item) {
  std::string primary;
  for (const char c : item.lang) {
    if (c == '-' || c == '_') break;
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (primary.empty() || !has_stemmer(primary)) return {};
  return primary;
}

// Words remembered per table before it starts afresh (about 350 bytes each with six languages:
// under 6 MB), and tables per thread (one per matcher and declared language in use), so a
// worker thread keeps at most about 25 MB here.
constexpr std::size_t kMaxWords = 16384;
constexpr std::size_t kMaxTables = 4;
constexpr std::size_t kMaxRememberedWordBytes = 64;

}  // namespace

WordTable::WordTable(const Compiled& compiled, const std::string& own) : compiled_(&compiled) {
  // An item that says its language is stemmed in that language only, among the languages of
  // its script: stemming English text with the French stemmer makes `bomb` meet the query's
  // `bombies` (both `bomb`). Words still match every topic's terms exactly (the "" language).
  // Languages of other scripts still stem, because sites often declare one language for every
  // page (a Ukrainian page tagged "en" keeps its Ukrainian inflections). Without a known
  // language, every language stems.
  const auto own_stemmer = own.empty() ? std::nullopt : stemmer_index(own);
  slots_.resize(compiled.languages.size());
  for (std::size_t lang = 0; lang < slots_.size(); ++lang) {
    const auto& language = compiled.languages[lang];
    if (language.empty()) {
      slots_[lang].kind = Key::word;
      continue;
    }
    // A language without a stemmer compiles to "", so this always finds one.
    const auto stemmer = stemmer_index(language);
    if (!stemmer) {
      slots_[lang] = Slot{Key::word, 0};
    } else if (!own_stemmer || !competes_with(*own_stemmer, *stemmer)) {
      slots_[lang] = Slot{Key::stem, *stemmer};
    }
  }
}

WordTable& WordTable::for_item(const Compiled& compiled, const Item& item) {
  // Keyed by the matcher's generation, never its address: a new matcher may reuse a freed one's.
  thread_local std::map<std::pair<std::uint64_t, std::string>, std::unique_ptr<WordTable>> tables;
  auto own = item_language(item);
  auto key = std::make_pair(compiled.generation, std::move(own));
  auto found = tables.find(key);
  if (found == tables.end()) {
    if (tables.size() >= kMaxTables) tables.clear();
    auto table = std::unique_ptr<WordTable>(new WordTable(compiled, key.second));
    found = tables.emplace(std::move(key), std::move(table)).first;
  }
  auto& table = *found->second;
  if (table.remembered_.size() >= kMaxWords) table.forget_all();  // crude; frequent words return at once
  table.transient_.clear();
  return table;
}

void WordTable::forget_all() {
  remembered_.clear();
  // Small at first, doubled as words come: a table made for a few items (a new matcher, or
  // one of many matchers in turn) need not clear the megabyte a full one takes.
  constexpr std::size_t kFirstProbes = 1024;
  probes_.assign(kFirstProbes, Probe{});
}

void WordTable::grow() {
  std::vector<Probe> bigger(probes_.size() * 2);
  const std::size_t mask = bigger.size() - 1;
  for (const auto& probe : probes_) {
    if (!probe.remembered) continue;
    std::size_t slot = probe.hash & mask;
    while (bigger[slot].remembered) slot = (slot + 1) & mask;
    bigger[slot] = probe;
  }
  probes_ = std::move(bigger);
}

namespace {

template <typename T>
T load(const char* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

// a[0, n) == b[0, n) for n <= 16, with two loads per side that may overlap (never reading
// past n): cheaper than a call to memcmp for words.
bool equal_short(const char* a, const char* b, std::size_t n) {
  if (n >= 8) return load<std::uint64_t>(a) == load<std::uint64_t>(b) &&
                     load<std::uint64_t>(a + n - 8) == load<std::uint64_t>(b + n - 8);
  if (n >= 4) return load<std::uint32_t>(a) == load<std::uint32_t>(b) &&
                     load<std::uint32_t>(a + n - 4) == load<std::uint32_t>(b + n - 4);
  if (n >= 2) return load<std::uint16_t>(a) == load<std::uint16_t>(b) && a[n - 1] == b[n - 1];
  return n == 0 || a[0] == b[0];
}

}  // namespace

bool WordTable::holds(const Probe& probe, std::string_view word, std::uint64_t hash) {
  if (probe.hash != hash) return false;
  if (probe.size != kLongWord) return probe.size == word.size() && equal_short(probe.word.data(), word.data(), word.size());
  return probe.remembered->word == word;
}

WordEntry WordTable::make_entry(std::string_view word) {
  WordEntry entry;
  entry.keys.resize(slots_.size());
  for (std::size_t lang = 0; lang < slots_.size(); ++lang) {
    if (slots_[lang].kind == Key::none) continue;  // never looked up
    auto& key = entry.keys[lang];
    key = slots_[lang].kind == Key::word ? std::string(word) : stem_at(slots_[lang].stemmer, word);
    if (key.empty()) continue;
    anchor_key_.assign(1, static_cast<char>(lang));
    anchor_key_.append(key);
    if (const auto found = compiled_->by_anchor.find(anchor_key_); found != compiled_->by_anchor.end())
      entry.anchored.emplace_back(found->second);
  }
  for (const std::size_t length : compiled_->prefix_lengths) {
    if (length > word.size()) break;
    if (const auto found = compiled_->by_prefix.find(word.substr(0, length)); found != compiled_->by_prefix.end())
      entry.anchored.emplace_back(found->second);
  }
  return entry;
}

WordRef WordTable::find(std::string_view word, std::uint64_t hash) {
  if (probes_.empty()) forget_all();
  std::size_t mask = probes_.size() - 1;
  std::size_t slot = hash & mask;
  for (; probes_[slot].remembered; slot = (slot + 1) & mask) {
    const auto& probe = probes_[slot];
    if (holds(probe, word, hash)) return {&probe.remembered->entry, probe.anchors};
  }
  auto entry = make_entry(word);
  const bool anchors = !entry.anchored.empty();
  // Only word-sized entries are remembered, so hostile text of long "words" cannot grow a table.
  if (word.size() > kMaxRememberedWordBytes) return {&transient_.emplace_back(std::move(entry)), anchors};
  if (2 * (remembered_.size() + 1) > probes_.size()) {
    grow();
    mask = probes_.size() - 1;
    for (slot = hash & mask; probes_[slot].remembered; slot = (slot + 1) & mask) {}
  }
  auto& remembered = remembered_.emplace_back(Remembered{std::string(word), std::move(entry)});
  Probe probe{.hash = hash, .remembered = &remembered, .size = kLongWord, .anchors = anchors, .word = {}};
  if (word.size() <= kInlineBytes) {
    probe.size = static_cast<std::uint8_t>(word.size());
    std::memcpy(probe.word.data(), word.data(), word.size());
  }
  probes_[slot] = probe;
  return {&remembered.entry, anchors};
}

}  // namespace vigil::topics::detail
