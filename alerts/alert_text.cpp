#include "alerts/alert_text.hpp"

#include <chrono>

#include <fmt/format.h>

#include "alerts/http_url.hpp"
#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

// Links go out as ASCII: bytes outside it (an IRI's path, or garbage) are percent-encoded,
// which every browser reads back as the same address.
std::string ascii_link(std::string_view link) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : link) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string readable_utc(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} UTC", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count());
}

AlertText alert_text(const Alert& alert, std::size_t summary_limit) {
  AlertText text;
  for (const auto& topic : alert.topics) {
    const std::string name = text::single_line(topic);
    if (name.empty()) continue;
    if (!text.topics.empty()) text.topics += ", ";
    text.topics += name;
  }
  text.title = text::single_line(alert.item.title);
  if (text.title.empty()) text.title = "(no title)";
  text.source = text::single_line(alert.item.source);
  text.date = readable_utc(alert.item.published.value_or(alert.created));
  if (is_http_url(alert.item.link)) text.link = ascii_link(alert.item.link);
  const std::string& html = alert.item.summary.empty() ? alert.item.content : alert.item.summary;
  text.summary = text::truncate_chars(text::html_to_text(html, {.layout = text::TextLayout::paragraphs}), summary_limit);
  return text;
}

std::string alert_subject(const AlertText& text) {
  if (text.topics.empty()) return "[vigil] " + text.title;
  return "[vigil] " + text.topics + ": " + text.title;
}

}  // namespace vigil::alerts
