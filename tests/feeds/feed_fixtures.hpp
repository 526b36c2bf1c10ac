#pragma once
// Helpers for the feeds tests: fixtures as FetchResults, and parse-or-fail.
#include <catch2/catch.hpp>

#include <string>

#include "feeds/parse.hpp"
#include "model/time.hpp"
#include "tests/support/child_process.hpp"

namespace vigil::feeds_test {

inline FetchResult fetched(std::string body, std::string url = "https://ngo.example/feed.xml") {
  FetchResult r;
  r.source = "test-source";
  r.url = std::move(url);
  r.status = 200;
  r.body = std::move(body);
  return r;
}

inline FetchResult fixture(const std::string& name, std::string url = "https://ngo.example/feed.xml") {
  return fetched(vigil::test::read_file(std::string(VIGIL_SOURCE_DIR) + "/tests/fixtures/feeds/" + name), std::move(url));
}

inline ParsedFeed parse_ok(const FetchResult& r) {
  auto parsed = feeds::parse_feed(r);
  if (!parsed) FAIL("parse_feed failed: " << parsed.error().message);
  return std::move(*parsed);
}

inline std::string rfc3339(const std::optional<Timestamp>& t) { return t ? format_rfc3339(*t) : "none"; }

}  // namespace vigil::feeds_test
