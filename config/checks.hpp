#pragma once
// Internal to config/: validators for the values of string keys. Each failure is the phrase
// after "expected" (or a reason), never an echo of a secret.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::config::detail {

// "host:port", "[::1]:port" or "" (disabled).
std::expected<void, std::string> check_listen(std::string_view text);

// An absolute http:// or https:// URL with a host.
std::expected<void, std::string> check_web_url(std::string_view text);

struct SourceUrl {
  std::string url;                                // http(s) as written; file: made absolute
  std::optional<std::filesystem::path> local_file;  // for file: URLs
};
// http://, https://, file:///abs, or file:relative/path resolved against `base_dir` into an
// absolute file:/// URL (percent-encoded), so bundled feeds work from any directory.
std::expected<SourceUrl, std::string> resolve_source_url(std::string_view text,
                                                         const std::filesystem::path& base_dir);

// A proxy URL: http://, https://, socks5:// or socks5h:// with a host (credentials allowed,
// they are never echoed).
std::expected<void, std::string> check_proxy_url(std::string_view text);

// An HTTP header name (RFC 9110 token characters).
bool is_header_name(std::string_view text);

// smtp://host[:port] or smtps://host[:port]; no credentials, path or query.
std::expected<void, std::string> check_smtp_url(std::string_view text);
bool is_smtps(std::string_view smtp_url);

// A bare address "local@domain".
bool is_email_address(std::string_view text);
// "Name <local@domain>" or "local@domain".
bool is_mailbox(std::string_view text);

// Replaces ${NAME} with the environment variable's value ("$$" is a literal "$"). The error
// names the variable, never the surrounding text (it is a secret).
std::expected<std::string, std::string> expand_environment(std::string_view text);

// A secret kept in a file: its content without trailing line breaks.
std::expected<std::string, std::string> read_secret_file(const std::filesystem::path& file);

}  // namespace vigil::config::detail
