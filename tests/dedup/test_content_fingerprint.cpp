#include <catch2/catch.hpp>
#include <string>

#include "dedup/canonical_url.hpp"

using vigil::Item;
using vigil::dedup::content_fingerprint;

namespace {
Item item(std::string title, std::string summary, std::string content = {}) {
  Item result;
  result.title = std::move(title);
  result.summary = std::move(summary);
  result.content = std::move(content);
  return result;
}
}  // namespace

TEST_CASE("a fingerprint is 32 lower-case hex digits", "[dedup][fingerprint]") {
  const auto fingerprint = content_fingerprint(item("Title", "Text"));
  CHECK(fingerprint.size() == 32);
  CHECK(fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(content_fingerprint(item("Title", "Text")) == fingerprint);  // stable
}

TEST_CASE("case, tags, references and whitespace do not change a fingerprint", "[dedup][fingerprint]") {
  const auto plain = content_fingerprint(item("Mines cleared", "Teams cleared 1,200 mines & more."));
  CHECK(content_fingerprint(item("  MINES   cleared\n", "<p>Teams <b>cleared</b> 1,200 mines &amp; more.</p>")) ==
        plain);
  CHECK(content_fingerprint(item("Mines&nbsp;cleared", "Teams cleared\t1,200 mines &amp;  more.")) == plain);
}

TEST_CASE("other text, other fingerprint", "[dedup][fingerprint]") {
  const auto base = content_fingerprint(item("Mines cleared", "Teams cleared 1,200 mines."));
  CHECK(content_fingerprint(item("Mines cleared", "Teams cleared 1,300 mines.")) != base);
  CHECK(content_fingerprint(item("Mines cleared!", "Teams cleared 1,200 mines.")) != base);
  CHECK(content_fingerprint(item("Mines cleared", "Teams cleared 1,200 mines.", "More text.")) != base);
}

TEST_CASE("text moved between fields changes the fingerprint", "[dedup][fingerprint]") {
  CHECK(content_fingerprint(item("a b", "")) != content_fingerprint(item("a", "b")));
  CHECK(content_fingerprint(item("", "x")) != content_fingerprint(item("", "", "x")));
}

TEST_CASE("only the text counts, not the id, link or source", "[dedup][fingerprint]") {
  auto first = item("Same", "Text");
  auto second = first;
  second.id = "other";
  second.link = "https://elsewhere.example/";
  second.source = "other-source";
  CHECK(content_fingerprint(first) == content_fingerprint(second));
}

TEST_CASE("non-ASCII text is hashed as is", "[dedup][fingerprint]") {
  CHECK(content_fingerprint(item("Україна", "")) != content_fingerprint(item("Украина", "")));
  CHECK(content_fingerprint(item("Україна", "")) == content_fingerprint(item(" Україна ", "")));
}
