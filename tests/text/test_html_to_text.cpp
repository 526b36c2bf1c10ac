#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <iterator>

#include "tests/support/child_process.hpp"
#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

using namespace vigil::text;

namespace {

std::string fixture(std::string_view name) {
  return vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/text/" + std::string(name));
}

// The words of the text matching sees, lower-cased and split at anything but letters and
// digits (a stand-in for topics' tokenizer, enough to tell joined words from separate ones).
std::string words(std::string_view html) {
  const std::string text = html_to_text(html, {.layout = TextLayout::as_written});
  std::string out;
  bool in_word = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const Decoded d = decode_utf8(text, pos);
    const bool letter = (d.cp < 0x80 && std::isalnum(static_cast<int>(d.cp))) ||
                        (d.cp >= 0x80 && !is_unicode_space(d.cp) && !(d.cp >= 0x2000 && d.cp <= 0x206F));
    if (letter) {
      if (!in_word && !out.empty()) out += ' ';
      for (std::size_t i = pos; i < pos + d.length; ++i)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
    in_word = letter;
    pos += d.length;
  }
  return out;
}

std::string one_line(std::string_view html, bool unclosed_tag_is_text = false) {
  return html_to_text(html, {.layout = TextLayout::one_line, .unclosed_tag_is_text = unclosed_tag_is_text});
}

}  // namespace

TEST_CASE("block tags separate words and inline tags do not", "[text][html]") {
  CHECK(words("<p>land</p><p>mine</p>") == "land mine");
  CHECK(words("land<br>mine") == "land mine");
  CHECK(words("<b>Ukr</b>aine and <a href=\"/x\">Kyiv</a>") == "ukraine and kyiv");
}

TEST_CASE("attribute values are never text", "[text][html]") {
  CHECK(words("<img alt=\"landmine\" src='x.png'>photo") == "photo");
  CHECK(words("<a title=\"a > landmine\">link</a>") == "link");
  CHECK(words("text <a href=\"landmine") == "text");  // unterminated tag swallows the rest
  CHECK(html_to_text("<a href=\"x\" title='1 > 0'>link</a> text") == "link text");
}

TEST_CASE("scripts, styles and comments are dropped with their content", "[text][html]") {
  CHECK(words("a<script>var landmine = 1;</script>b") == "a b");
  CHECK(words("a<STYLE>.landmine{}</STYLE>b") == "a b");
  CHECK(words("a<!-- landmine -->b") == "a b");
  CHECK(words("<![CDATA[landmine]]>") == "landmine");
  CHECK(html_to_text("<script>alert('x')</script>Safe<style>p{color:red}</style> text<!-- <b>hidden</b> -->") ==
        "Safe text");
  CHECK(html_to_text("<SCRIPT type=\"text/javascript\">var a = '</p>';</SCRIPT>ok") == "ok");
  CHECK(html_to_text("before<script>never closed") == "before");
  CHECK(one_line("<p>One</p><p>Two<script>var a = '<p>';</script></p><!-- note --><b>Th</b>ree") ==
        "One Two Three");
}

TEST_CASE("a less-than sign that starts no tag is text", "[text][html]") {
  CHECK(html_to_text("3 < 4 and 5 <= 6 <", {.layout = TextLayout::as_written}) == "3 < 4 and 5 <= 6 <");
  CHECK(html_to_text("a < b and c > d") == "a < b and c > d");
}

TEST_CASE("a tag that never closes can be kept as text", "[text][html]") {
  CHECK(one_line("<a title=\"x > y\">link</a>", true) == "link");
  CHECK(one_line("unclosed <b tag", true) == "unclosed <b tag");
  CHECK(one_line("unclosed <b tag") == "unclosed");
}

TEST_CASE("feed HTML becomes plain text with tags dropped and entities decoded", "[text][html]") {
  CHECK(html_to_text("<p>Teams cleared <b>120</b> mines &amp; shells &lt;today&gt;.</p>") ==
        "Teams cleared 120 mines & shells <today>.");
  CHECK(html_to_text("caf&eacute;? &#233; &#xE9; &hellip; &nbsp;x") == "café? \u00e9 \u00e9 \u2026 x");
}

TEST_CASE("block elements become line breaks with at most one blank line", "[text][html]") {
  CHECK(html_to_text("<p>one</p><p>two</p>\n\n<p></p><p></p><div>three<br>four</div>") ==
        "one\n\ntwo\n\nthree\nfour");
  CHECK(html_to_text("<ul><li>alpha</li><li>beta</li></ul>") == "- alpha\n- beta");
  CHECK(html_to_text("  spread\tacross\n  source   lines  ") == "spread across source lines");
}

TEST_CASE("a press release summary reads as its text", "[text][html]") {
  const auto text = words(fixture("press_release_summary.html"));
  CHECK(text.find("anti personnel mines") != std::string::npos);
  CHECK(text.find("ngo s") != std::string::npos);  // NGO&#8217;s
  CHECK(text.find("tracking") == std::string::npos);  // only in a script and an attribute
}

TEST_CASE("a hostile summary fixture reduces to its visible text", "[text][html]") {
  CHECK(html_to_text(fixture("hostile_summary.html")) + "\n" == fixture("hostile_summary.txt"));
}

TEST_CASE("escape_html escapes the characters that matter in text and attributes", "[text][html]") {
  CHECK(escape_html("<script>alert(\"x\" + 'y') & more</script>") ==
        "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; more&lt;/script&gt;");
  CHECK(escape_html("Київ") == "Київ");
}

TEST_CASE("markup is recognised by its tags, not by any less-than sign", "[text][html]") {
  CHECK(looks_like_markup("<b>bold</b> move"));
  CHECK(looks_like_markup("text <!-- note -->"));
  CHECK(looks_like_markup("</p>"));
  CHECK_FALSE(looks_like_markup("Ratio 3<5 is not a tag"));
  CHECK_FALSE(looks_like_markup("unclosed <b tag"));
  CHECK_FALSE(looks_like_markup("plain"));
}

TEST_CASE("the one-line layout is the text as written with its whitespace collapsed", "[text][html]") {
  // The one-line layout collapses as it writes; it must give what collapse_whitespace gives on
  // the whole text, wherever the spaces come from: text, tags, references, split characters.
  const std::string_view pieces[] = {"a", "word", "  ", " ", "\t", "\r\n", "\v", "\f", "&nbsp;", "&#160;", "&#32;", "&#9;",
                                     "\xC2", "\xA0", "\xC2\xA0", "\u00e0", "\u0820", "<b>", "</b>", "<p>", "<br>",
                                     "<!-- c -->", "<![CDATA[ x  y ]]>", "&amp;", "<", "a sentence of several words",
                                     "two  spaces", "        ", "tab\there"};
  std::uint64_t state = 11;
  for (int n = 0; n < 5000; ++n) {
    std::string html;
    for (int i = 0, len = n % 24; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      html += pieces[(state >> 33) % std::size(pieces)];
    }
    INFO(html);
    CHECK(one_line(html) == collapse_whitespace(html_to_text(html, {.layout = TextLayout::as_written})));
  }
}

TEST_CASE("html_to_text into a reused string gives the text it returns", "[text][html]") {
  const std::string_view pages[] = {"<p>One  paragraph,</p>\n<p>then&nbsp;another.</p>", "",
                                    "<ul><li>alpha</li><li>beta</li></ul>", "plain"};
  std::string text = "left over from before";
  for (const auto layout : {TextLayout::as_written, TextLayout::one_line, TextLayout::paragraphs})
    for (const auto page : pages) {
      html_to_text(page, {.layout = layout}, text);
      CHECK(text == html_to_text(page, {.layout = layout}));
    }
}
