#pragma once
// A digest as one RFC 5322 message, made like a single alert's (email_message.hpp: same
// headers, List-Id, Auto-Submitted, text and HTML parts): the subject counts the alerts per
// topic ("[vigil] 12 alerts: landmines (8), ukraine (4)"), the parts list them grouped by topic
// (digest_text.hpp), each with title (linked in HTML), source, date, the highlighted snippet
// and "also reported by". The Message-ID comes from the digest id as an alert's comes from
// its id, so a digest sent again after a crash carries the same one.
//
// The channel's `subject` and `body` templates apply to single alerts only: they are written
// with one story's fields in mind, and a digest always has this built-in form.
#include <string>

#include "alerts/channel_spec.hpp"
#include "model/alert.hpp"
#include "model/time.hpp"

namespace vigil::alerts {

std::string render_email_digest(const Digest& digest, const EmailOptions& options, Timestamp now);

// The digest's Message-ID, "<DIGEST-ID@DOMAIN>".
std::string message_id(const Digest& digest, const EmailOptions& options);

}  // namespace vigil::alerts
