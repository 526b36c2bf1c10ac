#include "alerts/email_digest.hpp"

#include "alerts/digest_text.hpp"
#include "alerts/email_message.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "
constexpr std::string_view kSubtle = "margin: 0; color: #555555; font-size: 0.9em;";

std::string entry_title(const AlertText& t) { return t.update ? "Also reported: " + t.title : t.title; }

// "wire-news · 2024-11-20 14:05 UTC · also in: ukraine"
std::string entry_meta(const DigestEntry& e) {
  std::string meta = e.text.source.empty() ? e.text.date : e.text.source + std::string(kDot) + e.text.date;
  if (!e.other_topics.empty()) meta += std::string(kDot) + "also in: " + e.other_topics;
  return meta;
}

// A health notice's source URL as configured (a file:// source too), else the item's link.
std::string entry_url(const DigestEntry& e) {
  if (!e.text.link.empty() || !e.alert->health) return e.text.link;
  return text::single_line(e.alert->item.link);
}

std::string indented(std::string_view text, std::string_view indent) {
  std::string out(indent);
  for (const char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string text_entry(const DigestEntry& e) {
  std::string entry = "* " + entry_title(e.text) + "\n  " + entry_meta(e) + "\n";
  if (const std::string url = entry_url(e); !url.empty()) entry += "  " + url + "\n";
  if (!e.text.also.empty()) entry += "  Also reported by: " + e.text.also + "\n";
  if (e.match != DigestEntry::npos && !e.text.matches[e.match].marked.empty())
    entry += "  " + e.text.matches[e.match].marked + "\n";
  else if (!e.text.summary.empty())
    entry += indented(e.text.summary, "  ") + "\n";
  return entry;
}

std::string html_entry(const DigestEntry& e) {
  const std::string title = text::escape_html(entry_title(e.text));
  std::string entry = "<div style=\"margin: 0 0 1em 0;\">\n<p style=\"margin: 0;\"><b>";
  entry += e.text.link.empty() ? title : "<a href=\"" + text::escape_html(e.text.link) + "\">" + title + "</a>";
  entry += "</b></p>\n";
  entry += "<p style=\"" + std::string(kSubtle) + "\">" + text::escape_html(entry_meta(e)) + "</p>\n";
  if (e.text.link.empty())
    if (const std::string url = entry_url(e); !url.empty())
      entry += "<p style=\"" + std::string(kSubtle) + "\">" + text::escape_html(url) + "</p>\n";
  if (!e.text.also.empty())
    entry += "<p style=\"" + std::string(kSubtle) + "\">Also reported by: " + text::escape_html(e.text.also) + "</p>\n";
  if (e.match != DigestEntry::npos && !e.text.matches[e.match].html.empty()) {
    entry += "<blockquote style=\"margin: 0.3em 0 0 0; padding-left: 0.8em; border-left: 3px solid #cccccc;\">" +
             e.text.matches[e.match].html + "</blockquote>\n";
  } else if (!e.text.summary.empty()) {
    std::string summary = text::escape_html(e.text.summary);
    for (std::size_t nl; (nl = summary.find('\n')) != std::string::npos;) summary.replace(nl, 1, "<br>");
    entry += "<p style=\"margin: 0.3em 0 0 0;\">" + summary + "</p>\n";
  }
  return entry + "</div>\n";
}

std::string text_part(const DigestText& d) {
  std::string body = digest_heading(d) + "\n";
  for (const auto& group : d.groups) {
    body += "\n== " + group_title(group) + " ==\n";
    for (const auto& e : group.entries) body += "\n" + text_entry(e);
  }
  return body + text_footer(d.channel);
}

std::string html_part(const DigestText& d) {
  const std::string heading = digest_heading(d);
  std::string body = html_page_start(heading);
  body += "<h1 style=\"font-size: 1.3em;\">" + text::escape_html(heading) + "</h1>\n";
  for (const auto& group : d.groups) {
    const char* colour = group.health ? (d.health_problem ? "#b26a00" : "#2e7d32") : "#333333";
    body += "<h2 style=\"font-size: 1.1em; color: " + std::string(colour) +
            "; border-bottom: 1px solid #dddddd;\">" + text::escape_html(group_title(group)) + "</h2>\n";
    for (const auto& e : group.entries) body += html_entry(e);
  }
  return body + html_page_end(d.channel);
}

// "landmines, ukraine": the topics of the digest, for mail filters.
std::string topics_header(const DigestText& d) {
  std::string topics;
  for (const auto& group : d.groups) {
    if (group.health) continue;
    if (!topics.empty()) topics += ", ";
    topics += group.topic;
  }
  return topics;
}

}  // namespace

std::string message_id(const Digest& digest, const EmailOptions& options) {
  return message_id(digest.id, digest.channel, options);
}

std::string render_email_digest(const Digest& digest, const EmailOptions& options, Timestamp now) {
  const DigestText d = digest_text(digest);
  EmailContent content;
  content.id = digest.id;
  content.channel = digest.channel;
  content.subject = digest_subject(d);
  content.topics = topics_header(d);
  content.text = text_part(d);
  content.html = html_part(d);
  return assemble_email(content, options, now);
}

}  // namespace vigil::alerts
