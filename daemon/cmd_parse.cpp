// `vigil parse FILE|URL [--base URL] [--source NAME]`: one source's document, parsed and
// normalized, printed as JSON; `vigil extract` and `vigil discover` look at one HTML page. How
// users debug a source, and how the conformance suite drives the parser: keep the shape stable.
#include <cctype>
#include <cstring>
#include <filesystem>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <fmt/core.h>

#include "daemon/commands.hpp"
#include "daemon/item_json.hpp"
#include "feeds/fetch.hpp"
#include "feeds/article.hpp"
#include "feeds/discover.hpp"
#include "feeds/parse_source.hpp"
#include "feeds/sitemap.hpp"
#include "text/whitespace.hpp"
#include "net/client.hpp"

namespace vigil::daemon {

namespace {

bool has_scheme(std::string_view text) {
  for (std::string_view scheme : {"http://", "https://", "file:"}) {
    if (text.size() < scheme.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < scheme.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(text[i])) == scheme[i];
    if (same) return true;
  }
  return false;
}

// The file:// URL of an absolute path, percent-encoding what a URL path cannot hold as it is.
std::string file_url_of(const std::filesystem::path& absolute) {
  std::string url = "file://";
  for (unsigned char c : absolute.string()) {
    if (std::isalnum(c) || std::strchr("/-._~!$&'()*+,;=:@", c) != nullptr)
      url += static_cast<char>(c);
    else
      url += fmt::format("%{:02X}", c);
  }
  return url;
}

// One fetch through the daemon's own fetch policy (limits, file:// reading, status handling),
// as for a configured source that was never polled. `source` gives the name, type and
// limits; its url is replaced.
FetchResult fetch(SourceSpec source, const std::string& url) {
  boost::asio::io_context io;
  net::Client client(io, net::ClientOptions{});
  source.url = url;
  FetchResult result;
  feeds::fetch_source(client, source, FetchState{}, [&](FetchResult r) { result = std::move(r); });
  io.run();
  return result;
}

std::string url_of(const std::string& file_or_url) {
  std::error_code ec;
  return has_scheme(file_or_url) ? file_or_url : file_url_of(std::filesystem::absolute(file_or_url, ec));
}

// The document at `url` as the command reads it, or nullopt after printing why not.
std::optional<FetchResult> fetch_document(std::string_view command, const SourceSpec& source,
                                          const std::string& file_or_url, const std::string& base) {
  FetchResult fetched = fetch(source, url_of(file_or_url));
  if (!fetched.ok()) {
    fmt::print(stderr, "{}: {}: {}\n", command, file_or_url, fetched.error_message);
    return std::nullopt;
  }
  if (!base.empty()) fetched.final_url = base;
  if (fetched.final_url.empty()) fetched.final_url = fetched.url;
  return fetched;
}

constexpr std::size_t kMaxChildSitemaps = 3;  // as the poller reads them

}  // namespace

int cmd_parse(const std::string& file_or_url, const std::string& base, const SourceSpec* configured) {
  SourceSpec source = configured ? *configured : SourceSpec{};
  const std::string input = !file_or_url.empty() ? file_or_url : source.url;
  auto fetched = fetch_document("parse", source, input, base);
  if (!fetched) return 1;
  auto document = feeds::parse_source(*fetched, source);
  if (document && document->discovered_feed) {
    // A page that advertises a feed: the source reads that feed, and so does this command.
    fmt::print(stderr, "parse: {} is an HTML page; reading the feed it advertises, {}\n", input,
               *document->discovered_feed);
    fetched = fetch_document("parse", source, *document->discovered_feed, "");
    if (!fetched) return 1;
    document = feeds::parse_source(*fetched, source);
  }
  if (!document) {
    fmt::print(stderr, "parse: {}: {}\n", input, document.error().message);
    return 1;
  }
  auto& feed = document->feed;
  const auto children = document->child_sitemaps;
  for (std::size_t i = 0; i < children.size() && i < kMaxChildSitemaps; ++i) {
    auto child = fetch_document("parse", source, children[i], "");
    if (!child) return 1;
    auto sitemap = feeds::parse_sitemap(*child);
    if (!sitemap) {
      fmt::print(stderr, "parse: child sitemap {}: {}\n", children[i], sitemap.error().message);
      return 1;
    }
    for (auto& item : sitemap->items) feed.items.push_back(std::move(item));
  }
  for (const auto& warning : feed.warnings) fmt::print(stderr, "parse: warning: {}\n", warning);
  fmt::print("{}\n", feed_to_json(feed));
  return 0;
}

int cmd_extract(const std::string& file_or_url, const std::string& base, bool json) {
  const auto fetched = fetch_document("extract", SourceSpec{}, file_or_url, base);
  if (!fetched) return 1;
  const auto article = feeds::extract_article(fetched->body, fetched->content_type, fetched->final_url);
  if (!json) {
    fmt::print("{}\n", article.text);
    return article.text.empty() ? 1 : 0;
  }
  nlohmann::json out{{"title", article.title},
                     {"published", article.published ? nlohmann::json(format_rfc3339(*article.published)) : nlohmann::json()},
                     {"modified", article.modified ? nlohmann::json(format_rfc3339(*article.modified)) : nlohmann::json()},
                     {"canonical_url", article.canonical_url},
                     {"description", article.description},
                     {"authors", article.authors},
                     {"lang", article.lang},
                     {"text", article.text}};
  fmt::print("{}\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return article.text.empty() ? 1 : 0;
}

int cmd_discover(const std::string& file_or_url, bool json) {
  const auto fetched = fetch_document("discover", SourceSpec{}, file_or_url, "");
  if (!fetched) return 1;
  const auto found = feeds::discover_feeds(fetched->body, fetched->content_type, fetched->final_url);
  if (found.empty()) {
    fmt::print(stderr, "discover: {} advertises no feed\n", file_or_url);
    return 1;
  }
  for (const auto& feed : found) {
    if (json) {
      const nlohmann::json line{{"url", feed.url}, {"type", feed.type}, {"title", feed.title}};
      fmt::print("{}\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      fmt::print("{}\t{}\t{}\n", feed.url, feed.type, text::single_line(feed.title));
    }
  }
  return 0;
}

}  // namespace vigil::daemon
