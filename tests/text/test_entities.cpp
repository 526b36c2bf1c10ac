#include <catch2/catch.hpp>

#include "text/html.hpp"

using namespace vigil::text;

namespace {
std::string as_written(std::string_view html) { return html_to_text(html, {.layout = TextLayout::as_written}); }
std::string paragraphs(std::string_view html) { return html_to_text(html, {.layout = TextLayout::paragraphs}); }
}  // namespace

TEST_CASE("HTML entity decoding handles named, decimal and hex references", "[text][entities]") {
  CHECK(decode_entities("&eacute;&#233;&#xE9;&#XE9") == "éééé");
  CHECK(decode_entities("AT&T &unknown; &amp") == "AT&T &unknown; &amp");
  CHECK(decode_entities("&#146;&#0;&#xD800;") == "\u2019\uFFFD\uFFFD");
  CHECK(decode_entities("&#x1F30D;") == "\U0001F30D");
}

TEST_CASE("references in HTML text are decoded", "[text][entities]") {
  CHECK(as_written("AT&amp;T &lt;b&gt; &quot;x&quot; &#39;y&#39;") == "AT&T <b> \"x\" 'y'");
  CHECK(as_written("caf&eacute; caf&#233; caf&#xE9;") == "café café café");
  CHECK(as_written("l&rsquo;ONU l&#146;ONU") == "l\u2019ONU l\u2019ONU");  // &#146; is Windows-1252
  CHECK(as_written("a&nbsp;b") == "a\u00A0b");
  CHECK(as_written("&#0; &#xD800; &#99999999;") == "\uFFFD \uFFFD \uFFFD");
  CHECK(as_written("&#9999999999999999999999;") == "\uFFFD");  // long digit runs never overflow
}

TEST_CASE("unknown or unterminated references stay as text", "[text][entities]") {
  CHECK(as_written("fish & chips &bogus; &amp") == "fish & chips &bogus; &amp");
  CHECK(paragraphs("&unknown; & &amp") == "&unknown; & &amp");
}

TEST_CASE("every named reference any stage decoded before is in the one table", "[text][entities]") {
  for (const char* name :
       {"amp", "lt", "gt", "quot", "apos", "nbsp", "shy", "ndash", "mdash", "hellip", "lsquo", "rsquo", "sbquo",
        "ldquo", "rdquo", "bdquo", "laquo", "raquo", "copy", "reg", "trade", "deg", "middot", "bull", "euro",
        "pound", "thinsp", "ensp", "emsp", "zwj", "zwnj", "aacute", "agrave", "acirc", "auml", "ccedil",
        "eacute", "egrave", "ecirc", "iacute", "ntilde", "oacute", "ouml", "uacute", "uuml", "szlig"}) {
    const std::string reference = std::string("&") + name + ";";
    CAPTURE(reference);
    CHECK(decode_entities(reference) != reference);
  }
}

TEST_CASE("numeric references decode and control code points vanish from text for people", "[text][entities]") {
  CHECK(paragraphs("&#x41;&#66;&#x1F4A3;") == "AB\U0001F4A3");
  CHECK(paragraphs("a&#27;[31mb&#0;c&#x110000;d&#xD800;e") == "a[31mb\uFFFDc\uFFFDd\uFFFDe");
  CHECK(paragraphs("bell\x07 and esc\x1b[2J") == "bell and esc[2J");
  CHECK(paragraphs("one&#10;two&#9;three") == "one two three");  // a decoded line break is a space
}
