#include "daemon/follow.hpp"

#include <memory>

#include "dedup/canonical_url.hpp"
#include "feeds/article.hpp"
#include "feeds/fetch.hpp"
#include "text/html.hpp"

namespace vigil::daemon {
namespace {

struct Batch {
  std::vector<FetchedPage> pages;
  std::size_t left = 0;
  std::function<void(std::vector<FetchedPage>)> done;
  void finished() {
    if (--left == 0) done(std::move(pages));
  }
};

bool is_http(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

std::size_t visible_length(const std::string& html) { return text::html_to_text(html).size(); }

}  // namespace

void fetch_pages(net::Client& client, RobotsCache& robots, const SourceSpec& source, std::vector<std::string> urls,
                 std::function<void(std::vector<FetchedPage>)> done) {
  if (urls.empty()) return done({});
  auto batch = std::make_shared<Batch>();
  batch->left = urls.size();
  batch->done = std::move(done);
  const auto source_host = net::host_of(source.url);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    batch->pages.push_back({.url = urls[i], .result = {}, .refused = false});
    batch->pages.back().result.source = source.name;
    batch->pages.back().result.url = urls[i];
  }
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const std::string& url = urls[i];
    FetchedPage& page = batch->pages[i];
    if (!is_http(url)) {
      page.refused = true;
      page.result.error = FetchErrorKind::protocol;
      page.result.error_message = "not an http(s) link";
      batch->finished();
      continue;
    }
    // A link to the source's own host is as trusted as the source; others may not reach the
    // local network unless the source allows it.
    const bool untrusted = net::host_of(url) != source_host;
    robots.check(source, url, untrusted,
                 [&client, source, url, untrusted, batch, i](std::optional<std::string> refusal) {
                   FetchedPage& page = batch->pages[i];
                   if (refusal) {
                     page.refused = *refusal != "cancelled";
                     page.result.error = page.refused ? FetchErrorKind::other : FetchErrorKind::cancelled;
                     page.result.error_message = *refusal;
                     return batch->finished();
                   }
                   client.request(feeds::build_page_request(source, url, untrusted),
                                  [source, url, batch, i](net::HttpResponse response) {
                                    FetchedPage& page = batch->pages[i];
                                    page.refused = response.address_refused;
                                    SourceSpec as_page = source;
                                    as_page.url = url;
                                    page.result = feeds::to_fetch_result(as_page, std::move(response));
                                    batch->finished();
                                  });
                 });
  }
}

FollowOutcome apply_followed_page(Candidate& candidate, const FetchedPage& page) {
  const auto& result = page.result;
  if (result.error == FetchErrorKind::cancelled) return FollowOutcome::cancelled;
  if (!result.ok()) {
    if (page.refused || result.error == FetchErrorKind::too_large || result.error == FetchErrorKind::protocol ||
        result.error == FetchErrorKind::too_many_redirects)
      return FollowOutcome::kept;
    if (result.error == FetchErrorKind::http_status && result.status / 100 == 4 && result.status != 408 &&
        result.status != 429)
      return FollowOutcome::kept;
    return FollowOutcome::deferred;
  }
  const auto article = feeds::extract_article(result.body, result.content_type,
                                              result.final_url.empty() ? result.url : result.final_url);
  if (article.text.empty()) return FollowOutcome::kept;
  Item& item = candidate.item;
  const std::size_t listed = std::max(visible_length(item.content), visible_length(item.summary));
  if (article.text.size() > listed) item.content = article.html;
  if (item.title.empty()) item.title = article.title;
  if (!item.published) item.published = article.published;
  if (!item.updated && article.modified && article.modified != item.published) item.updated = article.modified;
  if (item.lang.empty()) item.lang = article.lang;
  if (item.authors.empty()) item.authors = article.authors;
  if (is_http(article.canonical_url)) candidate.canonical_link = dedup::canonical_url(article.canonical_url);
  return FollowOutcome::enriched;
}

}  // namespace vigil::daemon
