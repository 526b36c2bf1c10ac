#pragma once
// An alert as one RFC 5322 message: multipart/alternative with a text/plain and a text/html
// part, both quoted-printable UTF-8, CRLF line ends, ready for SMTP DATA.
//
// The channel's templates (EmailOptions): `subject_template` renders as one line (a title with
// line breaks cannot add a header) before RFC 2047 encoding; `body_template` is the text part,
// and the HTML part shows the same template as HTML (its text escaped, line breaks as <br>,
// {url} a link, {snippet} highlighted with <mark>). Without them: the built-in subject and
// layouts. The templates apply to single alerts (a health notice too, whose {topic} reads
// "source health"); a digest always has the built-in form (email_digest.hpp).
#include <string>
#include <string_view>

#include "alerts/channel_spec.hpp"
#include "model/alert.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

// The whole message. `now` becomes the Date header; everything else depends only on the
// alert and the options, so two renders of one alert differ only in Date.
std::string render_email(const Alert& alert, const EmailOptions& options, Timestamp now);

// "<ID@DOMAIN>": the alert id (characters outside RFC 5322 atext written as =XX) at the From
// address's domain, or at "vigil.invalid" without a usable one. Stable for an alert.
std::string message_id(const Alert& alert, const EmailOptions& options);
// The same for any id (a digest's): `channel` only matters when the id is empty.
std::string message_id(std::string_view id, std::string_view channel, const EmailOptions& options);

// "<CHANNEL.vigil.invalid>": the channel name lower-cased, other characters than a-z, 0-9
// and '-' replaced by '-'.
std::string list_id(const Alert& alert);
std::string list_id(std::string_view channel);

// What one message says, before it is made into RFC 5322: render_email and
// render_email_digest fill it, assemble_email writes the headers and both parts.
struct EmailContent {
  std::string id;       // the alert's or the digest's: Message-ID and MIME boundary
  std::string channel;  // List-Id
  std::string subject;  // before encoding; reduced to one line
  std::string topics;   // X-Vigil-Topics; "" leaves the header out
  std::string text;     // the text/plain part, '\n' line ends
  std::string html;     // the text/html part
};

std::string assemble_email(const EmailContent& content, const EmailOptions& options, Timestamp now);

// Pieces of the built-in parts, shared by the single alert's and the digest's layouts.
// The HTML part's head (with `title`, escaped here) and the start of its body.
std::string html_page_start(std::string_view title);
// "Sent by vigil for the channel ..." and the end of the HTML document.
std::string html_page_end(std::string_view channel);
// The same footer for the text part, after the "-- " signature separator.
std::string text_footer(std::string_view channel);
// Plain text as HTML paragraphs: escaped, a blank line between paragraphs, line breaks as <br>.
std::string html_paragraphs(std::string_view text);

}  // namespace vigil::alerts
