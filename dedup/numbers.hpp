#pragma once
// Numbers in their context, so an updated figure tells two versions of a story apart:
// "at least 3 people were killed" and "at least 5 people were killed" say different things in
// otherwise identical text, while a rewrite that adds a paragraph with other numbers does not
// contradict the original.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vigil::dedup {

// At most this many (context, number) pairs are kept per item: the title's first, then the
// text's in reading order (updated figures are in the headline and the lede).
inline constexpr std::size_t max_number_contexts = 12;

// The numbers of a title and a text with the words around them, as sorted pairs: the upper
// 20 bits hash the word before and the word after, the lower 12 bits hash the number's value.
// A number is a word starting with a digit or an English number word ("three", "dozen"); a run
// of them is one number, valued the same however a house style writes it: "46" and
// "forty-six", "$48 million" and "$48m", "120,000" and "120 000", "1.2bn" and "1.2 billion".
std::vector<std::uint32_t> number_contexts(const std::vector<std::string>& title, const std::vector<std::string>& text);

// Whether two items state different numbers in the same context: a context both have, where
// no number of one is a number of the other.
bool numbers_conflict(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

}  // namespace vigil::dedup
