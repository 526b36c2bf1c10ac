#pragma once
// An alert as one RFC 5322 message: multipart/alternative with a text/plain and a text/html
// part, both quoted-printable UTF-8, CRLF line ends, ready for SMTP DATA.
//
// The channel's templates (EmailOptions): `subject_template` renders as one line (a title with
// line breaks cannot add a header) before RFC 2047 encoding; `body_template` is the text part,
// and the HTML part shows the same template as HTML (its text escaped, line breaks as <br>,
// {url} a link, {snippet} highlighted with <mark>). Without them: the built-in subject and
// layouts.
#include <string>

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

// "<CHANNEL.vigil.invalid>": the channel name lower-cased, other characters than a-z, 0-9
// and '-' replaced by '-'.
std::string list_id(const Alert& alert);

}  // namespace vigil::alerts
