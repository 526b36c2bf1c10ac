#include <catch2/catch.hpp>
#include <utf8proc.h>

#include "text/utf8.hpp"

using namespace vigil::text;

TEST_CASE("invalid UTF-8 is replaced with U+FFFD, one per invalid sequence", "[text][utf8]") {
  CHECK(valid_utf8("ok \xC3\xA9 bad \xC3 \xE2\x82 \xFF end") == "ok \u00e9 bad \uFFFD \uFFFD \uFFFD end");
  CHECK(valid_utf8("\xC0\xAF") == "\uFFFD\uFFFD");  // overlong '/'
  CHECK(valid_utf8("Bad \xff\xfe bytes") == "Bad \uFFFD\uFFFD bytes");
  CHECK(valid_utf8("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");  // a surrogate is never valid
  CHECK(valid_utf8("\xF4\x90\x80\x80") == "\uFFFD\uFFFD\uFFFD\uFFFD");  // past U+10FFFF
  CHECK(valid_utf8("\xF0\x9F\x8C") == "\uFFFD");  // a truncated sequence is one
  CHECK(valid_utf8("Київ \U0001F30D") == "Київ \U0001F30D");
}

TEST_CASE("C1 controls can be read as the Windows-1252 characters old feeds meant", "[text][utf8]") {
  CHECK(valid_utf8("l\xC2\x92ONU", C1Controls::windows_1252) == "l\u2019ONU");
  CHECK(valid_utf8("\xC2\x80 \xC2\x81", C1Controls::windows_1252) == "\u20AC \uFFFD");
  CHECK(valid_utf8("l\xC2\x92ONU") == "l\xC2\x92ONU");
  CHECK(from_windows_1252(0x97) == 0x2014);
  CHECK(from_windows_1252(U'é') == U'é');
}

TEST_CASE("decoding reports the code point and how many bytes it used", "[text][utf8]") {
  const std::string text = "a\u00e9\u20AC\U0001F30D\xFF";
  const Decoded a = decode_utf8(text, 0);
  CHECK((a.cp == U'a' && a.length == 1 && a.valid));
  const Decoded e = decode_utf8(text, 1);
  CHECK((e.cp == 0xE9 && e.length == 2 && e.valid));
  const Decoded euro = decode_utf8(text, 3);
  CHECK((euro.cp == 0x20AC && euro.length == 3 && euro.valid));
  const Decoded globe = decode_utf8(text, 6);
  CHECK((globe.cp == 0x1F30D && globe.length == 4 && globe.valid));
  const Decoded bad = decode_utf8(text, 10);
  CHECK((bad.cp == replacement_character && bad.length == 1 && !bad.valid));
  CHECK(utf8_length(text) == 5);
  CHECK(utf8_length("land\xFFmine") == 9);
}

TEST_CASE("encoding replaces what UTF-8 cannot carry", "[text][utf8]") {
  std::string out;
  for (const char32_t cp : {char32_t{0x41}, char32_t{0xE9}, char32_t{0x2019}, char32_t{0x1F30D}, char32_t{0xD800},
                            char32_t{0x110000}})
    append_utf8(out, cp);
  CHECK(out == "A\u00e9\u2019\U0001F30D\uFFFD\uFFFD");
  CHECK(utf8_sequence_length(0x41) == 1);
  CHECK(utf8_sequence_length(0xD0) == 2);
  CHECK(utf8_sequence_length(0xE2) == 3);
  CHECK(utf8_sequence_length(0xF0) == 4);
  CHECK(utf8_sequence_length(0x80) == 1);
}

TEST_CASE("truncation never splits a UTF-8 character", "[text][utf8]") {
  CHECK(truncate_chars("short", 10) == "short");
  CHECK(truncate_chars("Привет мир", 4) == "Прив\u2026");
  CHECK(truncate_chars("one two three four", 9) == "one two\u2026");
  CHECK(truncate_bytes("日本語", 4) == "日");
  CHECK(truncate_bytes("日本語", 6) == "日本");
}

TEST_CASE("is_ascii tells plain ASCII from anything else", "[text][utf8]") {
  CHECK(is_ascii("plain text 123"));
  CHECK(is_ascii(""));
  CHECK_FALSE(is_ascii("caf\u00e9"));
}

TEST_CASE("is_valid_utf8 agrees with valid_utf8 wherever the bad byte sits", "[text][utf8]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain text, longer than one eight-byte word"));
  CHECK(is_valid_utf8("Київ \U0001F30D and then some ASCII after it"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  // Every position of a bad byte and of a valid multibyte character, inside, across and after
  // the 32-byte blocks the ASCII fast path skips.
  for (std::size_t at = 0; at <= 70; ++at) {
    std::string text(70, 'a');
    text.insert(at, "\xFF");
    CHECK_FALSE(is_valid_utf8(text));
    text = std::string(70, 'a');
    text.insert(at, "\xF0\x9F\x8C");  // truncated
    CHECK_FALSE(is_valid_utf8(text));
    text = std::string(70, 'a');
    text.insert(at, "\u00e9");
    CHECK(is_valid_utf8(text));
    CHECK(is_valid_utf8(text) == (valid_utf8(text) == text));
  }
}

TEST_CASE("Unicode spaces are exactly those utf8proc classifies as separators", "[text][utf8]") {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    const bool expected = cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 ||
                          category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
                          category == UTF8PROC_CATEGORY_ZP;
    if (is_unicode_space(cp) != expected) FAIL("U+" << std::hex << static_cast<std::uint32_t>(cp));
  }
  SUCCEED();
}
