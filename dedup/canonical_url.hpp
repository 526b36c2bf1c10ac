#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"

namespace vigil::dedup {

// One spelling per URL, so the same page reached through different links compares equal:
// - scheme and host lower-case, a trailing dot on the host dropped, no default port;
// - http and https are one ("https"), and so are "www.host" and "host";
// - percent-encoding normalized: unreserved characters decoded, other escapes upper-case hex
//   (reserved ones stay encoded: %2F is not '/'); dot segments resolved;
// - no fragment, except a "#!" or "#/" route of a single-page site, which names the page;
// - tracking parameters removed (utm_*, mtm_*, fbclid, gclid, msclkid, mc_cid, mc_eid and
//   other click ids, plus `extra_tracking_params`), the remaining parameters sorted by name;
// - AMP variants are the article: an "amp." host prefix, an "amp" path segment (/amp/story,
//   /news/amp/story, /story/amp/), "story.amp.html" or "story.amp", ?amp, ?amp=1,
//   ?outputType=amp, and Google's AMP cache links (google.com/amp/s/..., *.cdn.ampproject.org);
// - a trailing slash is dropped ("/news/story/" is "/news/story"; the root stays "/"):
//   servers serve both the same page, feeds spell it either way.
// Unparseable input is returned trimmed.
std::string canonical_url(std::string_view url);

// As above; `extra_tracking_params` are more parameter names to drop (case-insensitive; a
// trailing '*' makes a prefix: "ref_*").
std::string canonical_url(std::string_view url, const std::vector<std::string>& extra_tracking_params);

// A hash of the item's normalized title and text: changes when the text changes.
std::string content_fingerprint(const Item& item);

}  // namespace vigil::dedup
