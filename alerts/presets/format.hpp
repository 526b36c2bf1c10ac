#pragma once
// Internal to alerts/presets/: the escaping and length rules the service formats share.
// Every function takes text from alert_text() (valid UTF-8, one line where it should be) and
// never lets it out of the place the format gives it: escaped for Markdown, mrkdwn or HTML,
// cut to the service's limits without splitting a character or an escape.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/digest_text.hpp"
#include "model/alert.hpp"

namespace vigil::alerts::presets {

using Json = nlohmann::ordered_json;

// Escapes one piece of text (the formats' rules are per character, so pieces may be as small
// as one code point).
using Escaper = std::string (*)(std::string_view);

std::string plain(std::string_view text);            // no markup at all
std::string escape_mrkdwn(std::string_view text);    // Slack: & < > as entities
std::string escape_markdown(std::string_view text);  // Discord, Mattermost: a backslash before
                                                     // each character Markdown reads as syntax
std::string escape_html(std::string_view text);      // Telegram, Matrix: & < > " '

// Text as JavaScript, Discord and Telegram count it (characters past U+FFFF count two).
std::size_t utf16_length(std::string_view text);

// `text` escaped, at most `limit` UTF-16 units of output; a cut text ends with "…" and is never
// cut inside one character's escape.
std::string fit(std::string_view text, std::size_t limit, Escaper escape);

// At most `limit` bytes of UTF-8; a cut text ends with "…".
std::string fit_bytes(std::string_view text, std::size_t limit);

// The snippet of the alert's match `index`, each hit between `open` and `close` and the text
// around escaped; without hits when they do not fit the snippet or the result exceeds `limit`.
std::string marked_snippet(const Alert& alert, const AlertText& text, std::size_t index, Escaper escape,
                           std::string_view open, std::string_view close, std::size_t limit);

// `link` (ASCII, http(s)) with each of `chars` percent-encoded, for formats where they would
// end the link early (Markdown's ")", mrkdwn's "|" and ">").
std::string encode_link(std::string_view link, std::string_view chars);

// Every byte but RFC 3986's unreserved characters percent-encoded: one URL path segment.
std::string encode_path_segment(std::string_view text);

// "https://example.org/" -> "https://example.org"
std::string_view without_trailing_slashes(std::string_view url);

// "landmines · wire-news · 2024-11-20 14:05 UTC", skipping the pieces the alert lacks.
std::string meta_line(const AlertText& text);

// "⚠️ " before a health problem, "✅ " before a recovery, "" for a story.
std::string_view health_mark(HealthKind kind);

// The title as headings show it: "Also reported: " in front for an update, a health notice's
// mark in front of it.
std::string heading(const AlertText& text);

// Digests (digest_text.hpp), as every preset lays them out.

// A group's title with the health mark for the health group: "⚠️ Source health (2)".
std::string group_heading(const DigestText& digest, const DigestGroup& group);

// "wire-news · 2024-11-20 14:05 UTC · also in: ukraine": the group already names the topic.
std::string entry_meta(const DigestEntry& entry);

// What an entry quotes: the snippet of its group's match with each hit between `open` and
// `close`, else its summary (a health notice's detail); escaped, within `limit` UTF-16 units.
std::string entry_quote(const DigestEntry& entry, Escaper escape, std::string_view open, std::string_view close,
                        std::size_t limit);

// How many entries (in order) fit in `limit` when the fixed parts cost `fixed` and entry i
// costs `costs[i]`: all of them when they fit, else as many as fit with `more_cost` left for
// the "…and N more" line that then ends the message.
std::size_t entries_that_fit(std::size_t fixed, std::span<const std::size_t> costs, std::size_t limit,
                             std::size_t more_cost);

// The size in bytes of `text` as a JSON string's contents (escapes included).
std::size_t json_size(std::string_view text);

// The document as compact JSON; invalid UTF-8 (there should be none) becomes U+FFFD.
std::string dump(const Json& document);

}  // namespace vigil::alerts::presets
