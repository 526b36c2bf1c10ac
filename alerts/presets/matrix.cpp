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

}  // namespace

WebhookRequest render_matrix(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  const Json doc = {
      {"msgtype", "m.text"},
      {"body", plain_body(t)},
      {"format", "org.matrix.custom.html"},
      {"formatted_body", html_body(alert, t)},
      {"m.mentions", Json::object()},
  };
  WebhookRequest request;
  request.method = "PUT";
  const std::string transaction = alert.id.empty() ? "vigil-alert" : alert.id;
  request.url = std::string(without_trailing_slashes(options.url)) + "/_matrix/client/v3/rooms/" +
                encode_path_segment(options.matrix.room) + "/send/m.room.message/" +
                encode_path_segment(transaction);
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + options.matrix.token}};
  request.body = dump(doc);
  return request;
}

}  // namespace vigil::alerts::presets
