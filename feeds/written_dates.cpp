// parse_written_date: a source's own format first, then the machine forms parse_date knows,
// then dates written for people, found among the words around them.
#include "feeds/written_dates.hpp"

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "feeds/dates.hpp"
#include "feeds/written_date_parts.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"
#include "text/words.hpp"

namespace vigil::feeds {
namespace {

using detail::Civil;
using detail::Found;

constexpr std::size_t max_text = 1024;  // dates are short; a longer text is read from its start
constexpr std::size_t max_tokens = 256;

// ---- tokens ---------------------------------------------------------------------------------

struct Token {
  enum class Kind { number, word, punct };
  Kind kind = Kind::punct;
  std::string text;  // digits; a folded word; one punctuation character
  bool space_before = false;
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Numbers, folded words (text::tokenize's word boundaries and folding, so "Листопада" is
// "листопада" and "Décembre" is "decembre") and the punctuation between them. Digits and
// letters inside one word are split: "26th" is 26 + th, "14h05" is 14 + h + 05.
std::vector<Token> date_tokens(std::string_view s) {
  std::vector<Token> out;
  bool space = false;
  std::size_t gap_start = 0;
  auto read_gap = [&](std::size_t end) {
    for (std::size_t pos = gap_start; pos < end;) {
      const text::Decoded d = text::decode_utf8(s, pos);
      if (!d.valid || is_space(d.cp)) {  // stray bytes separate words as spaces do
        space = true;
      } else {
        out.push_back({Token::Kind::punct, std::string(s.substr(pos, d.length)), space});
        space = false;
      }
      pos += d.length;
    }
  };
  for (const text::Token& word : text::tokenize(s)) {
    if (word.span != 1) continue;  // compounds repeat their parts
    if (out.size() >= max_tokens) break;
    read_gap(word.begin);
    gap_start = word.end;
    const std::string& w = word.word;
    for (std::size_t i = 0; i < w.size();) {
      const bool digits = is_ascii_digit(w[i]);
      std::size_t j = i;
      while (j < w.size() && is_ascii_digit(w[j]) == digits) ++j;
      out.push_back({digits ? Token::Kind::number : Token::Kind::word, w.substr(i, j - i), space});
      space = false;
      i = j;
    }
  }
  return out;
}

// Long digit runs saturate: they are never a date's part, and must not overflow.
int value_of(std::string_view digits) {
  if (digits.size() > 9) return 999'999'999;
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  for (const auto& x : set)
    if (x == s) return true;
  return false;
}

// ---- written forms --------------------------------------------------------------------------

struct DatePart {
  Civil civil;
  std::size_t end = 0;  // token after the date
};
struct TimePart {
  int hour = 0, minute = 0, second = 0;
  std::optional<int> offset;  // minutes east of UTC
  std::size_t end = 0;
};

// Words and signs between a date and its time: ", at 14:05", "à 14h05", "um 14:05 Uhr",
// "a las 14:05", "г. в 14:05", "2026-11-26T14:05".
constexpr std::array<std::string_view, 12> filler_punct{",", "-", "–", "—", "|", "·", "•", "@", "/", ".", ";", "("};
constexpr std::array<std::string_view, 19> filler_words{"at", "a", "as", "um", "om", "alle", "ore", "las", "la",
                                                         "o", "в", "о", "t", "kl", "klo", "ob", "on", "г", "р"};
constexpr std::size_t max_fillers = 4;
// After a day number: "26th", "1er", "1º", "1.º".
constexpr std::array<std::string_view, 7> ordinals{"st", "nd", "rd", "th", "er", "o", "a"};

class WrittenReader {
 public:
  explicit WrittenReader(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  // The first date in the text, with the time beside it (after it, or just before it).
  std::optional<Timestamp> read() {
    std::optional<TimePart> time_before;
    for (std::size_t i = 0; i < t_.size(); ++i) {
      DatePart date;
      const Found found = date_at(i, date);
      if (found == Found::invalid) return std::nullopt;  // "31 February 2026": no other reading
      if (found == Found::yes) {
        TimePart time;
        const Found t = time_at(skip_fillers(date.end), time);
        if (t == Found::invalid) return std::nullopt;
        if (t == Found::yes) return detail::with_time(date.civil, time.hour, time.minute, time.second, time.offset);
        if (time_before && skip_fillers(time_before->end) == i)
          return detail::with_time(date.civil, time_before->hour, time_before->minute, time_before->second,
                                   time_before->offset);
        return detail::to_timestamp(date.civil);
      }
      if (TimePart time; time_at(i, time) == Found::yes) {
        time_before = time;
        i = time.end - 1;  // "2:05 pm": not "05 pm" again
      }
    }
    return std::nullopt;
  }

 private:
  const Token* at(std::size_t i) const { return i < t_.size() ? &t_[i] : nullptr; }
  bool number(std::size_t i, std::size_t min_digits, std::size_t max_digits) const {
    const Token* t = at(i);
    return t && t->kind == Token::Kind::number && t->text.size() >= min_digits && t->text.size() <= max_digits;
  }
  bool punct(std::size_t i, std::string_view p) const {
    const Token* t = at(i);
    return t && t->kind == Token::Kind::punct && t->text == p;
  }
  bool word(std::size_t i, std::string_view w) const {
    const Token* t = at(i);
    return t && t->kind == Token::Kind::word && t->text == w;
  }
  std::optional<int> month(std::size_t i) const {
    const Token* t = at(i);
    if (!t || t->kind != Token::Kind::word) return std::nullopt;
    return detail::month_of(t->text);
  }
  int value(std::size_t i) const { return value_of(t_[i].text); }

  std::size_t skip_fillers(std::size_t i) const {
    for (std::size_t n = 0; n < max_fillers; ++n) {
      const Token* t = at(i);
      if (!t) break;
      const bool filler = t->kind == Token::Kind::punct ? one_of(t->text, filler_punct)
                                                        : t->kind == Token::Kind::word && one_of(t->text, filler_words);
      if (!filler) break;
      ++i;
    }
    return i;
  }

  Found date_at(std::size_t i, DatePart& out) const {
    if (number(i, 1, 2)) {
      if (const Found f = day_month_year(i, out); f != Found::no) return f;
      return numeric(i, out);
    }
    if (number(i, 4, 4)) return numeric(i, out);
    if (month(i)) return month_day_year(i, out);
    return Found::no;
  }

  std::size_t skip_ordinal(std::size_t j) const {
    if (punct(j, ".")) ++j;
    if (const Token* t = at(j); t && t->kind == Token::Kind::word && !t->space_before && one_of(t->text, ordinals)) {
      ++j;
      if (punct(j, ".")) ++j;
    }
    if (punct(j, "°")) ++j;
    return j;
  }

  Found finish(int year, int month, int day, std::size_t end, DatePart& out) const {
    out.civil = Civil{.year = year, .month = month, .day = day};
    out.end = end;
    return detail::valid_date(out.civil) ? Found::yes : Found::invalid;
  }

  // "26 November 2026", "26. November 2026", "26th of November, 2026", "26 de noviembre de
  // 2026", "26-Nov-2026", "26 листопада 2026".
  Found day_month_year(std::size_t i, DatePart& out) const {
    std::size_t j = skip_ordinal(i + 1);
    if (word(j, "of") || word(j, "de")) ++j;
    else if (punct(j, "-") || punct(j, "/")) ++j;
    const auto m = month(j);
    if (!m) return Found::no;
    ++j;
    if (punct(j, ".")) ++j;
    if (punct(j, ",")) ++j;
    if (word(j, "de") || word(j, "del")) ++j;
    else if (punct(j, "-") || punct(j, "/")) ++j;
    if (!number(j, 4, 4)) return Found::no;
    return finish(value(j), *m, value(i), j + 1, out);
  }

  // "November 26, 2026", "Nov. 26th 2026".
  Found month_day_year(std::size_t i, DatePart& out) const {
    const int m = *month(i);
    std::size_t j = i + 1;
    if (punct(j, ".")) ++j;
    if (!number(j, 1, 2)) return Found::no;
    const std::size_t day = j;
    j = skip_ordinal(j + 1);
    if (punct(j, ",")) ++j;
    if (!number(j, 4, 4)) return Found::no;
    return finish(value(j), m, value(day), j + 1, out);
  }

  // "26/11/2026", "26.11.2026", "26-11-26": day first unless only month first makes a date;
  // "2026.11.26" year first. Versions and addresses ("1.2.3.4") are not dates.
  Found numeric(std::size_t i, DatePart& out) const {
    const Token* sep = at(i + 1);
    if (!sep || sep->kind != Token::Kind::punct || (sep->text != "/" && sep->text != "." && sep->text != "-"))
      return Found::no;
    const std::string_view s = sep->text;
    if (!number(i + 2, 1, 2) || !punct(i + 3, s) || !at(i + 4) || at(i + 4)->kind != Token::Kind::number)
      return Found::no;
    for (std::size_t k = i + 1; k <= i + 4; ++k)
      if (t_[k].space_before) return Found::no;
    if (punct(i + 5, s) && !t_[i + 5].space_before && at(i + 6) && at(i + 6)->kind == Token::Kind::number)
      return Found::no;
    if (i >= 2 && punct(i - 1, s) && !t_[i].space_before && t_[i - 2].kind == Token::Kind::number) return Found::no;
    const int a = value(i), b = value(i + 2), c = value(i + 4);
    if (t_[i].text.size() == 4) {
      if (!number(i + 4, 1, 2)) return Found::no;
      return finish(a, b, c, i + 5, out);
    }
    const std::size_t year_digits = t_[i + 4].text.size();
    if (year_digits != 4 && year_digits != 2) return Found::no;
    const int year = year_digits == 4 ? c : detail::two_digit_year(c);
    if (finish(year, b, a, i + 5, out) == Found::yes) return Found::yes;  // day first
    return finish(year, a, b, i + 5, out);
  }

  // "14:05", "14:05:30", "2:05 pm", "2 p.m.", "14h05", "14h", "14.05 Uhr", "14 Uhr", each with
  // an optional zone ("UTC", "CET", "+02:00", "GMT+2").
  Found time_at(std::size_t j, TimePart& out) const {
    if (!number(j, 1, 2)) return Found::no;
    out = TimePart{};
    out.hour = value(j);
    std::size_t k = j + 1;
    bool has_minutes = false;
    if (punct(k, ":") && number(k + 1, 2, 2)) {
      out.minute = value(k + 1);
      k += 2;
      has_minutes = true;
      if (punct(k, ":") && number(k + 1, 2, 2)) {
        out.second = value(k + 1);
        k += 2;
        if (punct(k, ".") && number(k + 1, 1, 9) && !t_[k + 1].space_before) k += 2;  // fraction
      }
    } else if (word(k, "h")) {
      ++k;
      if (number(k, 2, 2)) out.minute = value(k++);  // "14h05", "8 h 30"
      has_minutes = true;
    } else if (punct(k, ".") && number(k + 1, 2, 2) && (word(k + 2, "uhr") || word(k + 2, "h"))) {
      out.minute = value(k + 1);
      k += 3;
      has_minutes = true;
    } else if (word(k, "uhr")) {
      ++k;
      has_minutes = true;
    }
    const std::optional<bool> pm = meridiem(k);
    if (!has_minutes && !pm) return Found::no;
    if (pm) {
      if (out.hour < 1 || out.hour > 12) return Found::invalid;
      out.hour = out.hour % 12 + (*pm ? 12 : 0);
    }
    if (word(k, "uhr") || word(k, "h") || word(k, "hs") || word(k, "hrs")) ++k;
    out.offset = zone(k);
    out.end = k;
    if (out.hour > 23 || out.minute > 59 || out.second > 60) return Found::invalid;
    return Found::yes;
  }

  // "am"/"pm", "a.m."/"p.m." at k (advancing k): true for pm.
  std::optional<bool> meridiem(std::size_t& k) const {
    if (word(k, "am") || word(k, "pm")) return t_[k++].text == "pm";
    if ((word(k, "a") || word(k, "p")) && punct(k + 1, ".") && word(k + 2, "m")) {
      const bool pm = t_[k].text == "p";
      k += 3;
      if (punct(k, ".")) ++k;
      return pm;
    }
    return std::nullopt;
  }

  // A zone after a time (advancing k), or nullopt. A '-' offset needs a space before it or a
  // zone name, so "10:00-11:00" stays a range.
  std::optional<int> zone(std::size_t& k) const {
    std::size_t z = k;
    if (punct(z, "(")) ++z;
    std::optional<int> offset;
    bool named_utc = false;
    if (const Token* t = at(z); t && t->kind == Token::Kind::word) {
      if (t->text == "utc" || t->text == "gmt" || t->text == "ut" || t->text == "z") {
        offset = 0;
        named_utc = true;
        ++z;
      } else if (auto named = detail::named_zone_offset(t->text)) {
        offset = named;
        ++z;
      }
    }
    if (const Token* sign = at(z);
        (!offset || named_utc) && sign && (sign->text == "+" || (sign->text == "-" && (sign->space_before || named_utc)))) {
      const int direction = sign->text == "-" ? -1 : 1;
      int hours = -1, minutes = 0;
      std::size_t e = z + 1;
      if (number(e, 4, 4)) {
        hours = value(e) / 100;
        minutes = value(e) % 100;
        ++e;
      } else if (number(e, 1, 2)) {
        hours = value(e++);
        if (punct(e, ":") && number(e + 1, 2, 2)) {
          minutes = value(e + 1);
          e += 2;
        }
      }
      if (hours >= 0 && hours <= 23 && minutes <= 59) {
        offset = direction * (hours * 60 + minutes);
        z = e;
      }
    }
    if (!offset) return std::nullopt;
    if (punct(z, ")")) ++z;
    k = z;
    return offset;
  }

  std::vector<Token> t_;
};

}  // namespace

std::optional<Timestamp> parse_written_date(std::string_view text, std::string_view format) {
  std::string_view s = text::trim(text);
  std::string capped;
  if (s.size() > max_text) {
    capped = text::truncate_bytes(s, max_text);
    s = capped;
  }
  if (s.empty()) return std::nullopt;
  if (!format.empty())
    if (auto t = detail::parse_with_format(s, format)) return t;
  if (auto t = parse_date(s)) return t;
  return WrittenReader(date_tokens(s)).read();
}

}  // namespace vigil::feeds
