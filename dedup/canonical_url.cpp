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

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
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

// A web path without its AMP spelling and trailing slashes: "/news/amp/story/" and
// "/news/story.amp.html" name the articles "/news/story" and "/news/story.html".
std::string canonical_web_path(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path.size() <= 1) return "/";
  std::vector<std::string_view> segments;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const auto slash = std::min(path.find('/', pos), path.size());
    const auto segment = path.substr(pos, slash - pos);
    if (!iequals(segment, "amp")) segments.push_back(segment);
    pos = slash + 1;
  }
  std::string last;
  if (!segments.empty()) {
    last = segments.back();
    const auto lower = ascii_lower(last);
    if (lower.ends_with(".amp.html") || lower.ends_with(".amp.htm")) {
      last.erase(last.size() - (lower.ends_with(".html") ? 9 : 8), 4);  // drop ".amp"
    } else if (lower.ends_with(".amp") && last.size() > 4) {
      last.resize(last.size() - 4);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    out.push_back('/');
    out.append(i + 1 == segments.size() ? std::string_view(last) : segments[i]);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();  // "/a//amp" left "/a/"
  return out.empty() ? "/" : out;
}

// Parameters that only say where a click came from, never which page it is.
bool is_tracking_parameter(const std::string& lower_key, const std::vector<std::string>* extra) {
  static constexpr std::array<std::string_view, 22> exact{
      "fbclid",  "gclid",       "dclid",      "gbraid",  "wbraid",      "msclkid", "yclid",  "twclid",
      "ttclid",  "igshid",      "mc_cid",     "mc_eid",  "_ga",         "_gl",     "_hsenc", "_hsmi",
      "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "pk_campaign", "pk_kwd"};
  if (lower_key.starts_with("utm_") || lower_key.starts_with("mtm_")) return true;
  if (std::find(exact.begin(), exact.end(), lower_key) != exact.end()) return true;
  if (extra == nullptr) return false;
  return std::any_of(extra->begin(), extra->end(), [&](const std::string& name) {
    if (name.ends_with('*'))
      return lower_key.starts_with(ascii_lower(std::string_view(name).substr(0, name.size() - 1)));
    return iequals(lower_key, name);
  });
}

// ?amp, ?amp=1, ?outputType=amp and the AMP cache's own parameters only ask for the AMP page.
bool is_amp_parameter(const std::string& lower_key, std::string_view value) {
  if (lower_key == "amp") return value.empty() || value == "1" || iequals(value, "true");
  if (lower_key == "outputtype") return iequals(value, "amp");
  return lower_key == "amp_js_v" || lower_key == "usqp";
}

// Tracking parameters dropped; the rest sorted by key (stable: the values of a repeated key
// keep their order, which can matter). Empty when nothing is left. The query is split here,
// not with url_view::encoded_params(), whose iterator crashes in Boost 1.81 on an empty
// query followed by a fragment ("https://a/b?#c").
std::string canonical_query(std::string_view encoded_query, bool web, const std::vector<std::string>* extra) {
  std::vector<std::pair<std::string, std::string>> kept;  // key, "=value" or ""
  std::size_t pos = 0;
  while (pos <= encoded_query.size()) {
    const auto amp = std::min(encoded_query.find('&', pos), encoded_query.size());
    const auto param = encoded_query.substr(pos, amp - pos);
    pos = amp + 1;
    if (param.empty()) continue;  // "a=1&&b=2", a trailing '&'
    const auto equals = param.find('=');
    auto key = normalize_percent(param.substr(0, equals));
    const auto value = equals == std::string_view::npos ? std::string() : normalize_percent(param.substr(equals + 1));
    const auto lower_key = ascii_lower(key);
    if (is_tracking_parameter(lower_key, extra) || (web && is_amp_parameter(lower_key, value))) continue;
    kept.emplace_back(std::move(key), equals == std::string_view::npos ? std::string() : "=" + value);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string query;
  for (const auto& [key, value] : kept) {
    if (!query.empty()) query.push_back('&');
    query += key;
    query += value;
  }
  return query;
}

std::string canonical_host(std::string_view encoded_host, bool web) {
  auto host = ascii_lower(normalize_percent(encoded_host));
  if (host.size() > 1 && host.back() == '.') host.pop_back();  // "example.org." is example.org
  auto strip = [&host](std::string_view prefix) {
    // Only in front of a registrable name: "www.org" and "amp.dev" stay as they are.
    if (host.starts_with(prefix) && host.find('.', prefix.size()) != std::string::npos) {
      host.erase(0, prefix.size());
      return true;
    }
    return false;
  };
  strip("www.");
  if (web && strip("amp.")) strip("www.");
  return host;
}

// Google's AMP caches serve a publisher's page under their own host:
// https://www.google.com/amp/s/example.org/story and
// https://example-org.cdn.ampproject.org/c/s/example.org/story are example.org/story.
// Returns the publisher's URL, or "" when `url` is not such a link.
std::string unwrap_amp_cache(const boost::urls::url_view& url) {
  const auto host = canonical_host(url.encoded_host(), true);
  const std::string_view path = url.encoded_path();
  std::string_view rest;
  bool secure = false;
  auto after = [&](std::string_view secure_prefix, std::string_view plain_prefix) {
    if (path.starts_with(secure_prefix)) {
      rest = path.substr(secure_prefix.size());
      secure = true;
    } else if (path.starts_with(plain_prefix)) {
      rest = path.substr(plain_prefix.size());
    }
    return !rest.empty();
  };
  const bool cached = (host == "google.com" && after("/amp/s/", "/amp/")) ||
                      (host.ends_with(".cdn.ampproject.org") && (after("/c/s/", "/c/") || after("/v/s/", "/v/")));
  if (!cached || rest.find('.') == std::string_view::npos) return {};
  std::string inner = secure ? "https://" : "http://";
  inner += rest;
  if (url.has_query()) inner += "?" + std::string(url.encoded_query());
  return inner;
}

std::string canonicalize(std::string_view input, const std::vector<std::string>* extra, bool unwrap) {
  const auto trimmed = text::trim(input);
  const auto parsed = boost::urls::parse_uri(trimmed);
  if (!parsed) return std::string(trimmed);
  const boost::urls::url_view& url = *parsed;

  std::string scheme = ascii_lower(url.scheme());
  const bool web = scheme == "http" || scheme == "https";
  if (web) scheme = "https";
  if (web && unwrap && url.has_authority()) {
    if (const auto inner = unwrap_amp_cache(url); !inner.empty()) return canonicalize(inner, extra, false);
  }

  std::string out = scheme + ":";
  if (url.has_authority()) {
    out += "//";
    if (url.has_userinfo()) out += normalize_percent(url.encoded_userinfo()) + "@";
    out += canonical_host(url.encoded_host(), web);
    const auto port = url.port();
    if (url.has_port() && !port.empty() && !(web && (port == "80" || port == "443"))) out += ":" + std::string(port);
  }
  auto path = remove_dot_segments(normalize_percent(url.encoded_path()));
  if (web && url.has_authority()) path = canonical_web_path(path);
  if (path.empty() && url.has_authority()) path = "/";
  out += path;
  if (url.has_query()) {
    const auto query = canonical_query(url.encoded_query(), web, extra);
    if (!query.empty()) out += "?" + query;
  }
  // A fragment names a place in the page, not another page; but "#!/story/12" and "#/story/12"
  // are routes of single-page sites, where the fragment is the page.
  if (url.has_fragment()) {
    const std::string_view fragment = url.encoded_fragment();
    if (fragment.size() > 1 && (fragment.starts_with('!') || fragment.starts_with('/')))
      out += "#" + normalize_percent(fragment);
  }
  return out;
}

}  // namespace

std::string canonical_url(std::string_view url) { return canonicalize(url, nullptr, true); }

std::string canonical_url(std::string_view url, const std::vector<std::string>& extra_tracking_params) {
  return canonicalize(url, &extra_tracking_params, true);
}

}  // namespace vigil::dedup
