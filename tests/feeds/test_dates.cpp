#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "feeds/dates.hpp"
#include "model/time.hpp"

using vigil::feeds::parse_date;

namespace {
struct DateCase {
  const char* text;
  const char* rfc3339;
};
}  // namespace

TEST_CASE("dates in the forms feeds use parse to UTC", "[feeds][dates]") {
  const std::vector<DateCase> cases{
      // RFC 822 / 1123 and their wild variants
      {"Wed, 20 Nov 2024 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 +0200", "2024-11-20T12:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 -0530", "2024-11-20T19:35:00Z"},
      {"Wed, 20 Nov 2024 14:05 GMT", "2024-11-20T14:05:00Z"},
      {"20 Nov 2024 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 24 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Fri, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z"},
      {"  Wed,   20  Nov\t2024   14:05:00   GMT \n", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 EST", "2024-11-20T19:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 EDT", "2024-11-20T18:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 CDT", "2024-11-20T19:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 MST", "2024-11-20T21:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 PST", "2024-11-20T22:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 UT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 Z", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 A", "2024-11-20T13:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 N", "2024-11-20T15:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 CEST", "2024-11-20T12:05:00Z"},
      {"Wednesday, 20 November 2024 14:05:00 GMT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 23:30:00 -0800", "2024-11-21T07:30:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 +0000 (UTC)", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 GMT+0200", "2024-11-20T12:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024", "2024-11-20T00:00:00Z"},
      {"Wed Nov 20 14:05:00 UTC 2024", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 2:05 PM EST", "2024-11-20T19:05:00Z"},
      {"20-Nov-2024 14:05 GMT", "2024-11-20T14:05:00Z"},
      {"Wed, 20 Nov 2024 14:05:00 XYZ", "2024-11-20T14:05:00Z"},
      // RFC 3339 / ISO 8601 / W3CDTF
      {"2024-11-20T14:05:00Z", "2024-11-20T14:05:00Z"},
      {"2024-11-20T14:05:00.123456Z", "2024-11-20T14:05:00Z"},
      {"2024-11-20T14:05:00+02:00", "2024-11-20T12:05:00Z"},
      {"2024-11-20T14:05:00-05:00", "2024-11-20T19:05:00Z"},
      {"2024-11-20T14:05:00+0200", "2024-11-20T12:05:00Z"},
      {"2024-11-20T14:05:00", "2024-11-20T14:05:00Z"},
      {"2024-11-20 14:05:00", "2024-11-20T14:05:00Z"},
      {"2024-11-20t14:05:00z", "2024-11-20T14:05:00Z"},
      {"2024-11-20T14:05Z", "2024-11-20T14:05:00Z"},
      {"2024-11-20", "2024-11-20T00:00:00Z"},
      {"2024-11", "2024-11-01T00:00:00Z"},
      {"2024", "2024-01-01T00:00:00Z"},
      {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
      {"2024-11-20T00:30:00+01:00", "2024-11-19T23:30:00Z"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto parsed = parse_date(c.text);
    REQUIRE(parsed.has_value());
    CHECK(vigil::format_rfc3339(*parsed) == c.rfc3339);
  }
}

TEST_CASE("text that is not a date parses to nothing", "[feeds][dates]") {
  const std::vector<std::string> cases{
      "",
      "   ",
      "yesterday",
      "not a date at all 2024",
      "20 Nov",
      "14:05:00",
      "2024-13-01",
      "2024-02-30",
      "2023-02-29T12:00:00Z",
      "2024-11-20T25:00:00Z",
      "2024-11-20T14:05:00+02:00 trailing",
      "2024-11-20T14:05:00+99:00",
      "Wed, 32 Nov 2024 10:00:00 GMT",
      "Wed, 20 Foo 2024 10:00 GMT",
      "Wed, 20 Nov 2024 14:05:00 +9999",
      "Wed, 20 Nov 2024 14:05:00 GMT GMT",
      "Wed, 20 Nov 123456 14:05:00 GMT",
      std::string(5000, '9'),
  };
  for (const auto& text : cases) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
}

TEST_CASE("the usual RSS layout parses as its spaced-out spelling does", "[feeds][dates]") {
  // "Wed, 20 Nov 2024 14:05:00 +0000" is read by a shortcut; with a doubled space the same
  // date goes the general way. Both must agree, for valid and invalid values alike.
  const std::vector<std::string> cases{
      "Wed, 20 Nov 2024 14:05:00 +0000", "Mon, 01 Jan 2024 00:00:00 GMT",   "Fri, 29 Feb 2024 23:59:60 -0530",
      "wed, 20 nov 2024 14:05:00 +0200", "Sun, 31 Dec 1999 24:00:00 +2359", "Thu, 30 Feb 2024 10:00:00 +0000",
      "Wed, 00 Nov 2024 14:05:00 +0000", "Wed, 32 Nov 2024 14:05:00 +0000", "Wed, 45 Nov 2024 14:05:00 +0000",
      "Wed, 20 Nov 2024 24:01:00 +0000", "Wed, 20 Nov 2024 14:60:00 +0000", "Wed, 20 Nov 2024 14:05:61 +0000",
      "Wed, 20 Nov 2024 14:05:00 +2400", "Wed, 20 Nov 2024 14:05:00 +0060", "Wed, 20 Nov 2024 14:05:00 -0000",
      "Foo, 20 Nov 2024 14:05:00 +0000", "Wed, 20 Sun 2024 14:05:00 +0000", "Jan, 20 Nov 2024 14:05:00 +0000",
      "Wed, 20 Nov 0000 14:05:00 +0000", "Wed, 2a Nov 2024 14:05:00 +0000", "Wed, 20 Nov 2024 14:05:00 GMX",
      "Wed, 20 N0v 2024 14:05:00 +0000", "Wed, 20 Nov 2024 14:05:00 *0000", "Wed, 20 Nov 2024 14:05:00 +00:0",
  };
  for (const auto& text : cases) {
    std::string spaced = text;
    spaced.insert(4, " ");
    CAPTURE(text);
    const auto usual = parse_date(text), general = parse_date(spaced);
    CHECK(usual.has_value() == general.has_value());
    if (usual && general) CHECK(vigil::format_rfc3339(*usual) == vigil::format_rfc3339(*general));
  }
  CHECK(vigil::format_rfc3339(*parse_date("Wed, 20 Nov 2024 14:05:00 +0200")) == "2024-11-20T12:05:00Z");
}
