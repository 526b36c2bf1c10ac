// Month names in nine languages, zone abbreviations and calendar checks for written dates.
#include "feeds/written_date_parts.hpp"

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "feeds/dates.hpp"
#include "text/utf8.hpp"
#include "text/words.hpp"

namespace vigil::feeds::detail {
namespace {

using namespace std::chrono;

// Month names by language, nominative and (where it differs) genitive, as written; folded
// with text::fold when the table is built, so "März" is stored as "marz" and matched by
// whatever spelling folds the same.
struct Names {
  int month;
  std::initializer_list<std::string_view> names;
};
const std::array<Names, 12>& month_table() {
  static const std::array<Names, 12> table{{
      {1, {"january", "janvier", "januar", "jänner", "enero", "gennaio", "janeiro", "januari", "січень", "січня",
           "январь", "января"}},
      {2, {"february", "février", "februar", "feber", "febrero", "febbraio", "fevereiro", "februari", "лютий",
           "лютого", "февраль", "февраля"}},
      {3, {"march", "mars", "märz", "maerz", "mrz", "marzo", "março", "maart", "mrt", "березень", "березня", "март",
           "марта"}},
      {4, {"april", "avril", "abril", "aprile", "квітень", "квітня", "апрель", "апреля"}},
      {5, {"may", "mai", "mayo", "maggio", "maio", "mei", "травень", "травня", "май", "мая"}},
      {6, {"june", "juin", "juni", "junio", "giugno", "junho", "червень", "червня", "июнь", "июня"}},
      {7, {"july", "juillet", "juli", "julio", "luglio", "julho", "липень", "липня", "июль", "июля"}},
      {8, {"august", "août", "agosto", "augustus", "серпень", "серпня", "август", "августа"}},
      {9, {"september", "septembre", "septiembre", "setiembre", "settembre", "setembro", "вересень", "вересня",
           "сентябрь", "сентября"}},
      {10, {"october", "octobre", "oktober", "octubre", "ottobre", "outubro", "жовтень", "жовтня", "октябрь",
            "октября"}},
      {11, {"november", "novembre", "noviembre", "novembro", "листопад", "листопада", "ноябрь", "ноября"}},
      {12, {"december", "décembre", "dezember", "diciembre", "dicembre", "dezembro", "грудень", "грудня", "декабрь",
            "декабря"}},
  }};
  return table;
}

struct FoldedName {
  std::string name;
  int month;
};

const std::vector<FoldedName>& folded_names() {
  static const std::vector<FoldedName> names = [] {
    std::vector<FoldedName> out;
    for (const Names& m : month_table())
      for (const std::string_view name : m.names) out.push_back({text::fold(name), m.month});
    return out;
  }();
  return names;
}

}  // namespace

bool valid_date(const Civil& c) {
  if (c.year < 1 || c.year > 9999 || c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31) return false;
  return year_month_day{year{c.year}, month{static_cast<unsigned>(c.month)}, day{static_cast<unsigned>(c.day)}}.ok();
}

std::optional<Timestamp> to_timestamp(const Civil& c) {
  if (!valid_date(c) || c.hour < 0 || c.hour > 23 || c.minute < 0 || c.minute > 59 || c.second < 0 || c.second > 60)
    return std::nullopt;
  const year_month_day ymd{year{c.year}, month{static_cast<unsigned>(c.month)}, day{static_cast<unsigned>(c.day)}};
  return sys_days{ymd} + hours{c.hour} + minutes{c.minute - c.offset_minutes} + seconds{c.second};
}

std::optional<Timestamp> with_time(Civil date, int hour, int minute, int second, std::optional<int> offset_minutes) {
  date.hour = hour;
  date.minute = minute;
  date.second = second;
  date.offset_minutes = offset_minutes.value_or(0);
  return to_timestamp(date);
}

int two_digit_year(int yy) { return yy + (yy < 50 ? 2000 : 1900); }

std::optional<int> month_of(std::string_view folded) {
  if (folded.empty()) return std::nullopt;
  const auto& names = folded_names();
  for (const FoldedName& n : names)
    if (n.name == folded) return n.month;
  if (text::utf8_length(folded) < 3) return std::nullopt;
  std::optional<int> found;
  for (const FoldedName& n : names) {
    if (!n.name.starts_with(folded)) continue;
    if (found && *found != n.month) return std::nullopt;  // "jui": juin or juillet
    found = n.month;
  }
  return found;
}

std::optional<int> named_zone_offset(std::string_view name) {
  if (name.size() < 2 || name.size() > 5) return std::nullopt;
  std::string lower;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
    lower += static_cast<char>(c | 0x20);
  }
  if (lower == "mez") return 60;    // Mitteleuropäische Zeit
  if (lower == "mesz") return 120;  // ... Sommerzeit
  if (lower == "am" || lower == "pm") return std::nullopt;
  // parse_date knows the zone names; without a time it refuses the words it does not know
  // (with one it would read them as UTC).
  static const Timestamp base = sys_days{year{2000} / 1 / 1};
  const auto t = parse_date("1 Jan 2000 " + lower);
  if (!t) return std::nullopt;
  const auto offset = static_cast<int>(duration_cast<minutes>(base - *t).count());
  if (offset == 0 && lower != "ut" && lower != "utc" && lower != "gmt" && lower != "wet")
    return std::nullopt;  // a weekday ("wed") that parse_date skipped, not a zone
  return offset;
}

}  // namespace vigil::feeds::detail
