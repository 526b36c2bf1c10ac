#include <catch2/catch.hpp>

#include "tests/support/child_process.hpp"
#include "topics/html_text.hpp"
#include "topics/normalize.hpp"

using vigil::topics::html_to_text;

namespace {
std::string folded(std::string_view html) {
  std::string out;
  for (const auto& token : vigil::topics::tokenize(html_to_text(html))) {
    if (!out.empty()) out.push_back(' ');
    out += token.word;
  }
  return out;
}
}  // namespace

TEST_CASE("block tags separate words and inline tags do not", "[topics][html]") {
  CHECK(folded("<p>land</p><p>mine</p>") == "land mine");
  CHECK(folded("land<br>mine") == "land mine");
  CHECK(folded("<b>Ukr</b>aine and <a href=\"/x\">Kyiv</a>") == "ukraine and kyiv");
}

TEST_CASE("character references are decoded", "[topics][html]") {
  CHECK(html_to_text("AT&amp;T &lt;b&gt; &quot;x&quot; &#39;y&#39;") == "AT&T <b> \"x\" 'y'");
  CHECK(html_to_text("caf&eacute; caf&#233; caf&#xE9;") == "café café café");
  CHECK(html_to_text("l&rsquo;ONU l&#146;ONU") == "l\u2019ONU l\u2019ONU");  // &#146; is Windows-1252
  CHECK(html_to_text("a&nbsp;b") == "a\u00A0b");
  CHECK(html_to_text("&#0; &#xD800; &#99999999;") == "\uFFFD \uFFFD \uFFFD");
}

TEST_CASE("unknown or unterminated references stay as text", "[topics][html]") {
  CHECK(html_to_text("fish & chips &bogus; &amp") == "fish & chips &bogus; &amp");
}

TEST_CASE("attribute values are never text", "[topics][html]") {
  CHECK(folded("<img alt=\"landmine\" src='x.png'>photo") == "photo");
  CHECK(folded("<a title=\"a > landmine\">link</a>") == "link");
  CHECK(folded("text <a href=\"landmine") == "text");  // unterminated tag swallows the rest
}

TEST_CASE("scripts, styles and comments are dropped", "[topics][html]") {
  CHECK(folded("a<script>var landmine = 1;</script>b") == "a b");
  CHECK(folded("a<STYLE>.landmine{}</STYLE>b") == "a b");
  CHECK(folded("a<!-- landmine -->b") == "a b");
  CHECK(folded("<![CDATA[landmine]]>") == "landmine");
}

TEST_CASE("a less-than sign that starts no tag is text", "[topics][html]") {
  CHECK(html_to_text("3 < 4 and 5 <= 6 <") == "3 < 4 and 5 <= 6 <");
}

TEST_CASE("a press release summary reads as its text", "[topics][html]") {
  const auto html = vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) +
                                           "/tests/fixtures/topics/press_release_summary.html");
  const auto text = folded(html);
  CHECK(text.find("anti personnel mines") != std::string::npos);
  CHECK(text.find("ngo s") != std::string::npos);  // NGO&#8217;s
  CHECK(text.find("tracking") == std::string::npos);  // only in a script and an attribute
}
