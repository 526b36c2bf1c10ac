#include "alerts/email_message.hpp"

#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "alerts/address.hpp"
#include "alerts/alert_text.hpp"
#include "alerts/mime.hpp"
#include "alerts/template.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::string_view kFallbackDomain = "vigil.invalid";

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Characters kept as they are in the Message-ID's left part (atext minus '=' used for escapes).
bool id_char(char c) {
  static constexpr std::string_view kKept = "!#$%&'*+-/?^_`{|}~";
  return std::isalnum(static_cast<unsigned char>(c)) || kKept.find(c) != std::string_view::npos;
}

std::string text_body(const Alert& alert, const AlertText& t) {
  std::string body;
  if (!t.topics.empty()) body += "Topics: " + t.topics + "\n";
  body += "Title: " + t.title + "\n";
  if (!t.source.empty()) body += "Source: " + t.source + "\n";
  body += "Date: " + t.date + "\n";
  if (!t.link.empty()) body += "Link: " + t.link + "\n";
  if (!t.also.empty()) body += "Also reported by: " + t.also + "\n";
  for (const auto& m : t.matches) {
    body += "\nWhy " + m.topic + ": " + m.terms + "\n";
    if (!m.marked.empty()) body += "  " + m.marked + "\n";
  }
  if (!t.summary.empty()) body += "\n" + t.summary + "\n";
  return body + text_footer(alert.channel);
}

std::string html_body(const Alert& alert, const AlertText& t) {
  const std::string title = text::escape_html(t.title);
  std::string body = html_page_start(t.title);
  if (!t.topics.empty())
    body += "<p style=\"color: #555555; font-size: 0.9em;\">" + text::escape_html(t.topics) + "</p>\n";
  if (!t.link.empty()) body += "<h2><a href=\"" + text::escape_html(t.link) + "\">" + title + "</a></h2>\n";
  else body += "<h2>" + title + "</h2>\n";
  std::string meta = t.source.empty() ? t.date : t.source + " \xC2\xB7 " + t.date;
  body += "<p style=\"color: #555555;\">" + text::escape_html(meta) + "</p>\n";
  if (!t.also.empty())
    body += "<p style=\"color: #555555;\">Also reported by: " + text::escape_html(t.also) + "</p>\n";
  for (const auto& m : t.matches) {
    body += "<p style=\"color: #555555; font-size: 0.9em;\">Why " + text::escape_html(m.topic) + ": " +
            text::escape_html(m.terms) + "</p>\n";
    if (!m.html.empty())
      body += "<blockquote style=\"margin: 0 0 1em 0; padding-left: 0.8em; border-left: 3px solid #cccccc;\">" +
              m.html + "</blockquote>\n";
  }
  body += html_paragraphs(t.summary);
  if (!t.link.empty()) body += "<p><a href=\"" + text::escape_html(t.link) + "\">" + text::escape_html(t.link) + "</a></p>\n";
  return body + html_page_end(alert.channel);
}

// The source's URL as configured, for a health notice: a link when it is http(s), else (a
// file:// source) shown as text, since the operator still needs to know which source it is.
std::string source_url(const Alert& alert, const AlertText& t) {
  return t.link.empty() ? text::single_line(alert.item.link) : t.link;
}

std::string health_text_body(const Alert& alert, const AlertText& t) {
  std::string body = t.title + "\n\n";
  if (!t.source.empty()) body += "Source: " + t.source + "\n";
  if (const std::string url = source_url(alert, t); !url.empty()) body += "URL: " + url + "\n";
  body += "Date: " + t.date + "\n";
  if (!t.summary.empty()) body += "\n" + t.summary + "\n";
  return body + text_footer(alert.channel);
}

std::string health_html_body(const Alert& alert, const AlertText& t) {
  const char* colour = t.health == HealthKind::recovered ? "#2e7d32" : "#b26a00";
  std::string body = html_page_start(t.title);
  body += "<p style=\"color: #555555; font-size: 0.9em;\">Source health</p>\n";
  body += std::string("<h2 style=\"color: ") + colour + ";\">" + text::escape_html(t.title) + "</h2>\n";
  std::string meta = t.source.empty() ? t.date : t.source + " \xC2\xB7 " + t.date;
  body += "<p style=\"color: #555555;\">" + text::escape_html(meta) + "</p>\n";
  if (!t.link.empty())
    body += "<p><a href=\"" + text::escape_html(t.link) + "\">" + text::escape_html(t.link) + "</a></p>\n";
  else if (const std::string url = source_url(alert, t); !url.empty())
    body += "<p>" + text::escape_html(url) + "</p>\n";
  body += html_paragraphs(t.summary);
  return body + html_page_end(alert.channel);
}

// A `body` template: the text part as the template renders it, and the same template shown as
// HTML (its text escaped, line breaks as <br>, the link clickable, the snippet highlighted), so
// both parts say the same thing whichever one a mail client shows.
std::string templated_text_body(const Template& body, const AlertText& t) {
  std::string text = body.render(t, Escape::plain);
  if (!text.ends_with('\n')) text += '\n';
  return text;
}

std::string templated_html_body(const Template& body, const AlertText& t) {
  return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + text::escape_html(t.title) +
         "</title>\n</head>\n<body style=\"font-family: sans-serif; line-height: 1.4;\">\n<p>" +
         body.render(t, Escape::html_from_text) + "</p>\n</body>\n</html>\n";
}

// A boundary that cannot occur in either part: "=_" never appears in quoted-printable output
// (a '=' there is always followed by hex digits or a line end); the loop is a second guard.
std::string choose_boundary(std::string_view id, std::string_view text_part, std::string_view html_part) {
  for (unsigned attempt = 0;; ++attempt) {
    std::string boundary = fmt::format("=_vigil_{:016x}_{}", fnv1a(id), attempt);
    if (text_part.find(boundary) == std::string_view::npos && html_part.find(boundary) == std::string_view::npos)
      return boundary;
  }
}

}  // namespace

std::string html_page_start(std::string_view title) {
  return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + text::escape_html(title) +
         "</title>\n</head>\n<body style=\"font-family: sans-serif; line-height: 1.4;\">\n";
}

std::string html_page_end(std::string_view channel) {
  return "<p style=\"color: #888888; font-size: 0.8em;\">Sent by vigil for the channel &quot;" +
         text::escape_html(text::single_line(channel)) + "&quot;.</p>\n</body>\n</html>\n";
}

std::string text_footer(std::string_view channel) {
  return fmt::format("\n-- \nSent by vigil for the channel \"{}\".\n", text::single_line(channel));
}

std::string html_paragraphs(std::string_view text) {
  // Paragraphs of the plain text; the feed's own HTML never reaches this part.
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string para = text::escape_html(text.substr(start, end - start));
    for (std::size_t nl; (nl = para.find('\n')) != std::string::npos;) para.replace(nl, 1, "<br>");
    out += "<p>" + para + "</p>\n";
    start = end + 2;
  }
  return out;
}

std::string message_id(std::string_view id, std::string_view channel, const EmailOptions& options) {
  std::string local;
  for (char c : id) {
    if (id_char(c)) local += c;
    else local += fmt::format("={:02X}", static_cast<unsigned char>(c));
  }
  if (local.empty()) local = fmt::format("empty-{:016x}", fnv1a(channel));
  std::string domain;
  if (auto from = parse_address(options.from)) domain = address_domain(from->address);
  if (domain.empty()) domain = kFallbackDomain;
  return "<" + local + "@" + domain + ">";
}

std::string message_id(const Alert& alert, const EmailOptions& options) {
  return message_id(alert.id, alert.channel, options);
}

std::string list_id(std::string_view channel) {
  std::string label;
  for (char c : channel) {
    const auto u = static_cast<unsigned char>(c);
    label += std::isalnum(u) && u < 0x80 ? static_cast<char>(std::tolower(u)) : '-';
  }
  if (label.empty()) label = "channel";
  return fmt::format("<{}.{}>", label, kFallbackDomain);
}

std::string list_id(const Alert& alert) { return list_id(alert.channel); }

std::string render_email(const Alert& alert, const EmailOptions& options, Timestamp now) {
  const AlertText t = alert_text(alert);
  const auto& body = options.body_template;
  const auto& subject = options.subject_template;
  EmailContent content;
  content.id = alert.id;
  content.channel = alert.channel;
  // A subject template renders as one line; assemble_email reduces it once more and encodes it.
  content.subject = subject ? subject->render(t, Escape::one_line) : alert_subject(t);
  if (!alert.health) content.topics = t.topics;
  if (body) {
    content.text = templated_text_body(*body, t);
    content.html = templated_html_body(*body, t);
  } else if (alert.health) {
    content.text = health_text_body(alert, t);
    content.html = health_html_body(alert, t);
  } else {
    content.text = text_body(alert, t);
    content.html = html_body(alert, t);
  }
  return assemble_email(content, options, now);
}

std::string assemble_email(const EmailContent& content, const EmailOptions& options, Timestamp now) {
  const std::string text_part = encode_quoted_printable(content.text);
  const std::string html_part = encode_quoted_printable(content.html);
  const std::string boundary = choose_boundary(content.id, text_part, html_part);

  std::string from;
  if (auto parsed = parse_address(options.from)) from = format_address(*parsed);
  else from = format_address(MailAddress{"vigil", "vigil@" + std::string(kFallbackDomain)});
  std::string to;
  for (const auto& rcpt : options.to) {
    const std::string bare = format_address(MailAddress{"", rcpt});
    if (bare.empty()) continue;
    to += to.empty() ? bare : ",\r\n " + bare;
  }
  if (to.empty()) to = "undisclosed-recipients:;";

  std::string m;
  m.reserve(text_part.size() + html_part.size() + 1024);
  m += "From: " + from + "\r\n";
  m += "To: " + to + "\r\n";
  m += unstructured_header("Subject", content.subject);
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += "Message-ID: " + message_id(content.id, content.channel, options) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  m += "List-Id: " + list_id(content.channel) + "\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "X-Auto-Response-Suppress: All\r\n";
  if (!content.topics.empty()) m += unstructured_header("X-Vigil-Topics", content.topics);
  m += "\r\nThis is a multi-part message in MIME format.\r\n";
  m += "\r\n--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  m += text_part;
  m += "\r\n--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  m += html_part;
  m += "\r\n--" + boundary + "--\r\n";
  return m;
}

}  // namespace vigil::alerts
