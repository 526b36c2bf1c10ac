#pragma once
// The only links vigil puts into an email, a webhook or the console.
#include <string_view>

namespace vigil::alerts {

// True for an absolute http:// or https:// URL without whitespace or control characters.
bool is_http_url(std::string_view url);

}  // namespace vigil::alerts
