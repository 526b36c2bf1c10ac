#include <catch2/catch.hpp>
#include <sstream>

#include "dedup/numbers.hpp"

using namespace vigil::dedup;

namespace {
std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}
std::vector<std::uint32_t> numbers(const std::string& title, const std::string& text = {}) {
  return number_contexts(words(title), words(text));
}
}  // namespace

TEST_CASE("the same figure in the same words does not conflict", "[dedup][numbers]") {
  CHECK_FALSE(numbers_conflict(numbers("at least 3 people were killed"), numbers("at least 3 people were killed")));
}

TEST_CASE("another figure in the same words conflicts", "[dedup][numbers]") {
  CHECK(numbers_conflict(numbers("at least 3 people were killed"), numbers("at least 5 people were killed")));
  CHECK(numbers_conflict(numbers("at least three people"), numbers("at least five people")));
  CHECK(numbers_conflict(numbers("cleared 1 200 mines"), numbers("cleared 1 300 mines")));
  CHECK(numbers_conflict(numbers("", "report for week 19"), numbers("", "report for week 20")));
}

TEST_CASE("figures in other words do not conflict", "[dedup][numbers]") {
  CHECK_FALSE(numbers_conflict(numbers("", "killed 3 people on tuesday"),
                               numbers("", "three people died on tuesday in 2024 says report")));
  CHECK_FALSE(numbers_conflict(numbers("no figures here"), numbers("", "an added paragraph with 12 schools")));
}

TEST_CASE("a sentence that recurs with another figure is no conflict when one figure matches", "[dedup][numbers]") {
  CHECK_FALSE(numbers_conflict(numbers("", "killed 3 people . killed 5 people"), numbers("", "killed 3 people")));
}

TEST_CASE("at most a dozen numbers are kept, title first", "[dedup][numbers]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "item " + std::to_string(i) + " word" + std::to_string(i) + " ";
  CHECK(numbers("", text).size() == max_number_contexts);
  CHECK(numbers_conflict(numbers("5 killed", text), numbers("6 killed", text)));
}

TEST_CASE("a figure written in another house style is the same figure", "[dedup][numbers]") {
  const auto same = [](const std::string& a, const std::string& b) {
    INFO(a << " / " << b);
    CHECK_FALSE(
        numbers_conflict(numbers("", "appealed for " + a + " to help"), numbers("", "appealed for " + b + " to help")));
  };
  same("48 million", "48m");
  same("120 000", "120000");
  same("forty six", "46");
  same("1 2bn", "1 2 billion");
  same("40k", "40 000");
  same("three hundred", "300");
  same("a dozen", "a 12");
  same("21st", "21");
  CHECK(numbers_conflict(numbers("", "appealed for 48m to help"), numbers("", "appealed for 48k to help")));
  CHECK(numbers_conflict(numbers("", "a 10km drive"), numbers("", "a 10mi drive")));
}
