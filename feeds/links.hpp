#pragma once
// Private to feeds/: URL resolution for links found in feeds.
#include <string>
#include <string_view>

namespace vigil::feeds::detail {

// `ref` resolved against `base` (RFC 3986), with surrounding whitespace trimmed and characters
// URLs cannot hold (spaces, non-ASCII) percent-encoded. When `base` is not an absolute URL,
// `ref` comes back cleaned but unresolved. An empty `ref` gives an empty string.
std::string resolve_url(std::string_view base, std::string_view ref);

// An id that may be a relative reference (an RSS permalink guid, an Atom id), resolved against
// `base` as feedparser does: "item-12" under https://ngo.example/feed is
// "https://ngo.example/item-12" (characters a URL cannot hold stay as they are). Ids with a
// scheme (urn:, tag:, https:) and ids without a usable base come back trimmed but unchanged.
std::string resolve_id(std::string_view base, std::string_view id);

// A base URL (a document URL, an xml:base) with what its references need worked out once:
// a feed resolves every item's links against the same few bases. resolve() and resolve_id()
// give exactly what resolve_url(text(), ref) and resolve_id(text(), id) give.
class BaseUrl {
 public:
  BaseUrl() = default;
  explicit BaseUrl(std::string url);

  const std::string& text() const { return text_; }
  std::string resolve(std::string_view ref) const;
  std::string resolve_id(std::string_view id) const;

 private:
  std::string text_;
  // "scheme://authority" when text_ is an absolute URI with an authority that needs no
  // trimming or escaping: a reference that is a plain absolute path ("/wire/7") resolves to
  // this prefix followed by the path. Empty when that shortcut does not apply.
  std::string origin_;
};

// An absolute http(s) URL ("https://ngo.example/a"), used to tell a permalink guid from an id.
bool looks_like_http_url(std::string_view text);

// Whether a link may be kept for an item: script-bearing schemes (javascript:, data:,
// vbscript:) are dropped.
bool is_acceptable_link(std::string_view url);

}  // namespace vigil::feeds::detail
