#include "alerts/http_url.hpp"

#include <algorithm>
#include <cctype>

namespace vigil::alerts {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char p, char t) {
           return p == std::tolower(static_cast<unsigned char>(t));
         });
}

}  // namespace

bool is_http_url(std::string_view url) {
  std::size_t scheme_len = 0;
  if (url.size() > 7 && starts_with_nocase(url, "http://")) scheme_len = 7;
  else if (url.size() > 8 && starts_with_nocase(url, "https://")) scheme_len = 8;
  if (scheme_len == 0 || url.size() > 8192) return false;
  if (url[scheme_len] == '/' || url[scheme_len] == '?' || url[scheme_len] == '#') return false;  // no host
  return std::none_of(url.begin(), url.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u <= 0x20 || u == 0x7F;
  });
}

}  // namespace vigil::alerts
