#include <catch2/catch.hpp>

#include "alerts/html_text.hpp"
#include "alerts/utf8_text.hpp"
#include "tests/support/child_process.hpp"

using namespace vigil::alerts;

TEST_CASE("feed HTML becomes plain text with tags dropped and entities decoded", "[alerts][text]") {
  CHECK(html_to_text("<p>Teams cleared <b>120</b> mines &amp; shells &lt;today&gt;.</p>") ==
        "Teams cleared 120 mines & shells <today>.");
  CHECK(html_to_text("caf&eacute;? &#233; &#xE9; &hellip; &nbsp;x") == "caf&eacute;? \u00e9 \u00e9 \u2026 x");
  CHECK(html_to_text("a < b and c > d") == "a < b and c > d");
  CHECK(html_to_text("<a href=\"x\" title='1 > 0'>link</a> text") == "link text");
}

TEST_CASE("script, style and comments never reach the text", "[alerts][text]") {
  CHECK(html_to_text("<script>alert('x')</script>Safe<style>p{color:red}</style> text<!-- <b>hidden</b> -->") ==
        "Safe text");
  CHECK(html_to_text("<SCRIPT type=\"text/javascript\">var a = '</p>';</SCRIPT>ok") == "ok");
  CHECK(html_to_text("before<script>never closed") == "before");
}

TEST_CASE("block elements become line breaks with at most one blank line", "[alerts][text]") {
  CHECK(html_to_text("<p>one</p><p>two</p>\n\n<p></p><p></p><div>three<br>four</div>") ==
        "one\n\ntwo\n\nthree\nfour");
  CHECK(html_to_text("<ul><li>alpha</li><li>beta</li></ul>") == "- alpha\n- beta");
  CHECK(html_to_text("  spread\tacross\n  source   lines  ") == "spread across source lines");
}

TEST_CASE("a hostile summary fixture reduces to its visible text", "[alerts][text]") {
  const std::string html = vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/alerts/hostile_summary.html");
  const std::string expected =
      vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/alerts/hostile_summary.txt");
  CHECK(html_to_text(html) + "\n" == expected);
}

TEST_CASE("numeric entities decode and control code points vanish", "[alerts][text]") {
  CHECK(html_to_text("&#x41;&#66;&#x1F4A3;") == "AB\U0001F4A3");
  CHECK(html_to_text("a&#27;[31mb&#0;c&#x110000;d&#xD800;e") == "a[31mb\uFFFDc\uFFFDd\uFFFDe");
  CHECK(html_to_text("bell\x07 and esc\x1b[2J") == "bell and esc[2J");
  CHECK(html_to_text("&unknown; & &amp") == "&unknown; & &amp");
}

TEST_CASE("escape_html escapes the characters that matter in text and attributes", "[alerts][text]") {
  CHECK(escape_html("<script>alert(\"x\" + 'y') & more</script>") ==
        "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; more&lt;/script&gt;");
  CHECK(escape_html("Київ") == "Київ");
}

TEST_CASE("only absolute http and https links are accepted", "[alerts][text]") {
  CHECK(is_http_url("https://example.org/a?b=c&d=e"));
  CHECK(is_http_url("HTTP://EXAMPLE.ORG/"));
  CHECK_FALSE(is_http_url("javascript:alert(1)"));
  CHECK_FALSE(is_http_url("data:text/html,<script>"));
  CHECK_FALSE(is_http_url("file:///etc/passwd"));
  CHECK_FALSE(is_http_url("https://"));
  CHECK_FALSE(is_http_url("https:///path"));
  CHECK_FALSE(is_http_url("https://example.org/a b"));
  CHECK_FALSE(is_http_url("https://example.org/\r\nBcc: x"));
  CHECK_FALSE(is_http_url("/relative/path"));
}

TEST_CASE("text from feeds is made valid UTF-8 and one line where needed", "[alerts][text]") {
  CHECK(valid_utf8("ok \xC3\xA9 bad \xC3 \xE2\x82 \xFF end") == "ok \u00e9 bad \uFFFD \uFFFD \uFFFD end");
  CHECK(valid_utf8("\xC0\xAF") == "\uFFFD\uFFFD");  // overlong '/'
  CHECK(single_line("  Title\r\nBcc: evil@x\x1b[31m\u2028next  ") == "Title Bcc: evil@x [31m next");
  CHECK(single_line("\xC2\x85 C1 control") == "C1 control");
  CHECK(strip_controls("keep\nlines\tand\x01 drop\x7f") == "keep\nlines\tand drop");
}

TEST_CASE("truncation never splits a UTF-8 character", "[alerts][text]") {
  CHECK(truncate_chars("short", 10) == "short");
  CHECK(truncate_chars("Привет мир", 4) == "Прив\u2026");
  CHECK(truncate_chars("one two three four", 9) == "one two\u2026");
  CHECK(truncate_bytes("日本語", 4) == "日");
  CHECK(truncate_bytes("日本語", 6) == "日本");
}
