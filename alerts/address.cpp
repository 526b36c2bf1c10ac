#include "alerts/address.hpp"

#include <algorithm>
#include <cctype>

#include "alerts/mime.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A conservative check: one '@', something on each side, no whitespace, controls or brackets.
bool plausible_address(std::string_view a) {
  const std::size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.size() > 254) return false;
  return std::none_of(a.begin(), a.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' || c == ')' ||
           c == ';' || c == '\\';
  });
}

// RFC 5322 atext plus space: a display name made of these needs no quoting.
bool is_plain_phrase(std::string_view s) {
  static constexpr std::string_view kAtextSpecials = "!#$%&'*+-/=?^_`{|}~ ";
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kAtextSpecials.find(c) != std::string_view::npos;
  });
}

}  // namespace

std::expected<MailAddress, std::string> parse_address(std::string_view text) {
  text = trim(text);
  MailAddress out;
  const std::size_t open = text.rfind('<');
  if (open == std::string_view::npos) {
    out.address = std::string(text);
  } else {
    const std::size_t close = text.find('>', open);
    if (close == std::string_view::npos || !trim(text.substr(close + 1)).empty())
      return std::unexpected(std::string("address \"") + std::string(text) + "\": unbalanced angle brackets");
    out.address = std::string(trim(text.substr(open + 1, close - open - 1)));
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        out.display_name += name[i];
      }
    } else {
      out.display_name = std::string(name);
    }
    out.display_name = text::single_line(out.display_name);
  }
  if (!plausible_address(out.address))
    return std::unexpected(std::string("address \"") + std::string(text) + "\": not a mail address");
  return out;
}

std::string format_address(const MailAddress& address, std::size_t first_line_used) {
  const std::string name = text::single_line(address.display_name);
  // The address went through parse_address or config validation; still, never emit controls.
  std::string bare;
  for (char c : address.address)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F && c != '<' && c != '>') bare += c;
  if (name.empty()) return bare;
  std::string phrase;
  if (!text::is_ascii(name) || name.find("=?") != std::string::npos) {
    phrase = encoded_words(name, first_line_used);
  } else if (is_plain_phrase(name)) {
    phrase = name;
  } else {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  }
  return phrase + " <" + bare + ">";
}

std::string address_domain(std::string_view address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return {};
  const std::string_view domain = address.substr(at + 1);
  if (domain.empty() || domain.size() > 253 || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return {};
  const bool ok = std::all_of(domain.begin(), domain.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  return ok ? std::string(domain) : std::string();
}

}  // namespace vigil::alerts
