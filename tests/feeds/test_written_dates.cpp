#include <catch2/catch.hpp>

#include <string>

#include "feeds/written_dates.hpp"
#include "model/time.hpp"

namespace {

// The date as RFC 3339, or "none", so a failing check shows both sides readably.
std::string written(std::string_view text, std::string_view format = {}) {
  const auto t = vigil::feeds::parse_written_date(text, format);
  return t ? vigil::format_rfc3339(*t) : "none";
}

constexpr const char* nov26 = "2026-11-26T00:00:00Z";

}  // namespace

TEST_CASE("written dates: machine forms go through parse_date", "[feeds][written_date]") {
  CHECK(written("2026-11-26T14:05:00+02:00") == "2026-11-26T12:05:00Z");
  CHECK(written("Thu, 26 Nov 2026 14:05:00 GMT") == "2026-11-26T14:05:00Z");
  CHECK(written("  2026-11-26  ") == nov26);
}

TEST_CASE("written dates: day, month name, year in English", "[feeds][written_date]") {
  CHECK(written("26 November 2026") == nov26);
  CHECK(written("26 Nov 2026") == nov26);
  CHECK(written("26 Nov. 2026") == nov26);
  CHECK(written("26th November 2026") == nov26);
  CHECK(written("26th of November, 2026") == nov26);
  CHECK(written("1st Sept 2026") == "2026-09-01T00:00:00Z");
  CHECK(written("Thursday, 26 November 2026") == nov26);
}

TEST_CASE("written dates: month name, day, year", "[feeds][written_date]") {
  CHECK(written("November 26, 2026") == nov26);
  CHECK(written("Nov. 26, 2026") == nov26);
  CHECK(written("Nov 26 2026") == nov26);
  CHECK(written("November 26th, 2026") == nov26);
  CHECK(written("Thursday, November 26, 2026") == nov26);
}

TEST_CASE("written dates: with a time of day", "[feeds][written_date]") {
  CHECK(written("Thursday, 26 November 2026 at 14:05") == "2026-11-26T14:05:00Z");
  CHECK(written("Nov 26, 2026 2:05 PM") == "2026-11-26T14:05:00Z");
  CHECK(written("November 26, 2026, 2:05 p.m.") == "2026-11-26T14:05:00Z");
  CHECK(written("26 November 2026 12:30 am") == "2026-11-26T00:30:00Z");
  CHECK(written("26 November 2026 12 pm") == "2026-11-26T12:00:00Z");
  CHECK(written("26 November 2026 14:05:30") == "2026-11-26T14:05:30Z");
  CHECK(written("26 novembre 2026 à 14h05") == "2026-11-26T14:05:00Z");
  CHECK(written("26 novembre 2026, 9h") == "2026-11-26T09:00:00Z");
  CHECK(written("26. November 2026 um 14:05 Uhr") == "2026-11-26T14:05:00Z");
  CHECK(written("26.11.2026, 14.05 Uhr") == "2026-11-26T14:05:00Z");
  CHECK(written("26 de noviembre de 2026 a las 14:05") == "2026-11-26T14:05:00Z");
  CHECK(written("26 ноября 2026 г. в 14:05") == "2026-11-26T14:05:00Z");
  CHECK(written("14:05, 26 November 2026") == "2026-11-26T14:05:00Z");  // time first
  CHECK(written("2:05 PM | Nov 26, 2026 | Geneva") == "2026-11-26T14:05:00Z");
  CHECK(written("le 1er mars 2026 à 8 h 30") == "2026-03-01T08:30:00Z");
  CHECK(written("Mittwoch, 4. März 2026, 08:30 Uhr") == "2026-03-04T08:30:00Z");
  CHECK(written("08:30 4 березня 2026") == "2026-03-04T08:30:00Z");
  CHECK(written("Updated on 2026-11-26 at 09:00 CET | Geneva") == "2026-11-26T08:00:00Z");
  CHECK(written("November 26 2026 at 9am") == "2026-11-26T09:00:00Z");
}

TEST_CASE("written dates: a zone after the time converts to UTC", "[feeds][written_date]") {
  CHECK(written("26 November 2026 14:05 CET") == "2026-11-26T13:05:00Z");
  CHECK(written("26 November 2026 14:05 (UTC)") == "2026-11-26T14:05:00Z");
  CHECK(written("26 November 2026 14:05 +02:00") == "2026-11-26T12:05:00Z");
  CHECK(written("26 November 2026 09:05 -0500") == "2026-11-26T14:05:00Z");
  CHECK(written("26 November 2026 14:05 GMT+2") == "2026-11-26T12:05:00Z");
  CHECK(written("26. November 2026, 14:05 Uhr MEZ") == "2026-11-26T13:05:00Z");
  CHECK(written("Nov 26, 2026 9:05 AM EST") == "2026-11-26T14:05:00Z");
  // A range is not a zone.
  CHECK(written("26 November 2026 10:00-11:00 | Geneva") == "2026-11-26T10:00:00Z");
}

TEST_CASE("written dates: French, German, Spanish, Italian, Portuguese and Dutch", "[feeds][written_date]") {
  CHECK(written("26 novembre 2026") == nov26);
  CHECK(written("jeudi 26 novembre 2026") == nov26);
  CHECK(written("1er décembre 2026") == "2026-12-01T00:00:00Z");
  CHECK(written("3 févr. 2026") == "2026-02-03T00:00:00Z");
  CHECK(written("15 août 2026") == "2026-08-15T00:00:00Z");
  CHECK(written("15 aout 2026") == "2026-08-15T00:00:00Z");
  CHECK(written("26. November 2026") == nov26);
  CHECK(written("Donnerstag, 26. November 2026") == nov26);
  CHECK(written("3. März 2026") == "2026-03-03T00:00:00Z");
  CHECK(written("3. Mrz. 2026") == "2026-03-03T00:00:00Z");
  CHECK(written("26 de noviembre de 2026") == nov26);
  CHECK(written("26 de noviembre del 2026") == nov26);
  CHECK(written("1º de mayo de 2026") == "2026-05-01T00:00:00Z");
  CHECK(written("26 novembre 2026") == nov26);
  CHECK(written("giovedì 26 novembre 2026") == nov26);
  CHECK(written("26 de novembro de 2026") == nov26);
  CHECK(written("4 de março de 2026") == "2026-03-04T00:00:00Z");
  CHECK(written("26 november 2026") == nov26);
  CHECK(written("4 mrt. 2026") == "2026-03-04T00:00:00Z");
  CHECK(written("4 MEI 2026") == "2026-05-04T00:00:00Z");
}

TEST_CASE("written dates: Ukrainian and Russian, genitive and nominative, any case", "[feeds][written_date]") {
  CHECK(written("26 листопада 2026") == nov26);
  CHECK(written("26 Листопада 2026 р.") == nov26);
  CHECK(written("листопад 26, 2026") == nov26);
  CHECK(written("1 травня 2026") == "2026-05-01T00:00:00Z");
  CHECK(written("26 лист. 2026") == nov26);
  CHECK(written("26 ноября 2026") == nov26);
  CHECK(written("26 НОЯБРЯ 2026 года") == nov26);
  CHECK(written("9 мая 2026") == "2026-05-09T00:00:00Z");
  CHECK(written("1 сент. 2026") == "2026-09-01T00:00:00Z");
}

TEST_CASE("written dates: an abbreviation shared by two months is not a month", "[feeds][written_date]") {
  CHECK(written("3 jui 2026") == "none");   // juin or juillet
  CHECK(written("3 juil 2026") == "2026-07-03T00:00:00Z");
  CHECK(written("3 juin 2026") == "2026-06-03T00:00:00Z");
}

TEST_CASE("written dates: numeric dates read day first unless only month first makes a date",
          "[feeds][written_date]") {
  CHECK(written("26/11/2026") == nov26);
  CHECK(written("26.11.2026") == nov26);
  CHECK(written("26-11-2026") == nov26);
  CHECK(written("11/26/2026") == nov26);               // 26 cannot be a month
  CHECK(written("05/06/2026") == "2026-06-05T00:00:00Z");  // ambiguous: day first
  CHECK(written("5.6.26") == "2026-06-05T00:00:00Z");   // two-digit year
  CHECK(written("2026.11.26") == nov26);               // year first
  CHECK(written("26/11/2026 14:05") == "2026-11-26T14:05:00Z");
  CHECK(written("26/11/2026 - 2:05 PM") == "2026-11-26T14:05:00Z");
}

TEST_CASE("written dates: a source's format settles ambiguous numeric dates", "[feeds][written_date]") {
  CHECK(written("05/06/2026", "%m/%d/%Y") == "2026-05-06T00:00:00Z");
  CHECK(written("05/06/2026", "%d/%m/%Y") == "2026-06-05T00:00:00Z");
  CHECK(written("2026-11-26 14h05", "%Y-%m-%d %Hh%M") == "2026-11-26T14:05:00Z");
  CHECK(written("26 listopada 2026", "%d %B %Y") == "none");  // Polish is not among the languages
}

TEST_CASE("written dates: format directives", "[feeds][written_date]") {
  CHECK(written("26 Nov 2026", "%d %b %Y") == nov26);
  CHECK(written("26 Nov. 2026", "%d %b %Y") == nov26);
  CHECK(written("Nov. 26, 2026", "%b. %d, %Y") == nov26);
  CHECK(written(" 6 Nov 2026", "%e %b %Y") == "2026-11-06T00:00:00Z");
  CHECK(written("26 de noviembre de 2026", "%d de %B de %Y") == nov26);
  CHECK(written("26 листопада 2026", "%d %B %Y") == nov26);
  CHECK(written("Donnerstag, 26. November 2026", "%A, %d. %B %Y") == nov26);
  CHECK(written("26/11/26", "%d/%m/%y") == nov26);
  CHECK(written("11/26/26", "%D") == nov26);
  CHECK(written("2026-11-26", "%F") == nov26);
  CHECK(written("26.11.2026 02:05 PM", "%d.%m.%Y %I:%M %p") == "2026-11-26T14:05:00Z");
  CHECK(written("26.11.2026 2:05 p.m.", "%d.%m.%Y %H:%M %p") == "2026-11-26T14:05:00Z");
  CHECK(written("26.11.2026 14:05:09", "%d.%m.%Y %T") == "2026-11-26T14:05:09Z");
  CHECK(written("26.11.2026 14:05 +0200", "%d.%m.%Y %R %z") == "2026-11-26T12:05:00Z");
  CHECK(written("26.11.2026 14:05 -03:30", "%d.%m.%Y %H:%M %z") == "2026-11-26T17:35:00Z");
  CHECK(written("26.11.2026 14:05 Z", "%d.%m.%Y %H:%M %z") == "2026-11-26T14:05:00Z");
  CHECK(written("26.11.2026 14:05 CET", "%d.%m.%Y %H:%M %Z") == "2026-11-26T13:05:00Z");
  CHECK(written("100% on 26/11/2026", "100%% on %d/%m/%Y") == nov26);
  CHECK(written("2026", "%Y") == "2026-01-01T00:00:00Z");
}

TEST_CASE("written dates: a format that does not fit falls back to the other forms", "[feeds][written_date]") {
  CHECK(written("26 November 2026", "%d/%m/%Y") == nov26);
  CHECK(written("26/11/2026", "%m/%d/%Y") == nov26);  // month 26 does not fit; read day first
  CHECK(written("garbage", "%d/%m/%Y") == "none");
  CHECK(written("26 11 2026", "%d/%m/%Y") == "none");
  CHECK(written("26/11", "%d/%m") == "none");  // a format without a year gives no date
  CHECK(written("26/11/2026", "%d/%m/%Y %Q") == nov26);  // an unknown directive fits nothing
}

TEST_CASE("written dates: leading words and trailing text are skipped", "[feeds][written_date]") {
  CHECK(written("Published: 26 November 2026") == nov26);
  CHECK(written("Posted on November 26, 2026 by the press office") == nov26);
  CHECK(written("26 November 2026 | Press release") == nov26);
  CHECK(written("Press release — 26.11.2026 — Geneva") == nov26);
  CHECK(written("Опубліковано 26 листопада 2026 року") == nov26);
  CHECK(written("Publié le 26 novembre 2026 à 14h05 | Communiqué") == "2026-11-26T14:05:00Z");
  CHECK(written("Updated 3 comments ago, 26 Nov 2026") == nov26);
  CHECK(written("Published: 26/11/2026 | Geneva", "%d/%m/%Y") == nov26);
  CHECK(written("Published: 11/26/2026, Geneva", "%m/%d/%Y") == nov26);
}

TEST_CASE("written dates: invalid dates are nullopt", "[feeds][written_date]") {
  CHECK(written("31 February 2026") == "none");
  CHECK(written("30 de febrero de 2026") == "none");
  CHECK(written("29 February 2026") == "none");  // not a leap year
  CHECK(written("29 February 2028") == "2028-02-29T00:00:00Z");
  CHECK(written("31/04/2026") == "none");  // neither 31 April nor month 31
  CHECK(written("13/13/2026") == "none");
  CHECK(written("31.02.2026", "%d.%m.%Y") == "none");
  CHECK(written("26 November 2026 25:00") == "none");
  CHECK(written("26 November 2026 13:00 pm") == "none");
}

TEST_CASE("written dates: text without a date is nullopt", "[feeds][written_date]") {
  CHECK(written("") == "none");
  CHECK(written("   ") == "none");
  CHECK(written("yesterday") == "none");
  CHECK(written("November 2026") == "none");  // no day
  CHECK(written("26 November") == "none");    // no year
  CHECK(written("version 1.2.3.4") == "none");
  CHECK(written("192.168.10.20") == "none");
  CHECK(written("3 days ago") == "none");
  CHECK(written("126 November 2026") == "none");
  CHECK(written(std::string(5000, '9')) == "none");
  CHECK(written("\xff\xfe 26 \xc3 November 2026") == nov26);  // stray bytes separate words
}
