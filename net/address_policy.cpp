#include "net/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace vigil::net {
namespace {

bool in_v4(std::uint32_t address, std::uint32_t network, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) { return a << 24 | b << 16 | c << 8 | d; }

bool refuse_v4(std::uint32_t a, bool allow_private) {
  if (in_v4(a, v4(169, 254, 0, 0), 16)) return true;
  if (allow_private) return false;
  return in_v4(a, v4(0, 0, 0, 0), 8) || in_v4(a, v4(10, 0, 0, 0), 8) || in_v4(a, v4(100, 64, 0, 0), 10) ||
         in_v4(a, v4(127, 0, 0, 0), 8) || in_v4(a, v4(172, 16, 0, 0), 12) || in_v4(a, v4(192, 168, 0, 0), 16);
}

std::uint32_t v4_at(const unsigned char* bytes) {
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 | std::uint32_t{bytes[2]} << 8 | bytes[3];
}

bool refuse_v6(const in6_addr& address, bool allow_private) {
  const unsigned char* b = address.s6_addr;
  static constexpr std::array<unsigned char, 12> mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr std::array<unsigned char, 12> nat64_prefix{0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, mapped_prefix.data(), 12) == 0 || std::memcmp(b, nat64_prefix.data(), 12) == 0)
    return refuse_v4(v4_at(b + 12), allow_private);

  static constexpr std::array<unsigned char, 16> ec2_metadata{0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0,
                                                              0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (std::memcmp(b, ec2_metadata.data(), 16) == 0) return true;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10
  if (allow_private) return false;
  static constexpr std::array<unsigned char, 16> zero{};
  std::array<unsigned char, 16> loopback{};
  loopback[15] = 1;
  return std::memcmp(b, zero.data(), 16) == 0 || std::memcmp(b, loopback.data(), 16) == 0 ||
         (b[0] & 0xfe) == 0xfc ||                  // fc00::/7 unique-local
         (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0);  // fec0::/10 old site-local
}

std::string text_of(int family, const void* address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, address, buffer, sizeof buffer);
  return buffer;
}

}  // namespace

std::optional<std::string> refused_address(const sockaddr* address, bool allow_private) {
  if (!address) return std::nullopt;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    if (refuse_v4(ntohl(in.sin_addr.s_addr), allow_private)) return text_of(AF_INET, &in.sin_addr);
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    if (refuse_v6(in6.sin6_addr, allow_private)) return text_of(AF_INET6, &in6.sin6_addr);
  }
  return std::nullopt;
}

std::optional<std::string> refused_address(std::string_view numeric, bool allow_private) {
  const std::string text(numeric);
  sockaddr_in in{};
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET, text.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return refused_address(reinterpret_cast<const sockaddr*>(&in), allow_private);
  }
  if (inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    return refused_address(reinterpret_cast<const sockaddr*>(&in6), allow_private);
  }
  return std::nullopt;
}

}  // namespace vigil::net
