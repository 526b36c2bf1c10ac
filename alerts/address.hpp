#pragma once
// Mail addresses as configured ("vigil <alerts@example.org>" or a bare address): the bare
// address is what SMTP's MAIL FROM needs, the formatted form is what the From header shows.
#include <expected>
#include <string>
#include <string_view>

namespace vigil::alerts {

struct MailAddress {
  std::string display_name;  // may be empty; UTF-8
  std::string address;       // local@domain, no angle brackets
};

// Accepts "addr", "<addr>", "Name <addr>" and "\"Quoted, Name\" <addr>". The error says why.
std::expected<MailAddress, std::string> parse_address(std::string_view text);

// The header form: "addr" without a name, "Name <addr>" for a plain ASCII name, a quoted
// string when the name has specials, RFC 2047 encoded-words when it is not ASCII. Control
// characters are removed. `first_line_used` is the length of "From: " before it, for folding.
std::string format_address(const MailAddress& address, std::size_t first_line_used = 6);

// The domain part of a bare address when it is a usable host name, else "".
std::string address_domain(std::string_view address);

}  // namespace vigil::alerts
