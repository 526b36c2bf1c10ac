// `vigil parse FILE|URL [--base URL]`: one feed, parsed and normalized, printed as JSON. How
// users debug a source, and how the conformance suite drives the parser: keep the shape stable.
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <fmt/core.h>

#include "daemon/commands.hpp"
#include "daemon/item_json.hpp"
#include "feeds/parse.hpp"
#include "net/client.hpp"

namespace vigil::daemon {

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "file:///tmp/a%20b.xml" and "file://localhost/tmp/x" -> the local path; nullopt for another host.
std::optional<std::string> path_of_file_url(std::string_view url) {
  url.remove_prefix(std::string_view("file://").size());
  if (starts_with_nocase(url, "localhost/")) url.remove_prefix(std::string_view("localhost").size());
  if (!url.starts_with('/')) return std::nullopt;
  std::string path;
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() && hex_value(url[i + 1]) >= 0 && hex_value(url[i + 2]) >= 0) {
      path += static_cast<char>(hex_value(url[i + 1]) * 16 + hex_value(url[i + 2]));
      i += 2;
    } else if (url[i] == '?' || url[i] == '#') {
      break;
    } else {
      path += url[i];
    }
  }
  return path;
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

std::optional<std::string> read_local(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    fmt::print(stderr, "parse: {}: is a directory\n", path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) {
    fmt::print(stderr, "parse: cannot read {}: {}\n", path, std::strerror(errno));
    return std::nullopt;
  }
  return std::move(content).str();
}

std::optional<FetchResult> read_file(const std::string& file_or_url) {
  std::string path = file_or_url;
  if (starts_with_nocase(file_or_url, "file://")) {
    auto local = path_of_file_url(file_or_url);
    if (!local) {
      fmt::print(stderr, "parse: {}: only local file:// URLs can be read\n", file_or_url);
      return std::nullopt;
    }
    path = *local;
  }
  auto body = read_local(path);
  if (!body) return std::nullopt;
  FetchResult result;
  std::error_code ec;
  result.url = file_url_of(std::filesystem::absolute(path, ec));
  result.status = 200;
  result.body = std::move(*body);
  return result;
}

// One GET with the client's default limits (body size, redirects, timeouts).
std::optional<FetchResult> fetch(const std::string& url) {
  boost::asio::io_context io;
  net::Client client(io, net::ClientOptions{});
  std::optional<net::HttpResponse> response;
  net::HttpRequest request;
  request.url = url;
  client.request(std::move(request), [&](net::HttpResponse r) { response = std::move(r); });
  io.run();
  if (!response || !response->ok()) {
    fmt::print(stderr, "parse: {}: {}\n", url, response ? response->error_message : "no response");
    return std::nullopt;
  }
  if (response->status != 200) {
    fmt::print(stderr, "parse: {}: HTTP {}\n", url, response->status);
    return std::nullopt;
  }
  FetchResult result;
  result.url = url;
  result.final_url = response->effective_url;
  result.permanent_url = response->permanent_url;
  result.status = response->status;
  result.content_type = response->header("content-type");
  result.body = std::move(response->body);
  return result;
}

}  // namespace

int cmd_parse(const std::string& file_or_url, const std::string& base) {
  const bool remote = starts_with_nocase(file_or_url, "http://") || starts_with_nocase(file_or_url, "https://");
  auto fetched = remote ? fetch(file_or_url) : read_file(file_or_url);
  if (!fetched) return 1;
  if (!base.empty()) fetched->final_url = base;
  if (fetched->final_url.empty()) fetched->final_url = fetched->url;

  const auto parsed = feeds::parse_feed(*fetched);
  if (!parsed) {
    fmt::print(stderr, "parse: {}: {}\n", file_or_url, parsed.error().message);
    return 1;
  }
  for (const auto& warning : parsed->warnings) fmt::print(stderr, "parse: warning: {}\n", warning);
  fmt::print("{}\n", feed_to_json(*parsed));
  return 0;
}

}  // namespace vigil::daemon
