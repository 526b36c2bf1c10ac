// Fixtures in other charsets were written with Python's codecs, e.g.
//   python3 -c 'open("cp1251-ukrainian.xml","wb").write(text.encode("cp1251"))'
// so their bytes are the charset's own, not UTF-8.
#include <catch2/catch.hpp>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;

namespace {

FetchResult with_content_type(FetchResult r, std::string content_type) {
  r.content_type = std::move(content_type);
  return r;
}

}  // namespace

TEST_CASE("a windows-1251 Ukrainian feed is converted from its prolog charset", "[feeds][encoding]") {
  const auto feed = parse_ok(fixture("cp1251-ukrainian.xml"));
  CHECK(feed.title == "Новини Полтави");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "Їжак перейшов дорогу: ґанок відремонтовано");
  CHECK(feed.items[0].summary == "Місцеві жителі «задоволені».");
  CHECK(feed.warnings.empty());
}

TEST_CASE("KOI8-R, Shift_JIS, EUC-KR and GB2312 feeds are converted", "[feeds][encoding]") {
  CHECK(parse_ok(fixture("koi8r-russian.xml")).items.at(0).title == "Урожай собран, ёлки посажены");
  const auto japanese = parse_ok(fixture("shiftjis-japanese.xml"));
  CHECK(japanese.title == "港町ニュース");
  CHECK(japanese.items.at(0).title == "新しい図書館が開館しました");
  CHECK(parse_ok(fixture("euckr-korean.xml")).items.at(0).title == "새 도서관 개관");
  CHECK(parse_ok(fixture("gb2312-chinese.xml")).items.at(0).title == "新图书馆开放");
}

TEST_CASE("an ISO-8859-1 feed is converted", "[feeds][encoding]") {
  const auto feed = parse_ok(fixture("iso88591-norwegian.xml"));
  CHECK(feed.title == "Blåbær og ørret");
  CHECK(feed.items.at(0).title == "Søndag på fjellet");
  CHECK(feed.items.at(0).summary == "Været var ¡fantástico! ±3°");
}

TEST_CASE("UTF-16 is recognized by its BOM or by its zero bytes", "[feeds][encoding]") {
  for (const char* name : {"utf16le-bom.xml", "utf16be-nobom.xml"}) {
    INFO(name);
    const auto feed = parse_ok(fixture(name));
    CHECK(feed.title == "Ελληνικά νέα");
    CHECK(feed.items.at(0).title == "Καλημέρα κόσμε 🌊");
  }
}

TEST_CASE("the HTTP charset wins over the XML prolog", "[feeds][encoding]") {
  // The prolog says windows-1251; a header that names the real charset is believed.
  std::string body = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><item><guid>g</guid>"
                     "<title>\xC0\xE9</title></item></channel></rss>";  // "Àé" in ISO-8859-1
  const auto feed = parse_ok(with_content_type(fetched(body), "application/rss+xml; charset=\"ISO-8859-1\""));
  CHECK(feed.items.at(0).title == "Àé");
  const auto by_prolog = parse_ok(fetched(body));
  CHECK(by_prolog.items.at(0).title == "Ай");
}

TEST_CASE("a declared charset the bytes do not fit gives way to the next one", "[feeds][encoding]") {
  // The header claims UTF-8 over windows-1251 bytes: the prolog's charset is used instead.
  const auto feed = parse_ok(with_content_type(fixture("cp1251-ukrainian.xml"), "text/xml; charset=utf-8"));
  CHECK(feed.title == "Новини Полтави");
  CHECK(feed.warnings.empty());
}

TEST_CASE("bytes invalid in every declared charset become replacement characters", "[feeds][encoding]") {
  // A prolog that says UTF-8 over windows-1251 bytes, and nothing better declared.
  const auto feed = parse_ok(fixture("cp1251-declared-utf8.xml"));
  CHECK(feed.title == "\uFFFD\uFFFD\uFFFD");  // one per maximal invalid subpart
  CHECK(feed.items.at(0).id == "urn:lie:1");
  // A header naming the real charset rescues it.
  const auto rescued = parse_ok(with_content_type(fixture("cp1251-declared-utf8.xml"), "text/xml; charset=windows-1251"));
  CHECK(rescued.title == "Київ");
  CHECK(rescued.items.at(0).title == "Привіт");
}

TEST_CASE("an unknown charset warns and reads as UTF-8", "[feeds][encoding]") {
  const auto feed = parse_ok(fetched("<?xml version=\"1.0\" encoding=\"x-made-up-9\"?><rss><channel><title>Plain "
                                     "é</title></channel></rss>"));
  CHECK(feed.title == "Plain é");
  CHECK(feed.warnings == std::vector<std::string>{"feeds: unknown charset 'x-made-up-9'; read as UTF-8"});
}

TEST_CASE("a UTF-8 BOM and a charset-less UTF-8 body need no conversion", "[feeds][encoding]") {
  CHECK(parse_ok(fetched("\xEF\xBB\xBF<rss><channel><title>Ça va</title></channel></rss>")).title == "Ça va");
  CHECK(parse_ok(with_content_type(fetched("<rss><channel><title>Ça va</title></channel></rss>"), "text/xml"))
            .title == "Ça va");
}

TEST_CASE("a body cut inside a multibyte character still converts", "[feeds][encoding]") {
  std::string body = vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/shiftjis-japanese.xml");
  body += "\x82";  // the lead byte of a two-byte Shift_JIS character, and nothing after it
  const auto feed = parse_ok(fetched(body));
  CHECK(feed.items.at(0).title == "新しい図書館が開館しました");
}
