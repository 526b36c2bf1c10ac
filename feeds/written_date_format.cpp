// A source's date_format, read like strptime but without the C library: its month names are
// those of every language month_of knows, whatever the process locale is.
#include <string>

#include "feeds/written_date_parts.hpp"
#include "text/utf8.hpp"
#include "text/words.hpp"

namespace vigil::feeds::detail {
namespace {

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Letters for month and weekday names: ASCII letters, and past ASCII anything but spaces and
// the usual punctuation (general punctuation, guillemets, degree, middle dot).
bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (is_space(cp)) return false;
  return !(cp >= 0x2010 && cp <= 0x205F) && cp != 0xAB && cp != 0xBB && cp != 0xB0 && cp != 0xB7;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// %T, %R, %F and %D spelled out, so the reader knows only the basic directives.
std::string expand(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out += format[i];
      continue;
    }
    const char d = format[++i];
    switch (d) {
      case 'T': out += "%H:%M:%S"; break;
      case 'R': out += "%H:%M"; break;
      case 'F': out += "%Y-%m-%d"; break;
      case 'D': out += "%m/%d/%y"; break;
      default: out += '%'; out += d; break;
    }
  }
  return out;
}

class FormatReader {
 public:
  FormatReader(std::string_view format, std::string_view text) : f_(format), s_(text) {}

  std::optional<Timestamp> read(std::size_t start) {
    pos_ = start;
    c_ = Civil{.year = 0, .month = 1, .day = 1};
    have_year_ = false;
    pm_.reset();
    for (std::size_t i = 0; i < f_.size(); ++i) {
      const char fc = f_[i];
      if (fc == ' ' || fc == '\t' || fc == '\n') {
        skip_spaces();
      } else if (fc != '%') {
        if (pos_ >= s_.size() || lower(s_[pos_]) != lower(fc)) return std::nullopt;
        ++pos_;
      } else {
        if (i + 1 == f_.size()) return std::nullopt;  // a format ending in a lone '%'
        const char next = i + 2 < f_.size() ? f_[i + 2] : '\0';
        if (!directive(f_[++i], next)) return std::nullopt;
      }
    }
    if (!have_year_ || continues_word()) return std::nullopt;
    if (pm_) {
      if (c_.hour < 1 || c_.hour > 12) return std::nullopt;
      c_.hour = c_.hour % 12 + (*pm_ ? 12 : 0);
    }
    return to_timestamp(c_);
  }

 private:
  // `next` is the format character after the directive, so an abbreviation's dot is not
  // taken when the format writes it ("%b. %d").
  bool directive(char d, char next) {
    switch (d) {
      case 'd': case 'e': return number(1, 2, c_.day);
      case 'm': return number(1, 2, c_.month);
      case 'y': {
        if (!number(2, 2, c_.year)) return false;
        c_.year = two_digit_year(c_.year);
        have_year_ = true;
        return true;
      }
      case 'Y': return have_year_ = number(4, 4, c_.year);
      case 'H': case 'I': return number(1, 2, c_.hour);
      case 'M': return number(1, 2, c_.minute);
      case 'S': return number(1, 2, c_.second);
      case 'b': case 'B': case 'h': {
        const std::string_view name = letters(next);
        if (name.empty()) return false;
        const auto m = month_of(text::fold(name));
        if (m) c_.month = *m;
        return m.has_value();
      }
      case 'a': case 'A': return !letters(next).empty();  // a weekday: any word, not checked
      case 'p': return meridiem();
      case 'z': return numeric_zone();
      case 'Z': return zone_name();
      case 'n': case 't': skip_spaces(); return true;
      case '%': return pos_ < s_.size() && s_[pos_++] == '%';
      default: return false;
    }
  }

  void skip_spaces() {
    while (pos_ < s_.size()) {
      const text::Decoded d = text::decode_utf8(s_, pos_);
      if (!is_space(d.cp)) break;
      pos_ += d.length;
    }
  }

  bool number(std::size_t min, std::size_t max, int& out) {
    skip_spaces();
    std::size_t n = 0;
    out = 0;
    while (pos_ < s_.size() && n < max && s_[pos_] >= '0' && s_[pos_] <= '9') {
      out = out * 10 + (s_[pos_++] - '0');
      ++n;
    }
    return n >= min;
  }

  std::string_view letters(char next) {
    skip_spaces();
    const std::size_t start = pos_;
    while (pos_ < s_.size()) {
      const text::Decoded d = text::decode_utf8(s_, pos_);
      if (!d.valid || !is_letter(d.cp)) break;
      pos_ += d.length;
    }
    const std::string_view run = s_.substr(start, pos_ - start);
    if (!run.empty() && next != '.' && pos_ < s_.size() && s_[pos_] == '.') ++pos_;  // "Nov."
    return run;
  }

  bool take_nocase(std::string_view word) {
    if (s_.size() - pos_ < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (lower(s_[pos_ + i]) != word[i]) return false;
    pos_ += word.size();
    return true;
  }

  bool meridiem() {
    skip_spaces();
    for (const auto& [word, pm] : {std::pair{"a.m.", false}, std::pair{"p.m.", true}, std::pair{"am", false},
                                   std::pair{"pm", true}}) {
      if (take_nocase(word)) {
        pm_ = pm;
        return true;
      }
    }
    return false;
  }

  // "Z", "+02", "+0200", "+02:00", "-05:00".
  bool numeric_zone() {
    skip_spaces();
    if (pos_ < s_.size() && (s_[pos_] == 'Z' || s_[pos_] == 'z')) {
      ++pos_;
      c_.offset_minutes = 0;
      return true;
    }
    if (pos_ >= s_.size() || (s_[pos_] != '+' && s_[pos_] != '-')) return false;
    const int sign = s_[pos_++] == '-' ? -1 : 1;
    int h = 0, m = 0;
    if (!number(2, 2, h)) return false;
    if (pos_ < s_.size() && s_[pos_] == ':') ++pos_;
    if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9' && !number(2, 2, m)) return false;
    if (h > 23 || m > 59) return false;
    c_.offset_minutes = sign * (h * 60 + m);
    return true;
  }

  // A zone abbreviation; one parse_date does not know counts as UTC, as it does there.
  bool zone_name() {
    skip_spaces();
    const std::size_t start = pos_;
    while (pos_ < s_.size() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z'))) ++pos_;
    const std::string_view name = s_.substr(start, pos_ - start);
    if (name.empty()) return false;
    c_.offset_minutes = named_zone_offset(name).value_or(0);
    return true;
  }

  // Whether the text goes on with a letter or digit right after the match ("2026" read from
  // "20261").
  bool continues_word() const {
    if (pos_ >= s_.size()) return false;
    if (is_ascii_alnum(s_[pos_])) return true;
    const text::Decoded d = text::decode_utf8(s_, pos_);
    return d.cp >= 0x80 && is_letter(d.cp);
  }

  std::string_view f_, s_;
  std::size_t pos_ = 0;
  Civil c_;
  bool have_year_ = false;
  std::optional<bool> pm_;
};

}  // namespace

std::optional<Timestamp> parse_with_format(std::string_view text, std::string_view format) {
  const std::string expanded = expand(format);
  FormatReader reader(expanded, text);
  for (std::size_t start = 0; start < text.size(); ++start) {
    // The start of the text or of a word: after a space or ASCII punctuation.
    if (start > 0) {
      const char before = text[start - 1];
      const bool after_nbsp = start >= 2 && text[start - 2] == '\xC2' && before == '\xA0';
      if (is_ascii_alnum(before) || (static_cast<unsigned char>(before) >= 0x80 && !after_nbsp)) continue;
      if (text[start] == ' ' || text[start] == '\t') continue;
    }
    if (auto t = reader.read(start)) return t;
  }
  return std::nullopt;
}

}  // namespace vigil::feeds::detail
