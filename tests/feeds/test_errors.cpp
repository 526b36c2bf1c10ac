#include <catch2/catch.hpp>

#include <random>

#include "feed_fixtures.hpp"

using namespace vigil;
using namespace vigil::feeds_test;
using Kind = vigil::feeds::ParseError::Kind;

TEST_CASE("XML that does not parse is a malformed error with its offset", "[feeds][errors]") {
  const auto parsed = feeds::parse_feed(fetched("<rss version=\"2.0\"><channel><title>x</channel></rss>"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::malformed);
  CHECK(parsed.error().offset > 0);
  CHECK(parsed.error().message ==
        "feeds: malformed XML at offset " + std::to_string(parsed.error().offset) + ": Start-end tags mismatch");
}

TEST_CASE("a truncated feed is malformed", "[feeds][errors]") {
  const auto parsed = feeds::parse_feed(fixture("truncated.xml"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::malformed);
  CHECK(parsed.error().message.starts_with("feeds: malformed XML at offset "));
}

TEST_CASE("an empty or blank body is malformed, not a crash", "[feeds][errors]") {
  for (const char* body : {"", "   \n\t ", "\xEF\xBB\xBF"}) {
    const auto parsed = feeds::parse_feed(fetched(body));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == Kind::malformed);
    CHECK(parsed.error().message == "feeds: empty document");
  }
}

TEST_CASE("well-formed XML that is not a feed names its root element", "[feeds][errors]") {
  const auto parsed = feeds::parse_feed(fixture("page.xhtml"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::not_a_feed);
  CHECK(parsed.error().message == "feeds: not RSS, RDF or Atom (root element <html>)");
}

TEST_CASE("an HTML page that is not XML is not a feed rather than malformed", "[feeds][errors]") {
  const auto parsed = feeds::parse_feed(fixture("page.html"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::not_a_feed);
  CHECK(parsed.error().message == "feeds: not RSS, RDF or Atom (an HTML page)");
}

TEST_CASE("JSON that is not a JSON Feed is reported as not a feed", "[feeds][errors]") {
  for (const char* body : {R"({"version": "2.0", "items": []})", R"([1, 2, 3])", R"({"items": []})"}) {
    const auto parsed = feeds::parse_feed(fetched(body));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == Kind::not_a_feed);
    CHECK(parsed.error().message == "feeds: not RSS, RDF or Atom (JSON that is not a JSON Feed)");
  }
}

TEST_CASE("broken JSON is malformed", "[feeds][errors][json]") {
  const auto parsed = feeds::parse_feed(fetched(R"({"version": "https://jsonfeed.org/version/1.1", "items": [)"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().kind == Kind::malformed);
  CHECK(parsed.error().message == "feeds: malformed JSON");
}

TEST_CASE("a lone Atom entry or a feed element outside the Atom namespace is not a feed", "[feeds][errors]") {
  const auto entry = feeds::parse_feed(fetched(R"(<entry xmlns="http://www.w3.org/2005/Atom"><id>x</id></entry>)"));
  REQUIRE_FALSE(entry);
  CHECK(entry.error().message == "feeds: not RSS, RDF or Atom (root element <entry>)");
  const auto foreign = feeds::parse_feed(fetched(R"(<feed xmlns="http://example.org/feed"/>)"));
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().kind == Kind::not_a_feed);
}

TEST_CASE("a huge root element name is shortened in the message", "[feeds][errors]") {
  const std::string name(100000, 'x');
  const auto parsed = feeds::parse_feed(fetched("<" + name + "/>"));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().message.size() < 200);
}

TEST_CASE("a feed without items is a feed with no items", "[feeds][errors]") {
  const auto feed = parse_ok(fetched(R"(<rss version="2.0"><channel><title>Quiet</title></channel></rss>)"));
  CHECK(feed.title == "Quiet");
  CHECK(feed.items.empty());
}

TEST_CASE("deeply nested elements do not exhaust the stack", "[feeds][errors][hostile]") {
  constexpr int depth = 200000;
  std::string nested;
  for (int i = 0; i < depth; ++i) nested += "<div>";
  nested += "deep";
  for (int i = 0; i < depth; ++i) nested += "</div>";
  const auto feed = parse_ok(fetched("<rss><channel><item><guid>urn:deep</guid><title>" + nested +
                                     "</title><description>" + nested + "</description></item></channel></rss>"));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "deep");
  CHECK(feed.items[0].summary.size() > 2 * 5 * depth);

  const auto atom = feeds::parse_feed(fetched("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>d</id>"
                                              "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
                                              nested + "</div></content></entry></feed>"));
  REQUIRE(atom);
  CHECK(atom->items.at(0).content.ends_with("</div>"));

  const auto not_feed = feeds::parse_feed(fetched(nested));
  REQUIRE_FALSE(not_feed);
  CHECK(not_feed.error().kind == Kind::not_a_feed);
}

TEST_CASE("huge attributes and many namespace declarations are handled", "[feeds][errors][hostile]") {
  std::string declarations;
  for (int i = 0; i < 5000; ++i) declarations += " xmlns:p" + std::to_string(i) + "=\"urn:p" + std::to_string(i) + "\"";
  const std::string huge(2'000'000, 'a');
  const auto feed = parse_ok(fetched("<rss" + declarations + "><channel><item x=\"" + huge + "\"><guid>urn:h</guid>"
                                     "<link xml:base=\"" + huge + "\">/" + huge + "</link></item></channel></rss>"));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].id == "urn:h");
}

TEST_CASE("random bytes and mangled feeds never crash the parser", "[feeds][errors][hostile]") {
  std::mt19937 rng(20241120);
  const std::string seed = vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/atom.xml");
  for (int round = 0; round < 300; ++round) {
    std::string body = seed;
    // Flip, delete or duplicate a few bytes, sometimes cut the document short.
    for (int edit = 0; edit < 8; ++edit) {
      const std::size_t pos = rng() % body.size();
      switch (rng() % 3) {
        case 0: body[pos] = static_cast<char>(rng() % 256); break;
        case 1: body.erase(pos, 1 + rng() % 16); break;
        default: body.insert(pos, body.substr(pos, rng() % 64)); break;
      }
      if (body.empty()) body = "<";
    }
    if (round % 5 == 0) body.resize(rng() % body.size());
    const auto parsed = feeds::parse_feed(fetched(body));
    if (parsed) {
      for (const auto& item : parsed->items) CHECK_FALSE(item.id.empty());
    } else {
      CHECK(parsed.error().message.starts_with("feeds: "));
    }
  }
}
