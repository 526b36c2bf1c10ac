#include <catch2/catch.hpp>

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

TEST_CASE("trim drops ASCII whitespace at both ends only", "[text][whitespace]") {
  CHECK(trim(" \t\r\n a b \f\v") == "a b");
  CHECK(trim("   ").empty());
  CHECK(trim("\u00A0x") == "\u00A0x");
}
