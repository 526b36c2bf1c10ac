// RSS extensions the readers share: refresh hints (<ttl>, the syndication module) and Media
// RSS titles and descriptions.
#include "feeds/feed_hints.hpp"
#include "feeds/reader.hpp"
#include "feeds/title.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

bool is_media(const QName& q) { return q.ns == ns::media || q.ns == "http://search.yahoo.com/mrss"; }

}  // namespace

void TtlHint::offer(const Scope& element) {
  const QName q = element.name();
  if (q.local == "ttl" && (q.ns.empty() || q.ns == ns::rss20_userland || q.ns == ns::rss20_harvard)) {
    if (ttl_.empty()) ttl_ = inner_text(element.node());
  } else if (q.is(ns::syndication, "updatePeriod") && !saw_period_) {
    saw_period_ = true;
    period_ = text::trim(inner_text(element.node()));
  } else if (q.is(ns::syndication, "updateFrequency") && !saw_frequency_) {
    saw_frequency_ = true;
    frequency_ = text::trim(inner_text(element.node()));
  }
}

std::optional<std::chrono::seconds> TtlHint::ttl() const {
  if (auto minutes = rss_ttl(ttl_)) return minutes;
  if (saw_period_ || saw_frequency_) return syndication_period(period_, frequency_);
  return std::nullopt;
}

void MediaText::offer(const Scope& element, const QName& q, int depth) {
  if (!is_media(q)) return;
  if (q.local == "group" || q.local == "content") {
    // media:group > media:content > media:title at most; deeper nesting is not Media RSS.
    if (depth < 2) element.for_each_child([&](const Scope& c) { offer(c, c.name(), depth + 1); });
  } else if (q.local == "title" && title_.empty()) {
    const std::string_view type = text::trim(element.attribute({}, "type").value());
    title_ = plain_title(inner_text(element.node()), type == "html" ? TitleMarkup::html : TitleMarkup::text);
  } else if (q.local == "description" && description_.empty()) {
    const std::string_view type = text::trim(element.attribute({}, "type").value());
    const std::string raw(text::trim(inner_text(element.node())));
    description_ = type == "html" ? raw : text::escape_html(raw);  // "plain" is the default
  }
}

void MediaText::fill(Item& item) const {
  if (item.title.empty()) item.title = title_;
  if (item.summary.empty() && item.content.empty()) item.summary = description_;
}

}  // namespace vigil::feeds::detail
