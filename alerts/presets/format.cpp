#include "alerts/presets/format.hpp"

#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";      // …
constexpr std::string_view kWordJoiner = "\xE2\x81\xA0";    // U+2060, invisible

bool starts_character(std::string_view text, std::size_t pos) {
  return pos >= text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

}  // namespace

std::string plain(std::string_view text) { return std::string(text); }

std::string escape_mrkdwn(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_markdown(std::string_view text) {
  // Both renderers read a backslash before any ASCII punctuation as that character, so
  // escaping more than needed never shows. Line-start syntax (#, -, +, =, >) is escaped
  // everywhere because a cut or joined text can move it to a line start.
  static constexpr std::string_view kSyntax = "\\`*_~[]()<>#|-+=";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    if (kSyntax.find(c) != std::string_view::npos) out += '\\';
    out += c;
    // "@everyone", "@here", "@channel", "@all": a word joiner after "@" keeps every mention
    // from firing, whatever the receiving server's mention settings.
    if (c == '@') out += kWordJoiner;
  }
  return out;
}

std::string escape_html(std::string_view text) { return text::escape_html(text); }

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto decoded = text::decode_utf8(text, pos);
    units += decoded.cp > 0xFFFF ? 2 : 1;
    pos += decoded.length;
  }
  return units;
}

std::string fit(std::string_view text, std::size_t limit, Escaper escape) {
  std::string whole = escape(text);
  if (utf16_length(whole) <= limit) return whole;
  if (limit == 0) return {};
  std::string out;
  std::size_t used = 0;
  const std::size_t room = limit - 1;  // for the ellipsis
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = text::decode_utf8(text, pos).length;
    const std::string piece = escape(text.substr(pos, length));
    const std::size_t units = utf16_length(piece);
    if (used + units > room) break;
    out += piece;
    used += units;
    pos += length;
  }
  out += kEllipsis;
  return out;
}

std::string fit_bytes(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  if (limit < kEllipsis.size()) return {};
  return text::truncate_bytes(text, limit - kEllipsis.size()) + std::string(kEllipsis);
}

std::string marked_snippet(const Alert& alert, const AlertText& t, std::size_t index, Escaper escape,
                           std::string_view open, std::string_view close, std::size_t limit) {
  if (index >= t.matches.size()) return {};
  const MatchText& shown = t.matches[index];
  if (index >= alert.matches.size() || shown.snippet != alert.matches[index].snippet)
    return fit(shown.snippet, limit, escape);  // the hits' offsets no longer point at the text
  const Match& match = alert.matches[index];
  const std::string_view snippet = match.snippet;
  std::string out;
  std::size_t at = 0;
  for (const auto& hit : match.highlights) {
    // Stored data: trust nothing, not even that a hit starts and ends between characters.
    if (hit.begin < at || hit.end > snippet.size() || hit.begin >= hit.end) continue;
    if (!starts_character(snippet, hit.begin) || !starts_character(snippet, hit.end)) continue;
    out += escape(snippet.substr(at, hit.begin - at));
    out += open;
    out += escape(snippet.substr(hit.begin, hit.end - hit.begin));
    out += close;
    at = hit.end;
  }
  out += escape(snippet.substr(at));
  if (utf16_length(out) > limit) return fit(shown.snippet, limit, escape);
  return out;
}

std::string encode_link(std::string_view link, std::string_view chars) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(link.size());
  for (const char c : link) {
    const auto u = static_cast<unsigned char>(c);
    if (chars.find(c) != std::string_view::npos || u < 0x21 || u >= 0x7F) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string encode_path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string_view without_trailing_slashes(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

std::string meta_line(const AlertText& t) {
  static constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "
  std::string line = t.topics;
  for (const std::string* piece : {&t.source, &t.date}) {
    if (piece->empty()) continue;
    if (!line.empty()) line += kDot;
    line += *piece;
  }
  return line;
}

std::string_view health_mark(HealthKind kind) {
  switch (kind) {
    case HealthKind::problem: return "\xE2\x9A\xA0\xEF\xB8\x8F ";  // U+26A0 U+FE0F, warning sign
    case HealthKind::recovered: return "\xE2\x9C\x85 ";            // U+2705, check mark
    case HealthKind::none: break;
  }
  return "";
}

std::string heading(const AlertText& t) {
  return std::string(health_mark(t.health)) + (t.update ? "Also reported: " + t.title : t.title);
}

std::string group_heading(const DigestText& digest, const DigestGroup& group) {
  if (!group.health) return group_title(group);
  return std::string(health_mark(digest.health_problem ? HealthKind::problem : HealthKind::recovered)) +
         group_title(group);
}

std::string entry_meta(const DigestEntry& e) {
  static constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "
  std::string line = e.text.source;
  if (!line.empty()) line += kDot;
  line += e.text.date;
  if (!e.other_topics.empty()) line += std::string(kDot) + "also in: " + e.other_topics;
  return line;
}

std::string entry_quote(const DigestEntry& e, Escaper escape, std::string_view open, std::string_view close,
                        std::size_t limit) {
  if (e.match != DigestEntry::npos && !e.text.matches[e.match].snippet.empty())
    return marked_snippet(*e.alert, e.text, e.match, escape, open, close, limit);
  return fit(text::single_line(e.text.summary), limit, escape);
}

std::size_t entries_that_fit(std::size_t fixed, std::span<const std::size_t> costs, std::size_t limit,
                             std::size_t more_cost) {
  std::size_t total = fixed;
  for (const std::size_t cost : costs) total += cost;
  if (total <= limit) return costs.size();
  std::size_t used = fixed + more_cost, n = 0;
  while (n < costs.size() && used + costs[n] <= limit) used += costs[n++];
  return n;
}

std::size_t json_size(std::string_view text) {
  std::size_t size = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') size += 2;
    else if (u < 0x20) size += 6;  // \u00XX
    else size += 1;
  }
  return size;
}

std::string dump(const Json& document) {
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace vigil::alerts::presets
