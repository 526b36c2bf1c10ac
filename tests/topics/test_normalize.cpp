#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "topics/normalize.hpp"

using vigil::topics::fold;
using vigil::topics::tokenize;

namespace {
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text)) out.push_back(token.word);
  return out;
}
using Words = std::vector<std::string>;
}  // namespace

TEST_CASE("words are folded to lower case without diacritics", "[topics][normalize]") {
  CHECK(words("Café CAFE café") == Words{"cafe", "cafe", "cafe"});
  CHECK(words("ÜBER Ñandú") == Words{"uber", "nandu"});
  CHECK(fold("Ελλάδα") == "ελλαδα");
  CHECK(fold("УКРАЇНА") == fold("україна"));
}

TEST_CASE("compatibility forms fold to their plain letters", "[topics][normalize]") {
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("ﬁnance") == "finance");     // ligature
  CHECK(fold("ＵＫＲＡＩＮＥ") == "ukraine");  // full-width
  CHECK(fold("ΟΔΟΣ") == fold("οδος"));     // final sigma
}

TEST_CASE("a word is a run of letters and digits in any script", "[topics][normalize]") {
  CHECK(words("Україна, мины; Ελλάδα! G7 2024") ==
        Words{"украіна", "мины", "ελλαδα", "g7", "2024"});
}

TEST_CASE("hyphens split words", "[topics][normalize]") {
  CHECK(words("anti-personnel mine") == Words{"anti", "personnel", "mine"});
  CHECK(words("anti\u2010personnel") == Words{"anti", "personnel"});  // U+2010 hyphen
}

TEST_CASE("apostrophes of every kind split words", "[topics][normalize]") {
  CHECK(words("l’ONU") == Words{"l", "onu"});
  CHECK(words("l'ONU") == Words{"l", "onu"});
  CHECK(words("don't") == Words{"don", "t"});
  CHECK(words("Слов\u02BCянськ") == words("Слов'янськ"));
}

TEST_CASE("a soft hyphen inside a word does not split it", "[topics][normalize]") {
  CHECK(words("land\u00ADmine") == Words{"landmine"});
}

TEST_CASE("scripts without spaces give one token per character", "[topics][normalize]") {
  CHECK(words("反步兵地雷") == Words{"反", "步", "兵", "地", "雷"});
  CHECK(words("ja 地雷です") == Words{"ja", "地", "雷", "で", "す"});
  // Thai vowel and tone marks stay on the consonant they belong to.
  const auto thai = words("ทุ่นระเบิด");
  REQUIRE(!thai.empty());
  CHECK(thai.front() == "ทุ่");
}

TEST_CASE("tokens carry their position and byte offsets", "[topics][normalize]") {
  const std::string text = "  Café, land-mine";
  const auto tokens = tokenize(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].position == 0);
  CHECK(tokens[2].position == 2);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "Café");
  CHECK(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "mine");
}

TEST_CASE("malformed UTF-8 separates words and never crashes", "[topics][normalize]") {
  CHECK(words("land\xFFmine") == Words{"land", "mine"});
  CHECK(words("\xC3") == Words{});
  CHECK(words("abc\xE2\x82") == Words{"abc"});
  CHECK(words(std::string("a\0b", 3)) == Words{"a", "b"});
}
