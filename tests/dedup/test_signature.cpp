#include <catch2/catch.hpp>
#include <string>

#include "dedup/canonical_url.hpp"
#include "dedup/compact.hpp"
#include "dedup/deduper.hpp"
#include "dedup/minhash.hpp"
#include "dedup/story_words.hpp"
#include "tests/dedup/stories.hpp"

using namespace vigil::dedup;
using namespace vigil::dedup::test;

TEST_CASE("a signature holds the canonical URL, the fingerprint and the text's shape", "[dedup][signature]") {
  const auto item = wire_story();
  const auto signature = signature_of(item);
  CHECK(signature.canonical_url == canonical_url(item.link));
  CHECK(signature.fingerprint == content_fingerprint(item));
  CHECK(signature.minhash.size() == minhash_size);
  CHECK(signature.words > 150);
  CHECK(signature.title_words.size() == 6);  // landmine kills three in velmora region
  CHECK(std::is_sorted(signature.title_words.begin(), signature.title_words.end()));
  CHECK_FALSE(signature.numbers.empty());
}

TEST_CASE("a title-only item has no MinHash", "[dedup][signature]") {
  const auto signature = signature_of(make_item("a", "Landmine kills three", ""));
  CHECK(signature.minhash.empty());
  CHECK(signature.words == 0);
  CHECK(signature.title_words.size() == 3);
}

TEST_CASE("case, accents and markup do not change the words compared", "[dedup][signature]") {
  const auto plain =
      signature_of(make_item("a", "Demining in Velmora", "Teams cleared the cafe garden near the old school"));
  const auto styled = signature_of(make_item("b", "DEMINING in <b>Velmora</b>",
                                             "<p>Teams <em>cleared</em> the café garden near the old school</p>"));
  CHECK(styled.minhash == plain.minhash);
  CHECK(styled.title_words == plain.title_words);
}

TEST_CASE("a site name after a bar is not part of the title", "[dedup][signature]") {
  CHECK(signature_of(make_item("a", "Landmine kills three | Wire News", "")).title_words ==
        signature_of(make_item("b", "Landmine kills three", "")).title_words);
}

TEST_CASE("a summary that is the content's lede is read once", "[dedup][signature]") {
  auto with_teaser = wire_story();
  with_teaser.summary = mine_lede.substr(0, 80) + " [...]";
  CHECK(story_words(with_teaser).text == story_words(wire_story()).text);
  auto with_abstract = wire_story();
  with_abstract.summary = "An abstract in other words entirely.";
  CHECK(story_words(with_abstract).text.size() == story_words(wire_story()).text.size() + 6);
}

TEST_CASE("a press release's closing section is not part of its text", "[dedup][signature]") {
  const auto words = story_words(fieldguard_statement("fg-1", "t", statement_one, "About Fieldguard")).text;
  CHECK(words.size() < 30);
  CHECK(words.back() == "immediately");
  // Without a marker the closing paragraph stays: that is text of the story.
  const auto unmarked = story_words(make_item("fg-2", "t", "", paragraphs({statement_one, fieldguard_about}))).text;
  CHECK(unmarked.size() > 100);
  for (const std::string marker : {"ENDS", "- ends -", "Contact", "Contact us", "Notes to editors:", "###"}) {
    INFO(marker);
    CHECK(story_words(make_item("fg", "t", "", paragraphs({statement_one, marker, fieldguard_about}))).text.back() ==
          "immediately");
  }
  // A paragraph that only starts with such a word is text of the story.
  const auto tracing =
      story_words(make_item("fg-4", "t", "",
                            paragraphs({statement_one, "Contact tracing resumed in the camps.", "More text."})))
          .text;
  CHECK(tracing.back() == "text");
  // "About" starting a sentence of the story is no heading.
  const auto sentence =
      story_words(make_item("fg-3", "t", "", paragraphs({statement_one, "About 300 families have left the area."})))
          .text;
  CHECK(sentence.back() == "area");
}

TEST_CASE("a WordPress feed's closing line is not part of the text", "[dedup][signature]") {
  const auto words = story_words(make_item(
      "wp", "t", "",
      paragraphs({statement_one, "The post Fieldguard condemns new mines appeared first on Border Courier."})));
  CHECK(words.text.back() == "immediately");
}

TEST_CASE("the lede holds the text's opening in blocks of eight words", "[dedup][signature]") {
  const auto full = signature_of(wire_story());
  CHECK(full.lede.size() == max_lede_blocks);
  // A summary-only feed carrying the first paragraph (24 words: three blocks), under another title.
  const auto brief = signature_of(make_item("b", "Other title", mine_lede));
  CHECK(brief.lede.size() == 3);
  CHECK(std::equal(brief.lede.begin(), brief.lede.end(), full.lede.begin()));
  CHECK(signature_of(make_item("c", "Other title", "Too short to have a lede.")).lede.empty());
  CHECK(signature_of(rewritten_lede()).lede[0] != full.lede[0]);
}

TEST_CASE("encode and decode give the signature back", "[dedup][signature][codec]") {
  for (const auto& item : {wire_story(), rewritten_lede(), make_item("t", "Title only", ""), make_item("e", "", "")}) {
    const auto signature = signature_of(item);
    const auto bytes = signature.encode();
    const auto back = Signature::decode(bytes);
    REQUIRE(back);
    CHECK(back->canonical_url == signature.canonical_url);
    CHECK(back->fingerprint == signature.fingerprint);
    CHECK(back->minhash == signature.minhash);
    CHECK(back->title_words == signature.title_words);
    CHECK(back->words == signature.words);
    CHECK(back->numbers == signature.numbers);
    CHECK(back->lede == signature.lede);
    CHECK(back->title_names == signature.title_names);
    CHECK(back->encode() == bytes);
  }
}

TEST_CASE("an encoded signature is compact", "[dedup][signature][codec]") {
  const auto signature = signature_of(wire_story());
  const auto bytes = signature.encode();
  CHECK(bytes.size() < 16 + signature.canonical_url.size() + 16 + 4 * minhash_size + 8 * signature.title_words.size() +
                           4 * signature.numbers.size() + 4 * signature.lede.size() +
                           8 * signature.title_names.size());
}

TEST_CASE("a fingerprint of another shape survives the round trip", "[dedup][signature][codec]") {
  Signature signature;
  signature.fingerprint = "not-hex";
  const auto back = Signature::decode(signature.encode());
  REQUIRE(back);
  CHECK(back->fingerprint == "not-hex");
}

TEST_CASE("decode rejects corrupt input", "[dedup][signature][codec]") {
  const auto bytes = signature_of(wire_story()).encode();
  SECTION("every single flipped bit") {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        auto corrupt = bytes;
        corrupt[i] = static_cast<char>(corrupt[i] ^ (1 << bit));
        INFO("byte " << i << " bit " << bit);
        CHECK_FALSE(Signature::decode(corrupt));
      }
    }
  }
  SECTION("every truncation and an extra byte") {
    for (std::size_t size = 0; size < bytes.size(); ++size) CHECK_FALSE(Signature::decode(bytes.substr(0, size)));
    CHECK_FALSE(Signature::decode(bytes + '\0'));
  }
  SECTION("garbage") {
    CHECK_FALSE(Signature::decode(""));
    CHECK_FALSE(Signature::decode(std::string(200, '\xff')));
    CHECK_FALSE(Signature::decode("vigil"));
  }
}

TEST_CASE("decode rejects well-sealed signatures that break their own rules", "[dedup][signature][codec]") {
  auto signature = signature_of(wire_story());
  signature.title_names = {signature.title_words.back() + 1};  // a name that is no title word
  CHECK_FALSE(Signature::decode(signature.encode()));
  signature = signature_of(wire_story());
  std::swap(signature.title_words.front(), signature.title_words.back());  // no longer sorted
  CHECK_FALSE(Signature::decode(signature.encode()));
  signature = signature_of(wire_story());
  signature.minhash.pop_back();  // not 64 values
  CHECK_FALSE(Signature::decode(signature.encode()));
}

TEST_CASE("names are the capitalized words inside a sentence-case title", "[dedup][signature][names]") {
  const auto names = [](const std::string& title) { return story_words(make_item("n", title, "")).title_names; };
  using Names = std::vector<std::string>;
  CHECK(names("Drone attack on Kharkiv kills two, UN says") == Names{"kharkiv", "un"});
  CHECK(names("Landmine kills three in Velmora region") == Names{"velmora"});
  // The first word, and words that open a clause, are capitalized anyway.
  CHECK(names("Ukraine: Drone attack on Kharkiv") == Names{"kharkiv"});
  CHECK(names("\u201cWe will rebuild\u201d, says mayor of Dorovka") == Names{"dorovka"});
  // Title Case and capitals say nothing.
  CHECK(names("Drone Attack On Kharkiv Kills Two") == Names{});
  CHECK(names("DRONE ATTACK ON KHARKIV") == Names{});
  CHECK(names("Élan vital in Écija") == Names{"ecija"});
}

TEST_CASE("reasons have names", "[dedup][signature]") {
  CHECK(std::string(to_string(DuplicateReason::none)) == "none");
  CHECK(std::string(to_string(DuplicateReason::same_url)) == "same_url");
  CHECK(std::string(to_string(DuplicateReason::same_text)) == "same_text");
  CHECK(std::string(to_string(DuplicateReason::near_text)) == "near_text");
  CHECK(std::string(to_string(DuplicateReason::same_lede)) == "same_lede");
  CHECK(std::string(to_string(DuplicateReason::similar_title)) == "similar_title");
}
