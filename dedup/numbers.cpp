#include "dedup/numbers.hpp"
#include "dedup/mix.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace vigil::dedup {
namespace {

using detail::mix;

constexpr unsigned number_bits = 12;
constexpr std::uint32_t number_mask = (1u << number_bits) - 1;

struct NumberWord {
  std::string_view word;
  double value;
  bool scale;  // multiplies what comes before it ("three hundred", "48 million")
};

// Sorted by word: every word of every text is looked up here.
constexpr std::array<NumberWord, 38> number_words{{
    {"billion", 1e9, true},  {"billions", 1e9, true},  {"dozen", 12, true},      {"eight", 8, false},
    {"eighteen", 18, false}, {"eighty", 80, false},    {"eleven", 11, false},    {"fifteen", 15, false},
    {"fifty", 50, false},    {"five", 5, false},       {"forty", 40, false},     {"four", 4, false},
    {"fourteen", 14, false}, {"hundred", 100, true},   {"hundreds", 100, true},  {"million", 1e6, true},
    {"millions", 1e6, true}, {"nine", 9, false},       {"nineteen", 19, false},  {"ninety", 90, false},
    {"one", 1, false},       {"seven", 7, false},      {"seventeen", 17, false}, {"seventy", 70, false},
    {"six", 6, false},       {"sixteen", 16, false},   {"sixty", 60, false},     {"ten", 10, false},
    {"thirteen", 13, false}, {"thirty", 30, false},    {"thousand", 1e3, true},  {"thousands", 1e3, true},
    {"three", 3, false},     {"trillion", 1e12, true}, {"twelve", 12, false},    {"twenty", 20, false},
    {"two", 2, false},       {"zero", 0, false},
}};

static_assert(std::is_sorted(number_words.begin(), number_words.end(),
                             [](const NumberWord& a, const NumberWord& b) { return a.word < b.word; }));

const NumberWord* find_number_word(std::string_view word) {
  if (word.size() < 3 || word.size() > 9) return nullptr;
  const auto found = std::lower_bound(number_words.begin(), number_words.end(), word,
                                      [](const NumberWord& entry, std::string_view w) { return entry.word < w; });
  return found != number_words.end() && found->word == word ? &*found : nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_number_word(std::string_view word) {
  return (!word.empty() && is_digit(word.front())) || find_number_word(word) != nullptr;
}

// Abbreviated scales after digits, as newsrooms write them ("$48m", "1.2bn", "£40k").
double suffix_scale(std::string_view suffix) {
  if (suffix == "k") return 1e3;
  if (suffix == "m" || suffix == "mn" || suffix == "mln") return 1e6;
  if (suffix == "b" || suffix == "bn" || suffix == "bln") return 1e9;
  if (suffix == "tn") return 1e12;
  return 0;
}

bool is_ordinal(std::string_view suffix) {
  return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

// The value of a run of number words, the same however the house style writes it: "46" and
// "forty six", "$48 million" and "$48m", "120,000" and "120 000" (the tokenizer splits at the
// comma or the space), "1.2bn" and "1.2 billion". A unit glued to the digits ("10km") stays.
std::string number_value(const std::vector<std::string>& words, std::size_t begin, std::size_t end) {
  double total = 0;
  double current = 0;
  bool previous_digits = false;
  bool fraction = false;
  std::string unit;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string_view word = words[i];
    if (is_digit(word.front())) {
      std::size_t digits = 0;
      while (digits < word.size() && is_digit(word[digits])) ++digits;
      double group = 0;
      for (std::size_t d = 0; d < digits; ++d) group = group * 10 + (word[d] - '0');
      if (previous_digits && digits == 3 && !fraction) {
        current = current * 1000 + group;  // a thousands separator
      } else if (previous_digits) {
        current += group / std::pow(10.0, static_cast<double>(digits));  // a decimal point
        fraction = true;
      } else {
        current += group;
      }
      previous_digits = true;
      const std::string_view suffix = word.substr(digits);
      if (const double scale = suffix_scale(suffix); scale > 0) {
        total += current * scale;
        current = 0;
        previous_digits = false;
      } else if (!suffix.empty() && !is_ordinal(suffix)) {
        unit += suffix;
      }
      continue;
    }
    previous_digits = false;
    fraction = false;
    const NumberWord* entry = find_number_word(word);
    if (!entry->scale) {
      current += entry->value;
    } else if (entry->value < 1e3) {
      current = (current == 0 ? 1 : current) * entry->value;
    } else {
      total += (current == 0 ? 1 : current) * entry->value;
      current = 0;
    }
  }
  std::array<char, 32> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), "%.6g", total + current);
  return std::string(buffer.data(), static_cast<std::size_t>(std::max(length, 0))) + unit;
}

std::uint64_t word_hash(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }

// Appends the pairs of one word sequence; `edge` stands for the word before the first and
// after the last one.
void append_pairs(const std::vector<std::string>& words, std::vector<std::uint32_t>& out) {
  static const std::uint64_t edge = word_hash("\x1f");
  std::size_t i = 0;
  while (i < words.size() && out.size() < max_number_contexts) {
    if (!is_number_word(words[i])) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < words.size() && is_number_word(words[i])) ++i;
    const std::uint64_t number = word_hash(number_value(words, begin, i));
    const std::uint64_t before = begin == 0 ? edge : word_hash(words[begin - 1]);
    const std::uint64_t after = i == words.size() ? edge : word_hash(words[i]);
    const std::uint64_t context = mix(before * 0x9e3779b97f4a7c15ULL + after);
    out.push_back(static_cast<std::uint32_t>(context >> 44) << number_bits |
                  static_cast<std::uint32_t>(number & number_mask));
  }
}

}  // namespace

std::vector<std::uint32_t> number_contexts(const std::vector<std::string>& title,
                                           const std::vector<std::string>& text) {
  std::vector<std::uint32_t> out;
  append_pairs(title, out);
  append_pairs(text, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool numbers_conflict(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const std::uint32_t context_a = a[i] >> number_bits;
    const std::uint32_t context_b = b[j] >> number_bits;
    if (context_a < context_b) {
      ++i;
    } else if (context_b < context_a) {
      ++j;
    } else {
      // The same words around: one number in common is enough (the same sentence may recur
      // with other figures elsewhere in the text).
      const auto group_end = [](std::span<const std::uint32_t> pairs, std::size_t from) {
        const std::uint32_t context = pairs[from] >> number_bits;
        while (from < pairs.size() && (pairs[from] >> number_bits) == context) ++from;
        return from;
      };
      const std::size_t end_a = group_end(a, i);
      const std::size_t end_b = group_end(b, j);
      bool shared = false;
      for (std::size_t x = i; x < end_a && !shared; ++x)
        shared = std::binary_search(b.begin() + j, b.begin() + end_b, a[x]);
      if (!shared) return true;
      i = end_a;
      j = end_b;
    }
  }
  return false;
}

}  // namespace vigil::dedup
