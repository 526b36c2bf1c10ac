// Boost.URL parses and validates; the normalization itself is done here because Boost 1.81's
// url::normalize() also decodes reserved characters (%2F to '/', %3D to '='), which names a
// different resource, its set_encoded_path("/") writes "/./", and its params iterator can
// crash (see canonical_query).
#include "dedup/canonical_url.hpp"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <string>
#include <utility>
#include <vector>

#include "text/whitespace.hpp"

namespace vigil::dedup {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return ascii_lower(c); });
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 6.2.2.2: decode percent-encoded unreserved characters, upper-case the hex digits
// of the others. Reserved characters stay encoded: %2F is not '/'.
std::string normalize_percent(std::string_view encoded) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size()) {
      const int high = hex_value(encoded[i + 1]);
      const int low = hex_value(encoded[i + 2]);
      if (high >= 0 && low >= 0) {
        const auto byte = static_cast<unsigned char>(high * 16 + low);
        if (is_unreserved(byte)) {
          out.push_back(static_cast<char>(byte));
        } else {
          out.push_back('%');
          out.push_back(digits[high]);
          out.push_back(digits[low]);
        }
        i += 2;
        continue;
      }
    }
    out.push_back(encoded[i]);
  }
  return out;
}

// RFC 3986 5.2.4: "/a/./b/../c" is "/a/c".
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  const bool absolute = path.starts_with('/');
  std::size_t pos = absolute ? 1 : 0;
  bool ends_in_directory = false;
  while (pos <= path.size()) {
    const auto slash = path.find('/', pos);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    const auto segment = path.substr(pos, end - pos);
    const bool last = slash == std::string_view::npos;
    ends_in_directory = false;
    if (segment == ".") {
      ends_in_directory = last;
    } else if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      ends_in_directory = last;
    } else {
      kept.push_back(segment);
    }
    if (last) break;
    pos = slash + 1;
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(kept[i]);
  }
  if (ends_in_directory && !out.empty() && out.back() != '/') out.push_back('/');
  return out;
}

// Parameters that only say where a click came from, never which page it is.
bool is_tracking_parameter(std::string_view key) {
  static constexpr std::array<std::string_view, 4> exact{"fbclid", "gclid", "mc_cid", "mc_eid"};
  const auto lower = ascii_lower(key);
  return lower.starts_with("utm_") || std::find(exact.begin(), exact.end(), lower) != exact.end();
}

// Tracking parameters dropped; the rest sorted by key (stable: the values of a repeated key
// keep their order, which can matter). Empty when nothing is left. The query is split here,
// not with url_view::encoded_params(), whose iterator crashes in Boost 1.81 on an empty
// query followed by a fragment ("https://a/b?#c").
std::string canonical_query(std::string_view encoded_query) {
  std::vector<std::pair<std::string, std::string>> kept;  // key, "=value" or ""
  std::size_t pos = 0;
  while (pos <= encoded_query.size()) {
    const auto amp = std::min(encoded_query.find('&', pos), encoded_query.size());
    const auto param = encoded_query.substr(pos, amp - pos);
    pos = amp + 1;
    if (param.empty()) continue;  // "a=1&&b=2", a trailing '&'
    const auto equals = param.find('=');
    auto key = normalize_percent(param.substr(0, equals));
    if (is_tracking_parameter(key)) continue;
    kept.emplace_back(std::move(key), equals == std::string_view::npos
                                          ? std::string()
                                          : "=" + normalize_percent(param.substr(equals + 1)));
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string query;
  for (const auto& [key, value] : kept) {
    if (!query.empty()) query.push_back('&');
    query += key;
    query += value;
  }
  return query;
}

std::string canonical_host(std::string_view encoded_host) {
  auto host = ascii_lower(normalize_percent(encoded_host));
  if (host.size() > 1 && host.back() == '.') host.pop_back();  // "example.org." is example.org
  if (host.starts_with("www.") && host.size() > 4) host.erase(0, 4);
  return host;
}

}  // namespace

std::string canonical_url(std::string_view input) {
  const auto trimmed = text::trim(input);
  const auto parsed = boost::urls::parse_uri(trimmed);
  if (!parsed) return std::string(trimmed);
  const boost::urls::url_view& url = *parsed;

  std::string scheme = ascii_lower(url.scheme());
  const bool web = scheme == "http" || scheme == "https";
  if (web) scheme = "https";

  std::string out = scheme + ":";
  if (url.has_authority()) {
    out += "//";
    if (url.has_userinfo()) out += normalize_percent(url.encoded_userinfo()) + "@";
    out += canonical_host(url.encoded_host());
    const auto port = url.port();
    if (url.has_port() && !port.empty() && !(web && (port == "80" || port == "443")))
      out += ":" + std::string(port);
  }
  auto path = remove_dot_segments(normalize_percent(url.encoded_path()));
  if (path.empty() && url.has_authority()) path = "/";
  out += path;
  if (url.has_query()) {
    const auto query = canonical_query(url.encoded_query());
    if (!query.empty()) out += "?" + query;
  }
  return out;  // the fragment is dropped: it names a place in the page, not another page
}

}  // namespace vigil::dedup
