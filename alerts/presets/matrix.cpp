// Matrix client-server API: PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}
// (https://spec.matrix.org/v1.11/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid).
// The transaction id is the alert id: a retry after a crash reuses it, and the homeserver
// answers with the event it already made instead of posting a second message.
// "m.mentions": {} says the message mentions nobody, which also turns off the old rules that
// notify on "@room" or a user's name in the body.
#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kMaxLink = 2000;

std::string plain_body(const AlertText& t) {
  std::string body = heading(t) + "\n";
  if (!t.link.empty()) body += t.link + "\n";
  if (const std::string meta = meta_line(t); !meta.empty()) body += meta + "\n";
  if (!t.also.empty()) body += "Also reported by: " + t.also + "\n";
  for (const auto& m : t.matches) {
    body += "\nWhy " + m.topic + ": " + m.terms + "\n";
    if (!m.marked.empty()) body += "> " + m.marked + "\n";
  }
  if (!t.summary.empty()) body += "\n" + t.summary + "\n";
  return body;
}

std::string html_body(const Alert& alert, const AlertText& t) {
  const std::string title = escape_html(heading(t));
  std::string html = !t.link.empty() && t.link.size() <= kMaxLink
                         ? "<p><b><a href=\"" + escape_html(t.link) + "\">" + title + "</a></b><br>"
                         : "<p><b>" + title + "</b><br>";
  html += escape_html(meta_line(t));
  if (!t.also.empty()) html += "<br>Also reported by: " + escape_html(t.also);
  html += "</p>";
  for (std::size_t i = 0; i < t.matches.size(); ++i) {
    const auto& m = t.matches[i];
    html += "<p><i>Why " + escape_html(m.topic) + ":</i> " + escape_html(m.terms) + "</p>";
    if (!m.snippet.empty())
      html += "<blockquote>" + marked_snippet(alert, t, i, escape_html, "<b>", "</b>", 4000) + "</blockquote>";
  }
  if (!t.summary.empty()) {
    std::string summary = escape_html(t.summary);
    for (std::size_t nl; (nl = summary.find('\n')) != std::string::npos;) summary.replace(nl, 1, "<br>");
    html += "<p>" + summary + "</p>";
  }
  return html;
}

// The PUT of one m.room.message event; the transaction id `id` (an alert's or a digest's) makes a
// repeat the same event.
WebhookRequest put_message(const WebhookOptions& options, const std::string& id, std::string body, std::string html) {
  const Json doc = {
      {"msgtype", "m.text"},
      {"body", std::move(body)},
      {"format", "org.matrix.custom.html"},
      {"formatted_body", std::move(html)},
      {"m.mentions", Json::object()},
  };
  WebhookRequest request;
  request.method = "PUT";
  const std::string transaction = id.empty() ? "vigil-alert" : id;
  request.url = std::string(without_trailing_slashes(options.url)) + "/_matrix/client/v3/rooms/" +
                encode_path_segment(options.matrix.room) + "/send/m.room.message/" +
                encode_path_segment(transaction);
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + options.matrix.token}};
  request.body = dump(doc);
  return request;
}

// Digests: a heading per topic and a paragraph per alert in both bodies; homeservers refuse
// events over 65536 bytes, so both bodies together stay within kDigestBytes of JSON.
constexpr std::size_t kDigestBytes = 60000;
constexpr std::size_t kDigestMaxLink = 1000;

std::string entry_body(const DigestEntry& e) {
  const AlertText& t = e.text;
  std::string body = "- " + fit(heading(t), 300, plain) + "\n";
  if (!t.link.empty()) body += "  " + t.link + "\n";
  body += "  " + entry_meta(e) + "\n";
  if (!t.also.empty()) body += "  Also reported by: " + t.also + "\n";
  if (const std::string quote = entry_quote(e, plain, "*", "*", 300); !quote.empty()) body += "  > " + quote + "\n";
  return body;
}

std::string entry_html(const DigestEntry& e) {
  const AlertText& t = e.text;
  const std::string title = fit(heading(t), 300, escape_html);
  std::string html = !t.link.empty() && t.link.size() <= kDigestMaxLink
                         ? "<p><b><a href=\"" + escape_html(t.link) + "\">" + title + "</a></b><br>"
                         : "<p><b>" + title + "</b><br>";
  html += escape_html(entry_meta(e));
  if (!t.also.empty()) html += "<br>Also reported by: " + escape_html(t.also);
  html += "</p>";
  if (const std::string quote = entry_quote(e, escape_html, "<b>", "</b>", 300); !quote.empty())
    html += "<blockquote>" + quote + "</blockquote>";
  return html;
}

}  // namespace

WebhookRequest render_matrix(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  return put_message(options, alert.id, plain_body(t), html_body(alert, t));
}

WebhookRequest render_matrix_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  const std::string heading_text = digest_heading(d);
  std::string body = heading_text + "\n";
  std::string html = "<p><b>" + escape_html(heading_text) + "</b></p>";
  std::vector<std::pair<std::string, std::string>> pieces;  // body, html
  std::vector<std::size_t> costs;
  for (const auto& group : d.groups) {
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      std::pair<std::string, std::string> piece;
      if (i == 0) {
        const std::string title = group_heading(d, group);
        piece = {"\n" + title + "\n", "<h4>" + escape_html(title) + "</h4>"};
      }
      piece.first += entry_body(group.entries[i]);
      piece.second += entry_html(group.entries[i]);
      costs.push_back(json_size(piece.first) + json_size(piece.second));
      pieces.push_back(std::move(piece));
    }
  }
  const std::size_t fixed = json_size(body) + json_size(html) + 512;  // the rest of the event
  const std::size_t more_cost = 2 * json_size(more_line(d.count)) + 16;
  const std::size_t shown = entries_that_fit(fixed, costs, kDigestBytes, more_cost);
  for (std::size_t i = 0; i < shown; ++i) {
    body += pieces[i].first;
    html += pieces[i].second;
  }
  if (shown < d.count) {
    body += "\n" + more_line(d.count - shown) + "\n";
    html += "<p><i>" + escape_html(more_line(d.count - shown)) + "</i></p>";
  }
  return put_message(options, digest.id, std::move(body), std::move(html));
}

}  // namespace vigil::alerts::presets
