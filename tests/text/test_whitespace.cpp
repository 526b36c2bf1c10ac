#include <catch2/catch.hpp>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "text/whitespace.hpp"

using namespace vigil::text;

TEST_CASE("single_line turns control characters into spaces and trims", "[text][whitespace]") {
  CHECK(single_line("  Title\r\nBcc: evil@x\x1b[31m\u2028next  ") == "Title Bcc: evil@x [31m next");
  CHECK(single_line("\xC2\x85 C1 control") == "C1 control");
  CHECK(single_line("bad \xFF byte") == "bad \uFFFD byte");
}

TEST_CASE("strip_controls keeps lines and tabs and drops other controls", "[text][whitespace]") {
  CHECK(strip_controls("keep\nlines\tand\x01 drop\x7f") == "keep\nlines\tand drop");
}

TEST_CASE("collapse_whitespace joins runs of spaces, including no-break spaces", "[text][whitespace]") {
  CHECK(collapse_whitespace("  a \t\n b\u00A0\u00A0c  ") == "a b c");
  CHECK(collapse_whitespace("") == "");
  CHECK(collapse_whitespace("\u2019\u00e9") == "\u2019\u00e9");
}

TEST_CASE("collapse_whitespace gives what a character-by-character reading gives", "[text][whitespace]") {
  // The plain reading: each ASCII space or U+00A0 marks a pending space, written before the
  // next other character unless nothing was written yet.
  auto reference = [](std::string_view text) {
    std::string out;
    bool pending = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
      if (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r') || nbsp) {
        pending = true;
        if (nbsp) ++i;
        continue;
      }
      if (pending && !out.empty()) out += ' ';
      pending = false;
      out += text[i];
    }
    return out;
  };
  const std::string_view pieces[] = {" ", " ", "\t", "\n", "\v", "a", "bc", "d", "\xC2", "\xA0", "\u00e9", "\u00a0", "\xC2\xC2"};
  std::uint64_t state = 7;
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int i = 0, len = n % 12; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += pieces[(state >> 33) % std::size(pieces)];
    }
    CHECK(collapse_whitespace(text) == reference(text));
  }
}

TEST_CASE("trim drops ASCII whitespace at both ends only", "[text][whitespace]") {
  CHECK(trim(" \t\r\n a b \f\v") == "a b");
  CHECK(trim("   ").empty());
  CHECK(trim("\u00A0x") == "\u00A0x");
}
