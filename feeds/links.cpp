#include "feeds/links.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// What RFC 3986 never allows but feeds contain anyway: spaces, control and non-ASCII bytes
// (IRIs), and a few delimiters.
bool is_unsafe(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
         c == '{' || c == '|' || c == '}';
}

// Percent-encodes the unsafe characters; existing escapes are left alone.
std::string encode_unsafe(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  const auto first_unsafe = std::find_if(s.begin(), s.end(), is_unsafe);
  if (first_unsafe == s.end()) return std::string(s);  // the usual case: nothing to escape
  std::string out;
  out.reserve(s.size());
  out.append(s.begin(), first_unsafe);
  for (const char ch : s.substr(static_cast<std::size_t>(first_unsafe - s.begin()))) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unsafe(ch)) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The inverse of encode_unsafe: "%XX" escapes of the bytes it escapes become those bytes again.
std::string decode_unsafe_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      const char decoded = static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      if (encode_unsafe(std::string_view(&decoded, 1)).size() == 3) {
        out += decoded;
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_lower_alpha(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `s` starts with a URI scheme and its colon ("https:", "urn:"); with `lowercase`,
// only a scheme already in lowercase counts.
bool starts_with_scheme(std::string_view s, bool lowercase) {
  if (s.empty() || !(lowercase ? is_lower_alpha(s[0]) : is_alpha(s[0]))) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return true;
    if (!(lowercase ? is_lower_alpha(c) : is_alpha(c)) && !is_digit(c) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return false;
}

// RFC 3986 pchar, without pct-encoded: unreserved, sub-delims, ':' and '@'.
bool is_plain_pchar(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':                                  // unreserved
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*':   // sub-delims
    case '+': case ',': case ';': case '=': case ':': case '@': return true;
    default: return false;
  }
}

// A reference that is an absolute path of plain segments ("/wire/7"): no authority, query,
// fragment, dot segment, escape or character that needs escaping. Resolved, it keeps the
// base's scheme and authority and is otherwise itself (RFC 3986 5.2.2). Escapes are left to
// Boost.URL, which normalizes them ("%2a" -> "*").
bool is_plain_absolute_path(std::string_view s) {
  if (!s.starts_with('/') || s.starts_with("//")) return false;
  std::size_t segment_start = 1;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/') {
      const std::string_view segment = s.substr(segment_start, i - segment_start);
      if (segment == "." || segment == "..") return false;
      segment_start = i + 1;
    } else if (!is_plain_pchar(s[i])) {
      return false;
    }
  }
  return true;
}

// RFC 3986 5.2.4 drops ".." segments that would climb above the root ("/../a" is "/a");
// Boost.URL 1.81 keeps them, browsers and feedparser do not.
void drop_dot_segments_above_root(boost::urls::url& url) {
  std::string_view path = url.encoded_path();
  std::size_t skip = 0;
  while (true) {
    const std::string_view rest = path.substr(skip);
    if (rest.starts_with("/../")) skip += 3;
    else if (rest == "/..") skip += 2;
    else break;
  }
  if (skip > 0) url.set_encoded_path(std::string(path.substr(skip)));
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string cleaned = encode_unsafe(text::trim(ref));
  if (cleaned.empty()) return {};
  // Absolute already (the common case): parsing would at most lowercase the scheme, and a
  // reference that fails to parse comes back as it is too.
  if (starts_with_scheme(cleaned, /*lowercase=*/true)) return cleaned;
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
  drop_dot_segments_above_root(dest);
  return std::string(dest.buffer());
}

std::string resolve_id(std::string_view base, std::string_view id) {
  const std::string_view trimmed = text::trim(id);
  if (trimmed.empty()) return {};
  // "urn:...", "tag:...", "https://...": a colon in the first segment is never a relative
  // reference, so the parse below would fail.
  if (starts_with_scheme(trimmed, /*lowercase=*/false)) return std::string(trimmed);
  const std::string encoded = encode_unsafe(trimmed);
  const auto ref = boost::urls::parse_relative_ref(encoded);
  if (!ref) return std::string(trimmed);  // has a scheme ("urn:", "tag:", "https:"), or is not a reference
  const auto base_url = boost::urls::parse_uri(text::trim(base));
  if (!base_url) return std::string(trimmed);
  boost::urls::url dest;
  if (!boost::urls::resolve(*base_url, *ref, dest)) return std::string(trimmed);
  drop_dot_segments_above_root(dest);
  std::string resolved(dest.buffer());
  // An id is compared as text, not fetched: keep the characters encode_unsafe escaped as they
  // were ("a b" under https://x/ is "https://x/a b", as Python's urljoin gives it).
  if (encoded != trimmed) resolved = decode_unsafe_escapes(resolved);
  return resolved;
}

BaseUrl::BaseUrl(std::string url) : text_(std::move(url)) {
  const std::string_view trimmed = text::trim(text_);
  if (std::any_of(trimmed.begin(), trimmed.end(), is_unsafe)) return;
  const auto parsed = boost::urls::parse_uri(trimmed);
  if (!parsed || !parsed->has_authority()) return;
  origin_ = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_authority());
}

std::string BaseUrl::resolve(std::string_view ref) const {
  const std::string_view trimmed = text::trim(ref);
  if (!origin_.empty() && is_plain_absolute_path(trimmed)) return origin_ + std::string(trimmed);
  return resolve_url(text_, ref);
}

std::string BaseUrl::resolve_id(std::string_view id) const {
  const std::string_view trimmed = text::trim(id);
  if (!origin_.empty() && is_plain_absolute_path(trimmed)) return origin_ + std::string(trimmed);
  return detail::resolve_id(text_, id);
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
