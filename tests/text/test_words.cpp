#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "text/words.hpp"

using vigil::text::fold;
using vigil::text::tokenize;

using vigil::text::Token;

namespace {
// The plain words of a text (span 1), leaving out the compounds of joined words.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text))
    if (token.span == 1) out.push_back(token.word);
  return out;
}

// Every token, compounds included, as "word@position/span".
std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text))
    out.push_back(token.word + "@" + std::to_string(token.position) + "/" + std::to_string(token.span));
  return out;
}

std::string_view original(std::string_view text, const Token& token) {
  return text.substr(token.begin, token.end - token.begin);
}

using Words = std::vector<std::string>;
}  // namespace

TEST_CASE("words are folded to lower case without diacritics", "[text][words]") {
  CHECK(words("Café CAFE café") == Words{"cafe", "cafe", "cafe"});
  CHECK(words("ÜBER Ñandú") == Words{"uber", "nandu"});
  CHECK(fold("Ελλάδα") == "ελλαδα");
  CHECK(fold("УКРАЇНА") == fold("україна"));
}

TEST_CASE("compatibility forms fold to their plain letters", "[text][words]") {
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("ﬁnance") == "finance");     // ligature
  CHECK(fold("ＵＫＲＡＩＮＥ") == "ukraine");  // full-width
  CHECK(fold("ΟΔΟΣ") == fold("οδος"));     // final sigma
}

TEST_CASE("a word is a run of letters and digits in any script", "[text][words]") {
  CHECK(words("Україна, мины; Ελλάδα! G7 2024") ==
        Words{"украіна", "мины", "ελλαδα", "g7", "2024"});
}

TEST_CASE("hyphens split words", "[text][words]") {
  CHECK(words("anti-personnel mine") == Words{"anti", "personnel", "mine"});
  CHECK(words("anti\u2010personnel") == Words{"anti", "personnel"});  // U+2010 hyphen
}

TEST_CASE("apostrophes of every kind split words", "[text][words]") {
  CHECK(words("l’ONU") == Words{"l", "onu"});
  CHECK(words("l'ONU") == Words{"l", "onu"});
  CHECK(words("don't") == Words{"don", "t"});
  CHECK(words("Слов\u02BCянськ") == words("Слов'янськ"));
}

TEST_CASE("a soft hyphen inside a word does not split it", "[text][words]") {
  CHECK(words("land\u00ADmine") == Words{"landmine"});
}

TEST_CASE("scripts without spaces give one token per character", "[text][words]") {
  CHECK(words("反步兵地雷") == Words{"反", "步", "兵", "地", "雷"});
  CHECK(words("ja 地雷です") == Words{"ja", "地", "雷", "で", "す"});
  // Thai vowel and tone marks stay on the consonant they belong to.
  const auto thai = words("ทุ่นระเบิด");
  REQUIRE(!thai.empty());
  CHECK(thai.front() == "ทุ่");
}

TEST_CASE("tokens carry their position and byte offsets", "[text][words]") {
  const std::string text = "  Café, land-mine";
  const auto tokens = tokenize(text);
  REQUIRE(tokens.size() == 4);  // café, land, landmine, mine
  CHECK(tokens[0].position == 0);
  CHECK(tokens[1].position == 1);
  CHECK(tokens[3].position == 2);
  CHECK(original(text, tokens[0]) == "Café");
  CHECK(original(text, tokens[3]) == "mine");
}

TEST_CASE("malformed UTF-8 separates words and never crashes", "[text][words]") {
  CHECK(words("land\xFFmine") == Words{"land", "mine"});
  CHECK(words("\xC3") == Words{});
  CHECK(words("abc\xE2\x82") == Words{"abc"});
  CHECK(words(std::string("a\0b", 3)) == Words{"a", "b"});
}

TEST_CASE("a hyphenated word also yields the words joined", "[text][words][compound]") {
  const std::string text = "an anti-personnel mine";
  CHECK(tokens_of(text) == Words{"an@0/1", "anti@1/1", "antipersonnel@1/2", "personnel@2/1", "mine@3/1"});
  const auto tokens = tokenize(text);
  CHECK(original(text, tokens[2]) == "anti-personnel");
}

TEST_CASE("Unicode hyphens join like the ASCII one", "[text][words][compound]") {
  CHECK(tokens_of("anti\u2010personnel") == Words{"anti@0/1", "antipersonnel@0/2", "personnel@1/1"});
  CHECK(tokens_of("anti\u2011personnel") == Words{"anti@0/1", "antipersonnel@0/2", "personnel@1/1"});
}

TEST_CASE("apostrophes of every kind join words like hyphens", "[text][words][compound]") {
  for (const char* text : {"l'ONU", "l’ONU", "l\u02BCONU"}) {
    INFO(text);
    CHECK(tokens_of(text) == Words{"l@0/1", "lonu@0/2", "onu@1/1"});
  }
  CHECK(tokens_of("п’ять") == Words{"п@0/1", "пять@0/2", "ять@1/1"});
  CHECK(tokens_of("O'Brien") == Words{"o@0/1", "obrien@0/2", "brien@1/1"});
}

TEST_CASE("only the whole chain of joined words is joined", "[text][words][compound]") {
  CHECK(tokens_of("a-b-c") == Words{"a@0/1", "abc@0/3", "b@1/1", "c@2/1"});
  const std::string text = "the state-of-the-art rock'n'roll";
  CHECK(tokens_of(text) == Words{"the@0/1", "state@1/1", "stateoftheart@1/4", "of@2/1", "the@3/1",
                                 "art@4/1", "rock@5/1", "rocknroll@5/3", "n@6/1", "roll@7/1"});
  const auto tokens = tokenize(text);
  CHECK(original(text, tokens[2]) == "state-of-the-art");
  CHECK(original(text, tokens[7]) == "rock'n'roll");
}

TEST_CASE("hyphens and apostrophes chain together", "[text][words][compound]") {
  CHECK(tokens_of("l'anti-personnel") ==
        Words{"l@0/1", "lantipersonnel@0/3", "anti@1/1", "personnel@2/1"});
}

TEST_CASE("plain words keep counting positions past compounds", "[text][words][compound]") {
  std::vector<std::size_t> positions;
  for (const auto& token : tokenize("one anti-personnel mine, two anti-tank mines"))
    if (token.span == 1) positions.push_back(token.position);
  CHECK(positions == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("spaced hyphens, dashes and doubled hyphens do not join", "[text][words][compound]") {
  for (const char* text : {"anti - personnel", "anti -personnel", "anti- personnel",
                           "anti\u2013personnel", "anti\u2014personnel", "anti--personnel",
                           "anti''personnel", "anti-'personnel", "anti-\u0301personnel"}) {
    INFO(text);
    CHECK(tokens_of(text) == Words{"anti@0/1", "personnel@1/1"});
  }
  CHECK(tokens_of("-anti-") == Words{"anti@0/1"});
  CHECK(tokens_of("'tis") == Words{"tis@0/1"});
}

TEST_CASE("characters of unspaced scripts never join", "[text][words][compound]") {
  CHECK(tokens_of("地-雷") == Words{"地@0/1", "雷@1/1"});
  CHECK(tokens_of("a-地") == Words{"a@0/1", "地@1/1"});
  CHECK(tokens_of("地-a") == Words{"地@0/1", "a@1/1"});
  CHECK(tokens_of("a-b-地-c") == Words{"a@0/1", "ab@0/2", "b@1/1", "地@2/1", "c@3/1"});
}

TEST_CASE("words joined by a hyphen fold like the words apart", "[text][words][compound]") {
  CHECK(tokens_of("Ex-Président") == Words{"ex@0/1", "expresident@0/2", "president@1/1"});
  CHECK(tokens_of("Слов’янськ") == Words{"слов@0/1", "словянськ@0/2", "янськ@1/1"});
}

TEST_CASE("two-byte letters fold as utf8proc folds whole words", "[text][words]") {
  // Latin, Greek, Cyrillic, Armenian, Hebrew and Arabic go through per-character tables.
  CHECK(words("ŒUVRE Ǆemal ĲSSEL") == Words{"œuvre", "dzemal", "ijssel"});
  CHECK(words("ΆΈΉ ΐΰ ς") == Words{"αεη", "ιυ", "σ"});
  CHECK(words("ЁЛКА Йод Ї") == Words{"елка", "иод", "і"});
  CHECK(words("Ա\u0587") == Words{"աեւ"});                    // Armenian ligature ech-yiwn
  CHECK(words("שָׁלוֹם مُحَمَّد") == Words{"שלום", "محمد"});      // niqqud and harakat dropped
  CHECK(words("e\u0301te\u0301 ¼") == Words{"ete", "1\u20444"});  // ¼ is a number: 1⁄4
}

TEST_CASE("words with wider characters fold through utf8proc", "[text][words]") {
  CHECK(words("ｌａｎｄ\u200Dmine ǅ\u1E9E") == Words{"landmine", "dzss"});
  std::string long_word;
  for (int i = 0; i < 400; ++i) long_word += "\uFB01";      // ﬁ ligatures: longer when folded
  std::string expected;
  for (int i = 0; i < 400; ++i) expected += "fi";
  CHECK(words(long_word) == Words{expected});
  CHECK(fold(long_word) == expected);
}

TEST_CASE("fold lower-cases ASCII and keeps what is not a letter", "[text][words]") {
  CHECK(fold("Anti-Personnel Mines") == "anti-personnel mines");
  CHECK(fold("") == "");
}

TEST_CASE("unspaced characters fold with their marks kept", "[text][words]") {
  CHECK(words("ｶﾞ") == Words{"ガ"});  // half-width kana with its voiced mark
  CHECK(words("が") == Words{"が"});
}

TEST_CASE("ASCII words are read whole at any length and next to any character", "[text][words]") {
  // Words are read several bytes at a time: every length against every ASCII neighbour.
  for (std::size_t length = 1; length <= 20; ++length) {
    for (int c = 0; c < 0x80; ++c) {
      const char next = static_cast<char>(c);
      const bool alphanumeric = std::isalnum(c) != 0;
      if (alphanumeric || next == '-' || next == '\'') continue;  // joins or connects: tested above
      std::string word(length, 'Q');
      word[length / 2] = '7';
      const std::string text = word + next + "Yz";
      const auto tokens = tokenize(text);
      std::string lower = word;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      INFO("length " << length << ", next character " << c);
      REQUIRE(tokens.size() == 2);
      CHECK(tokens[0].word == lower);
      CHECK(tokens[0].end == length);
      CHECK(tokens[1].word == "yz");
      CHECK(tokens[1].begin == length + 1);
    }
  }
}

TEST_CASE("a reused TokenList holds the tokens tokenize returns", "[text][words]") {
  const std::string_view texts[] = {
      "The Mine Ban Treaty, anti-personnel mines and l’ONU: Україна, Ελλάδα, 地雷です.",
      "",
      "word",
      "ÜBER-Straße don't ﬁnance ＵＫＲＡＩＮＥ land\u00ADmine 12-34-56 x\xFFy",
      "A much longer text, so that the buffers grow: " "Reports from Kyiv and Kharkiv said deminers cleared "
      "fields near the road while officials counted anti-personnel mines laid since spring.",
      "short again"};
  vigil::text::TokenList list;
  for (const auto text : texts) {
    vigil::text::tokenize(text, list);
    const auto tokens = tokenize(text);
    INFO(text);
    REQUIRE(list.size() == tokens.size());
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      CHECK(list.word(t) == tokens[t].word);
      CHECK(list.tokens[t].position == tokens[t].position);
      CHECK(list.tokens[t].span == tokens[t].span);
      CHECK(list.tokens[t].begin == tokens[t].begin);
      CHECK(list.tokens[t].end == tokens[t].end);
    }
  }
}
