#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "feeds/dates.hpp"
#include "model/time.hpp"

using vigil::feeds::parse_date;

namespace {
struct SloppyCase {
  const char* text;
  const char* rfc3339;
};
}  // namespace

TEST_CASE("sloppy dates found in the wild parse too", "[feeds][dates]") {
  const std::vector<SloppyCase> cases{
      {"Wed,20 Nov 2024 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 +01:00", "2024-11-20T13:05:00Z"},
      {"Wednesday, 20-Nov-24 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Tues, 19 Nov 2024 10:00:00 GMT", "2024-11-19T10:00:00Z"},
      {"Thurs, 21 Nov 2024 10:00:00 GMT", "2024-11-21T10:00:00Z"},
      {"Fri, 20 Sept 2024 10:00:00 GMT", "2024-09-20T10:00:00Z"},
      {"Wed, 5 Nov 2024 9:00:00 -0000", "2024-11-05T09:00:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 GMT+02:00", "2024-11-20T12:05:00Z"},
      {"Wed Nov 20 2024 14:05:00 GMT+0100 (Central European Standard Time)", "2024-11-20T13:05:00Z"},
      {"Nov 20, 2024", "2024-11-20T00:00:00Z"},
      {"November 20, 2024 14:05:00", "2024-11-20T14:05:00Z"},
      {"20241120T140500Z", "2024-11-20T14:05:00Z"},
      {"2024-11-20T14:05:00 Z", "2024-11-20T14:05:00Z"},
      {"2024-11-20T14:05:00.5+01:00", "2024-11-20T13:05:00Z"},
      {"2024-11-20T14:05:00+01", "2024-11-20T13:05:00Z"},
      {"2024/11/20 14:05:00", "2024-11-20T14:05:00Z"},
      {"2024-11-20 14:05:00 +0100", "2024-11-20T13:05:00Z"},
      {"2024-11-20 14:05:00 UTC", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 UTC+1", "2024-11-20T13:05:00Z"},
      {"Wed, 20 NOV 2024 14:05:00 gmt", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00.000 GMT", "2024-11-20T14:05:00Z"},
      {"20 Nov 2024 14:05:00 MSK", "2024-11-20T11:05:00Z"},
      {"20 Nov 2024 14:05:00 IST", "2024-11-20T08:35:00Z"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto parsed = parse_date(c.text);
    CHECK((parsed ? vigil::format_rfc3339(*parsed) : std::string("none")) == c.rfc3339);
  }
}

TEST_CASE("basic-format and slashed ISO dates still reject impossible values", "[feeds][dates]") {
  for (const char* text : {"2024/13/01", "2024/11/31 10:00", "20241320T000000Z", "20241120T2500Z", "12345678",
                           "20241120X", "2024/11/20 14:05:00 junk"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
}
