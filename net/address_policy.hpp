#pragma once
// Which peer addresses a transfer may connect to. Decided on the resolved address just before
// the socket is opened (curl's open-socket hook), so no packet ever reaches a refused address,
// whatever name or redirect led there.
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace vigil::net {

// Link-local (169.254.0.0/16, fe80::/10) and cloud metadata (fd00:ec2::254) are always refused.
// With allow_private = false, so are loopback, unspecified, RFC 1918, CGNAT (100.64.0.0/10) and
// unique-local (fc00::/7) addresses. IPv4-mapped and NAT64 (64:ff9b::/96) IPv6 addresses are
// judged by the IPv4 address they carry.
// Returns the address as text when it is refused, nullopt when it is allowed (or not IP).
std::optional<std::string> refused_address(const sockaddr* address, bool allow_private);

// The same for a numeric address ("169.254.169.254", "fe80::1"); nullopt for non-addresses.
std::optional<std::string> refused_address(std::string_view numeric, bool allow_private);

}  // namespace vigil::net
