// `vigil parse FILE|URL [--base URL]`: one feed, parsed and normalized, printed as JSON. How
// users debug a source, and how the conformance suite drives the parser: keep the shape stable.
#include <cctype>
#include <cstring>
#include <filesystem>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <fmt/core.h>

#include "daemon/commands.hpp"
#include "daemon/item_json.hpp"
#include "feeds/fetch.hpp"
#include "feeds/parse.hpp"
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
// as for a configured source that was never polled.
FetchResult fetch(const std::string& url) {
  boost::asio::io_context io;
  net::Client client(io, net::ClientOptions{});
  SourceSpec source;
  source.url = url;
  FetchResult result;
  feeds::fetch_source(client, source, FetchState{}, [&](FetchResult r) { result = std::move(r); });
  io.run();
  return result;
}

}  // namespace

int cmd_parse(const std::string& file_or_url, const std::string& base) {
  std::error_code ec;
  const std::string url =
      has_scheme(file_or_url) ? file_or_url : file_url_of(std::filesystem::absolute(file_or_url, ec));
  FetchResult fetched = fetch(url);
  if (!fetched.ok()) {
    fmt::print(stderr, "parse: {}: {}\n", file_or_url, fetched.error_message);
    return 1;
  }
  if (!base.empty()) fetched.final_url = base;
  if (fetched.final_url.empty()) fetched.final_url = fetched.url;

  const auto parsed = feeds::parse_feed(fetched);
  if (!parsed) {
    fmt::print(stderr, "parse: {}: {}\n", file_or_url, parsed.error().message);
    return 1;
  }
  for (const auto& warning : parsed->warnings) fmt::print(stderr, "parse: warning: {}\n", warning);
  fmt::print("{}\n", feed_to_json(*parsed));
  return 0;
}

}  // namespace vigil::daemon
