#pragma once
#include <string>
#include <string_view>

#include "model/item.hpp"

namespace vigil::dedup {

// One spelling per URL: lower-case scheme and host, no default port, no fragment, no tracking
// parameters (utm_*, fbclid, gclid, mc_cid, mc_eid), remaining parameters sorted,
// http/https and a leading "www." treated as one. Unparseable input is returned trimmed.
std::string canonical_url(std::string_view url);

// A hash of the item's normalized title and text: changes when the text changes.
std::string content_fingerprint(const Item& item);

}  // namespace vigil::dedup
