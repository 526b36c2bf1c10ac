#include "feeds/dates.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <utility>

#include "text/whitespace.hpp"

namespace vigil::feeds {
namespace {

using namespace std::chrono;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads up to `max` digits at s[pos]; at least `min`. Advances pos.
bool read_number(std::string_view s, std::size_t& pos, std::size_t min, std::size_t max, int& out) {
  std::size_t n = 0;
  out = 0;
  while (pos < s.size() && n < max && is_digit(s[pos])) {
    out = out * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  return n >= min;
}

struct Civil {
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // east of UTC
};

std::optional<Timestamp> to_timestamp(const Civil& c) {
  if (c.year < 1 || c.year > 9999 || c.month < 1 || c.month > 12) return std::nullopt;
  const year_month_day ymd{year{c.year}, month{static_cast<unsigned>(c.month)}, day{static_cast<unsigned>(c.day)}};
  if (c.day < 1 || !ymd.ok()) return std::nullopt;
  const bool end_of_day = c.hour == 24 && c.minute == 0 && c.second == 0;  // ISO 8601 "24:00"
  if ((c.hour > 23 && !end_of_day) || c.minute > 59 || c.second > 60) return std::nullopt;
  return sys_days{ymd} + hours{c.hour} + minutes{c.minute - c.offset_minutes} + seconds{c.second};
}

// "+0200", "+02:00", "+02", "+2", "-0530" at s (sign included); the whole of s must match.
std::optional<int> numeric_zone(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  std::size_t pos = 1;
  int h = 0, m = 0;
  const std::size_t digits_start = pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  const std::size_t n = pos - digits_start;
  const std::string_view digits = s.substr(digits_start, n);
  auto value = [](std::string_view d) {
    int v = 0;
    for (char c : d) v = v * 10 + (c - '0');
    return v;
  };
  if (n == 1 || n == 2) {
    h = value(digits);
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_number(s, pos, 2, 2, m)) return std::nullopt;
    }
  } else if (n == 3 || n == 4) {
    h = value(digits.substr(0, n - 2));
    m = value(digits.substr(n - 2));
  } else {
    return std::nullopt;
  }
  if (pos != s.size() || h > 23 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

std::optional<int> named_zone(std::string_view lowered) {
  static constexpr std::array<std::pair<std::string_view, int>, 47> zones{{
      {"ut", 0},       {"utc", 0},      {"gmt", 0},     {"z", 0},       {"wet", 0},
      {"west", 60},    {"bst", 60},     {"cet", 60},    {"met", 60},    {"wat", 60},
      {"cest", 120},   {"mest", 120},   {"eet", 120},   {"cat", 120},   {"sast", 120},
      {"eest", 180},   {"msk", 180},    {"eat", 180},   {"pkt", 300},   {"ist", 330},
      {"wib", 420},    {"hkt", 480},    {"sgt", 480},   {"awst", 480},  {"jst", 540},
      {"kst", 540},    {"acst", 570},   {"acdt", 630},  {"aest", 600},  {"aedt", 660},
      {"nzst", 720},   {"nzdt", 780},   {"ndt", -150},  {"nst", -210},  {"adt", -180},
      {"ast", -240},   {"edt", -240},   {"est", -300},  {"cdt", -300},  {"cst", -360},
      {"mdt", -360},   {"mst", -420},   {"pdt", -420},  {"pst", -480},  {"akdt", -480},
      {"akst", -540},  {"hst", -600},
  }};
  for (const auto& [name, offset] : zones)
    if (name == lowered) return offset;
  // Military letters: A-I and K-M are +1..+12 hours, N-Y are -1..-12 (J is unused).
  if (lowered.size() == 1) {
    const char c = lowered[0];
    if (c >= 'a' && c <= 'i') return (c - 'a' + 1) * 60;
    if (c >= 'k' && c <= 'm') return (c - 'k' + 10) * 60;
    if (c >= 'n' && c <= 'y') return -(c - 'n' + 1) * 60;
  }
  return std::nullopt;
}

// A token that names something in `names` by its full name or a prefix of at least 3 letters
// ("Wed", "Wednes", "Sept"); returns its index.
template <std::size_t N>
std::optional<int> match_name(std::string_view lowered, const std::array<std::string_view, N>& names) {
  if (lowered.size() < 3) return std::nullopt;
  for (std::size_t i = 0; i < N; ++i)
    if (names[i].starts_with(lowered)) return static_cast<int>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 7> weekdays{"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 12> months{"january", "february", "march", "april", "may", "june",
                                                  "july", "august", "september", "october", "november",
                                                  "december"};

// RFC 3339 / ISO 8601 / W3CDTF. The whole text must match.
std::optional<Timestamp> parse_iso(std::string_view s) {
  Civil c;
  std::size_t pos = 0;
  if (!read_number(s, pos, 4, 4, c.year)) return std::nullopt;
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    if (!read_number(s, pos, 2, 2, c.month)) return std::nullopt;
    if (pos < s.size() && s[pos] == '-') {
      ++pos;
      if (!read_number(s, pos, 2, 2, c.day)) return std::nullopt;
    }
  }
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    if (!read_number(s, pos, 2, 2, c.hour) || pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    if (!read_number(s, pos, 2, 2, c.minute)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_number(s, pos, 2, 2, c.second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos])) ++pos;  // fractions are dropped
        if (pos == start) return std::nullopt;
      }
    }
  }
  std::string_view zone = text::trim(s.substr(pos));
  if (!zone.empty()) {
    const std::string lowered = lower(zone);
    if (lowered == "z" || lowered == "utc" || lowered == "gmt") {
      c.offset_minutes = 0;
    } else if (auto offset = numeric_zone(zone)) {
      c.offset_minutes = *offset;
    } else {
      return std::nullopt;
    }
  }
  return to_timestamp(c);
}

// RFC 822 family: order-tolerant tokens.
class Rfc822Reader {
 public:
  std::optional<Timestamp> read(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
      while (pos < s.size() && (is_space(s[pos]) || s[pos] == ',')) ++pos;
      if (pos >= s.size()) break;
      if (s[pos] == '(') {  // "(PST)": a comment
        const std::size_t close = s.find(')', pos);
        if (close == std::string_view::npos) return std::nullopt;
        pos = close + 1;
        continue;
      }
      std::size_t end = pos;
      while (end < s.size() && !is_space(s[end]) && s[end] != ',' && s[end] != '(') ++end;
      if (!token(s.substr(pos, end - pos))) return std::nullopt;
      pos = end;
    }
    return finish();
  }

 private:
  bool token(std::string_view t) {
    while (!t.empty() && t.back() == '.') t.remove_suffix(1);  // "Nov." "Wed."
    if (t.empty()) return true;
    if (is_digit(t[0]) && t.find(':') != std::string_view::npos) return time(t);
    if (is_digit(t[0])) {
      // "20-Nov-2024": split on dashes.
      if (t.find('-') != std::string_view::npos) return dashed(t);
      if (t.size() > 4) return false;
      for (char c : t)
        if (!is_digit(c)) return false;
      if (number_count_ < numbers_.size()) numbers_[number_count_] = t;
      ++number_count_;
      return true;
    }
    if (t[0] == '+' || t[0] == '-') return zone_numeric(t);
    return word(t);
  }

  bool dashed(std::string_view t) {
    std::size_t pos = 0;
    while (pos <= t.size()) {
      const std::size_t dash = std::min(t.find('-', pos), t.size());
      if (dash == pos || !token(t.substr(pos, dash - pos))) return false;
      pos = dash + 1;
    }
    return true;
  }

  bool time(std::string_view t) {
    if (have_time_) return false;
    have_time_ = true;
    std::size_t pos = 0;
    if (!read_number(t, pos, 1, 2, hour_) || pos >= t.size() || t[pos] != ':') return false;
    ++pos;
    if (!read_number(t, pos, 2, 2, minute_)) return false;
    if (pos < t.size() && t[pos] == ':') {
      ++pos;
      if (!read_number(t, pos, 2, 2, second_)) return false;
      if (pos < t.size() && t[pos] == '.') {
        ++pos;
        while (pos < t.size() && is_digit(t[pos])) ++pos;
      }
    }
    const std::string_view rest = t.substr(pos);  // "14:05:00Z", "2:05PM", "14:05+0200"
    if (rest.empty()) return true;
    if (rest[0] == '+' || rest[0] == '-') return zone_numeric(rest);
    return word(rest);
  }

  bool zone_numeric(std::string_view t) {
    if (offset_) return false;
    offset_ = numeric_zone(t);
    return offset_.has_value();
  }

  bool word(std::string_view t) {
    for (char c : t)
      if (!is_alpha(c) && c != '+' && c != '-' && c != ':' && !is_digit(c)) return false;
    const std::string w = lower(t);
    if (match_name(w, weekdays)) return true;
    if (auto m = match_name(w, months)) {
      if (month_) return false;
      month_ = *m + 1;
      return true;
    }
    if (w == "am" || w == "pm") {
      if (meridiem_) return false;
      meridiem_ = w == "pm" ? 12 : 0;
      return true;
    }
    // "GMT+0200", "UTC-5": a zone name followed by an offset.
    if (const auto sign = w.find_first_of("+-"); sign != std::string::npos && sign > 0) {
      const std::string base = w.substr(0, sign);
      if (base != "gmt" && base != "utc" && base != "ut") return false;
      return zone_numeric(t.substr(sign));
    }
    for (char c : w)
      if (!is_alpha(c)) return false;
    if (offset_) return false;
    if (auto z = named_zone(w)) {
      offset_ = z;
      return true;
    }
    // RFC 2822 reads unknown zone names as UTC; only accept them where a zone belongs.
    if (have_time_ && w.size() >= 3 && w.size() <= 5) {
      offset_ = 0;
      return true;
    }
    return false;
  }

  std::optional<Timestamp> finish() {
    if (!month_ || number_count_ != 2) return std::nullopt;
    auto value = [](std::string_view d) {
      int v = 0;
      for (char c : d) v = v * 10 + (c - '0');
      return v;
    };
    std::string_view day = numbers_[0], year = numbers_[1];
    if (day.size() > 2 || value(day) > 31) std::swap(day, year);  // "2024 Nov 20"
    if (day.size() > 2) return std::nullopt;
    Civil c;
    c.day = value(day);
    c.year = value(year);
    if (year.size() <= 2) c.year += c.year < 50 ? 2000 : 1900;
    else if (year.size() == 3) c.year += 1900;
    c.month = *month_;
    c.hour = hour_;
    c.minute = minute_;
    c.second = second_;
    if (meridiem_) {
      if (hour_ < 1 || hour_ > 12) return std::nullopt;
      c.hour = hour_ % 12 + *meridiem_;
    }
    c.offset_minutes = offset_.value_or(0);
    return to_timestamp(c);
  }

  std::array<std::string_view, 2> numbers_;  // day and year, in either order; more is an error
  std::size_t number_count_ = 0;
  std::optional<int> month_;
  std::optional<int> offset_;
  std::optional<int> meridiem_;
  bool have_time_ = false;
  int hour_ = 0, minute_ = 0, second_ = 0;
};

// The layout nearly every RSS generator writes, "Wed, 20 Nov 2024 14:05:00 +0000" (or GMT),
// read without Rfc822Reader's token machinery and to the same Civil it would build. False
// for any other layout, or for values Rfc822Reader would treat differently (it then reads s).
bool read_usual_rfc822(std::string_view s, Civil& c) {
  if ((s.size() != 29 && s.size() != 31) || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
      s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' ')
    return false;
  auto number = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!is_digit(s[i])) return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto word = [&](std::size_t from) -> std::optional<std::string> {
    const std::string_view w = s.substr(from, 3);
    for (const char ch : w)
      if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) return std::nullopt;
    return lower(w);
  };
  const auto weekday = word(0), month_name = word(8);
  if (!weekday || !month_name || !match_name(*weekday, weekdays)) return false;
  const auto month = match_name(*month_name, months);
  if (!month || match_name(*month_name, weekdays)) return false;
  if (!number(5, 2, c.day) || c.day > 31 || !number(12, 4, c.year) || !number(17, 2, c.hour) ||
      !number(20, 2, c.minute) || !number(23, 2, c.second))
    return false;
  c.month = *month + 1;
  const std::string_view zone = s.substr(26);
  if (zone == "GMT") {
    c.offset_minutes = 0;
    return true;
  }
  int h = 0, m = 0;
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-') || !number(27, 2, h) || !number(29, 2, m) || h > 23 ||
      m > 59)
    return false;
  c.offset_minutes = (zone[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

bool iso_shaped(std::string_view s) {
  return s.size() >= 4 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
         (s.size() == 4 || s[4] == '-');
}

// Other spellings of ISO dates, rewritten to the extended form parse_iso reads: the basic
// format ("20241120T140500Z", "20241120") and slashes ("2024/11/20 14:05:00").
std::optional<std::string> extended_iso(std::string_view s) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (s.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (!is_digit(s[i])) return false;
    return true;
  };
  if (digits(0, 4) && s.size() >= 10 && s[4] == '/' && digits(5, 2) && s[7] == '/' && digits(8, 2)) {
    std::string out(s);
    out[4] = out[7] = '-';
    return out;
  }
  if (!digits(0, 8) || (s.size() > 8 && s[8] != 'T' && s[8] != 't')) return std::nullopt;
  std::string out = std::string(s.substr(0, 4)) + '-' + std::string(s.substr(4, 2)) + '-' + std::string(s.substr(6, 2));
  if (s.size() == 8) return out;
  if (!digits(9, 4)) return std::nullopt;
  out += 'T' + std::string(s.substr(9, 2)) + ':' + std::string(s.substr(11, 2));
  std::size_t pos = 13;
  if (digits(13, 2)) {
    out += ':' + std::string(s.substr(13, 2));
    pos = 15;
  }
  out += s.substr(pos);
  return out;
}

}  // namespace

std::optional<Timestamp> parse_date(std::string_view text) {
  const std::string_view s = text::trim(text);
  if (s.empty() || s.size() > 200) return std::nullopt;
  if (const auto rewritten = extended_iso(s)) return parse_iso(*rewritten);
  if (iso_shaped(s)) return parse_iso(s);
  if (Civil c; read_usual_rfc822(s, c)) return to_timestamp(c);
  return Rfc822Reader{}.read(s);
}

}  // namespace vigil::feeds
