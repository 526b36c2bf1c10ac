#include <catch2/catch.hpp>

#include "alerts/http_url.hpp"

using namespace vigil::alerts;

TEST_CASE("only absolute http and https links are accepted", "[alerts][links]") {
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
