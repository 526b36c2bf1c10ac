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

std::string mark_snippet(const Match& match, std::string_view open, std::string_view close, bool escape) {
  const std::string_view snippet = match.snippet;
  auto piece = [&](std::size_t from, std::size_t to) {
    const auto part = snippet.substr(from, to - from);
    return escape ? text::escape_html(part) : std::string(part);
  };
  std::string out;
  std::size_t at = 0;
  for (const auto& h : match.highlights) {
    if (h.begin < at || h.end > snippet.size() || h.begin >= h.end) continue;  // stored data: trust nothing
    out += piece(at, h.begin);
    out += open;
    out += piece(h.begin, h.end);
    out += close;
    at = h.end;
  }
  out += piece(at, snippet.size());
  return out;
}

std::string readable_utc(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} UTC", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count());
}

HealthKind health_kind(const Alert& alert) {
  if (!alert.health) return HealthKind::none;
  return alert.health_event == HealthEvent::recovered ? HealthKind::recovered : HealthKind::problem;
}

AlertText alert_text(const Alert& alert, std::size_t summary_limit) {
  AlertText text;
  text.health = health_kind(alert);
  // A health notice has no topic; "source health" stands where topics go (subjects, the
  // {topic} template field, meta lines), so every renderer names it without a special case.
  if (alert.health) text.topics = kHealthTopic;
  for (const auto& topic : alert.topics) {
    if (alert.health) break;
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
  if (alert.health) {
    // vigil's own words about the source (its last error may quote "<html>" from a server's
    // answer): plain text, not the feed HTML a story's summary is.
    text.summary = text::truncate_chars(text::trim(text::strip_controls(alert.item.summary)), summary_limit);
  } else {
    const std::string& html = alert.item.summary.empty() ? alert.item.content : alert.item.summary;
    text.summary =
        text::truncate_chars(text::html_to_text(html, {.layout = text::TextLayout::paragraphs}), summary_limit);
  }
  text.update = alert.update;
  for (const auto& source : alert.also) {
    const std::string name = text::single_line(source);
    if (name.empty()) continue;
    if (!text.also.empty()) text.also += ", ";
    text.also += name;
  }
  for (const auto& match : alert.matches) {
    MatchText m;
    m.topic = text::single_line(match.topic);
    for (const auto& term : match.terms) {
      if (!m.terms.empty()) m.terms += ", ";
      m.terms += text::single_line(term);
    }
    m.snippet = text::single_line(text::valid_utf8(match.snippet));
    if (m.snippet == match.snippet) {  // the highlights' offsets still point at the same bytes
      m.marked = mark_snippet(match, "*", "*", false);
      m.html = mark_snippet(match, "<mark>", "</mark>", true);
    } else {
      m.marked = m.snippet;
      m.html = text::escape_html(m.snippet);
    }
    text.matches.push_back(std::move(m));
  }
  return text;
}

std::string alert_subject(const AlertText& text) {
  const std::string prefix = text.update ? "[vigil] also reported: " : "[vigil] ";
  if (text.topics.empty()) return prefix + text.title;
  return prefix + text.topics + ": " + text.title;
}

}  // namespace vigil::alerts
