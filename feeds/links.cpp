#include "feeds/links.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <cctype>

#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// Percent-encodes what RFC 3986 never allows but feeds contain anyway: spaces, control and
// non-ASCII bytes (IRIs), and a few delimiters. Existing escapes are left alone.
std::string encode_unsafe(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unsafe = c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
                        c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
    if (unsafe) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  const std::string cleaned = encode_unsafe(text::trim(ref));
  if (cleaned.empty()) return {};
  const auto ref_url = boost::urls::parse_uri_reference(cleaned);
  if (!ref_url) return cleaned;
  if (ref_url->has_scheme()) {
    boost::urls::url absolute(*ref_url);
    absolute.normalize_scheme();
    return std::string(absolute.buffer());
  }
  const std::string cleaned_base = encode_unsafe(text::trim(base));
  const auto base_url = boost::urls::parse_uri(cleaned_base);
  if (!base_url) return cleaned;
  boost::urls::url dest;
  if (!boost::urls::resolve(*base_url, *ref_url, dest)) return cleaned;
  return std::string(dest.buffer());
}

bool looks_like_http_url(std::string_view text) {
  text = text::trim(text);
  if (!starts_with_nocase(text, "http://") && !starts_with_nocase(text, "https://")) return false;
  const auto parsed = boost::urls::parse_uri(encode_unsafe(text));
  return parsed && parsed->has_authority() && !parsed->encoded_host().empty();
}

bool is_acceptable_link(std::string_view url) {
  url = text::trim(url);
  return !starts_with_nocase(url, "javascript:") && !starts_with_nocase(url, "data:") &&
         !starts_with_nocase(url, "vbscript:");
}

}  // namespace vigil::feeds::detail
