#include "config/checks.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/url/parse.hpp>
#include <fmt/core.h>

namespace vigil::config::detail {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const int port = std::atoi(std::string(text).c_str());
  return port >= 1 && port <= 65535;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

// Characters a URL path may carry as they are; everything else is percent-encoded.
bool is_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos;
}

std::string percent_encode_path(std::string_view text, bool keep_percent) {
  std::string out;
  for (char c : text) {
    if (is_path_char(c) || (keep_percent && c == '%'))
      out += c;
    else
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

std::expected<void, std::string> check_listen(std::string_view text) {
  if (text.empty()) return {};
  const auto expected = std::unexpected<std::string>(
      R"("host:port" (like "127.0.0.1:9470") or "" to disable)");
  std::string_view host;
  std::string_view port;
  if (text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return expected;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    const bool ipv6 = !host.empty() && host.find(':') != std::string_view::npos &&
                      std::all_of(host.begin(), host.end(), [](char c) {
                        return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' ||
                               c == '.';
                      });
    if (!ipv6) return expected;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return expected;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) return expected;
  }
  if (!is_port(port)) return expected;
  return {};
}

std::expected<void, std::string> check_web_url(std::string_view text) {
  const auto url = boost::urls::parse_uri(text);
  if (!url) return std::unexpected("an http:// or https:// URL, got a malformed URL");
  const auto scheme = url->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
    return std::unexpected(
        fmt::format("an http:// or https:// URL, got scheme \"{}\"", std::string(url->scheme())));
  if (url->encoded_host().empty()) return std::unexpected("an http:// or https:// URL with a host");
  return {};
}

std::expected<SourceUrl, std::string> resolve_source_url(std::string_view text,
                                                         const std::filesystem::path& base_dir) {
  constexpr std::string_view expected = "an http://, https:// or file: URL";
  if (!starts_with_nocase(text, "file:")) {
    const auto url = boost::urls::parse_uri(text);
    if (!url) return std::unexpected(fmt::format("{}, got a malformed URL", expected));
    const auto scheme = url->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
      return std::unexpected(
          fmt::format("{}, got scheme \"{}\"", expected, std::string(url->scheme())));
    if (url->encoded_host().empty())
      return std::unexpected(fmt::format("{} with a host", expected));
    return SourceUrl{std::string(text), std::nullopt};
  }

  const std::string_view rest = text.substr(5);
  if (rest.starts_with("//")) {
    const auto url = boost::urls::parse_uri(text);
    if (!url) return std::unexpected(fmt::format("{}, got a malformed file:// URL", expected));
    const auto host = url->encoded_host();
    if (!host.empty() && !iequals(host, "localhost"))
      return std::unexpected(
          "a file:// URL on this machine (file:///path, or file:path relative to the config)");
    if (url->path().empty() || url->path() == "/")
      return std::unexpected("a file:// URL with a path");
    return SourceUrl{std::string(text), std::filesystem::path(url->path())};
  }
  if (rest.empty()) return std::unexpected("a file: URL with a path");

  // "file:/abs/x.xml" or "file:feeds/x.xml" (relative to the config file's directory).
  std::string path;
  std::filesystem::path local;
  if (rest.front() == '/') {
    path = percent_encode_path(rest, true);
    local = std::filesystem::path(rest);
  } else {
    path = percent_encode_path(base_dir.generic_string(), false) + "/" +
           percent_encode_path(rest, true);
    local = base_dir / rest;
  }
  path = std::filesystem::path(path).lexically_normal().generic_string();
  std::string url = "file://" + path;
  if (!boost::urls::parse_uri(url))
    return std::unexpected(fmt::format("{}, got a malformed file: URL", expected));
  // "%" in the written path is an escape the URL keeps; the file name on disk is unknown.
  std::optional<std::filesystem::path> file;
  if (rest.find('%') == std::string_view::npos) file = local.lexically_normal();
  return SourceUrl{std::move(url), std::move(file)};
}

std::expected<void, std::string> check_proxy_url(std::string_view text) {
  constexpr std::string_view expected = "an http://, https://, socks5:// or socks5h:// proxy URL";
  const auto url = boost::urls::parse_uri(text);
  if (!url) return std::unexpected(fmt::format("{}, got a malformed URL", expected));
  const auto scheme = url->scheme();
  if (!iequals(scheme, "http") && !iequals(scheme, "https") && !iequals(scheme, "socks5") &&
      !iequals(scheme, "socks5h"))
    return std::unexpected(fmt::format("{}, got scheme \"{}\"", expected, std::string(scheme)));
  if (url->encoded_host().empty()) return std::unexpected(fmt::format("{} with a host", expected));
  if (url->has_port() && !is_port(url->port()))
    return std::unexpected(fmt::format("{} with a port from 1 to 65535", expected));
  return {};
}

bool is_header_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::expected<void, std::string> check_smtp_url(std::string_view text) {
  constexpr std::string_view expected = R"("smtp://host[:port]" or "smtps://host[:port]")";
  const auto url = boost::urls::parse_uri(text);
  if (!url) return std::unexpected(fmt::format("{}, got a malformed URL", expected));
  if (!iequals(url->scheme(), "smtp") && !iequals(url->scheme(), "smtps"))
    return std::unexpected(
        fmt::format("{}, got scheme \"{}\"", expected, std::string(url->scheme())));
  if (url->has_userinfo())
    return std::unexpected(fmt::format(
        "{} without credentials (use the keys username and password or password_file)",
        expected));
  if (url->encoded_host().empty()) return std::unexpected(fmt::format("{} with a host", expected));
  if (url->has_port() && !is_port(url->port()))
    return std::unexpected(fmt::format("{} with a port from 1 to 65535", expected));
  if ((!url->encoded_path().empty() && url->encoded_path() != "/") || url->has_query() ||
      url->has_fragment())
    return std::unexpected(fmt::format("{} without a path or query", expected));
  return {};
}

bool is_smtps(std::string_view smtp_url) { return starts_with_nocase(smtp_url, "smtps:"); }

bool is_email_address(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) return false;
  const auto local = text.substr(0, at);
  const auto domain = text.substr(at + 1);
  const auto forbidden = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f ||
           std::string_view("<>()[],;:\\\"@").find(c) != std::string_view::npos;
  };
  if (std::any_of(local.begin(), local.end(), forbidden)) return false;
  if (std::any_of(domain.begin(), domain.end(), forbidden)) return false;
  return domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

bool is_mailbox(std::string_view text) {
  if (text.empty() || text.back() != '>') return is_email_address(text);
  const auto open = text.rfind('<');
  if (open == std::string_view::npos) return false;
  const auto name = text.substr(0, open);
  // The display name goes into a header: no line breaks, no angle brackets.
  const bool clean_name = std::none_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || c == '<' || c == '>';
  });
  return clean_name && is_email_address(text.substr(open + 1, text.size() - open - 2));
}

std::expected<std::string, std::string> expand_environment(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i + 1] != '{') {
      out += '$';
      continue;
    }
    const auto close = text.find('}', i + 2);
    if (close == std::string_view::npos)
      return std::unexpected("\"${\" without a closing \"}\" (write \"$$\" for a literal \"$\")");
    const auto name = text.substr(i + 2, close - i - 2);
    const bool valid_name =
        !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
        std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    if (!valid_name)
      return std::unexpected(
          "a \"${NAME}\" reference with a variable name of letters, digits and _ "
          "(write \"$$\" for a literal \"$\")");
    const std::string variable(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr)
      return std::unexpected(fmt::format("environment variable \"{}\" is not set", variable));
    out += value;
    i = close;
  }
  return out;
}

std::expected<std::string, std::string> read_secret_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    return std::unexpected(fmt::format("cannot read \"{}\": is a directory", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return std::unexpected(
        fmt::format("cannot read \"{}\": {}", file.string(), std::strerror(errno)));
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = std::move(content).str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

}  // namespace vigil::config::detail
