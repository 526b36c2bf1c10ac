#include "alerts/mime.hpp"

#include <array>
#include <chrono>
#include <vector>

#include <fmt/format.h>

#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::size_t kMaxLine = 78;          // RFC 5322's recommended header line length
constexpr std::size_t kMaxEncodedWord = 75;   // RFC 2047 section 2
constexpr std::size_t kMaxEncodedLine = 76;   // a line holding encoded-words (RFC 2047 section 2)
constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";
constexpr char kHex[] = "0123456789ABCDEF";

std::size_t base64_length(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

void append_qp_byte(std::string& token, unsigned char b) {
  token += '=';
  token += kHex[b >> 4];
  token += kHex[b & 0xF];
}

// Encodes one hard line (without its line end) as QP output lines joined by soft breaks.
void encode_qp_line(std::string_view line, std::string& out) {
  constexpr std::size_t kLimit = 75;  // leaves room for the soft-break '='
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    std::string token;
    const bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
    if (literal) token += static_cast<char>(b);
    else append_qp_byte(token, b);
    if (column + token.size() > kLimit) {
      out += "=\r\n";
      column = 0;
    }
    // A line that starts with '.' is encoded so that no transport can mistake it for the end.
    if (column == 0 && token == ".") token = "=2E";
    out += token;
    column += token.size();
  }
}

}  // namespace

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 2);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    const bool has_end = end != std::string_view::npos;
    if (!has_end) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    encode_qp_line(line, out);
    if (has_end) out += "\r\n";
    if (!has_end) break;
    start = end + 1;
  }
  return out;
}

std::string encode_base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(base64_length(bytes.size()));
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = bytes.size() - i; left > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (left == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += left == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encoded_words(std::string_view text, std::size_t first_line_used) {
  const std::size_t overhead = kWordPrefix.size() + kWordSuffix.size();
  std::string out;
  std::size_t line_used = first_line_used;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // The longest run of whole UTF-8 characters whose word fits both 75 and the line.
    const std::size_t room = std::min(kMaxEncodedWord, kMaxEncodedLine > line_used ? kMaxEncodedLine - line_used : 0);
    std::size_t end = pos;
    while (end < text.size()) {
      const std::size_t next = std::min(text.size(), end + text::utf8_sequence_length(static_cast<unsigned char>(text[end])));
      if (overhead + base64_length(next - pos) > room && end > pos) break;
      end = next;
      if (overhead + base64_length(end - pos) > room) break;  // a lone character wider than the room
    }
    out += kWordPrefix;
    out += encode_base64(text.substr(pos, end - pos));
    out += kWordSuffix;
    pos = end;
    if (pos < text.size()) {
      out += "\r\n ";
      line_used = 1;
    }
  }
  return out;
}

std::string unstructured_header(std::string_view name, std::string_view value) {
  const std::string text = text::single_line(value);
  std::vector<std::string_view> words;
  bool needs_encoding = !text::is_ascii(text) || text.find("=?") != std::string::npos;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    words.push_back(std::string_view(text).substr(start, end - start));
    if (end - start + 1 > kMaxLine - 2) needs_encoding = true;  // cannot be folded short enough
    start = end + 1;
  }
  std::string out = fmt::format("{}: ", name);
  if (needs_encoding) {
    out += encoded_words(text, out.size());
  } else {
    std::size_t line_used = out.size();
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i > 0) {
        if (line_used + 1 + words[i].size() > kMaxLine) {
          out += "\r\n";
          line_used = 0;
        }
        out += ' ';
        ++line_used;
      }
      out += words[i];
      line_used += words[i].size();
    }
  }
  out += "\r\n";
  return out;
}

std::string rfc5322_date(Timestamp t) {
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[wd.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

}  // namespace vigil::alerts
