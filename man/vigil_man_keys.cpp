// Writes vigil.toml(5): the hand-written page with its key reference generated from the
// loader's own tables (config/keys.hpp) where the line `.\" @CONFIG_KEYS@` stands, so the
// manual and the loader cannot disagree. Run by the build: vigil_man_keys TEMPLATE OUTPUT.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "config/keys.hpp"

namespace {

constexpr std::string_view marker = ".\\\" @CONFIG_KEYS@";

// Text for a roff text line: backslashes escaped, a leading control character neutralized,
// anything beyond ASCII as a \[uXXXX] glyph so groff needs no input encoding.
std::string roff(std::string_view text) {
  std::string out;
  if (!text.empty() && (text.front() == '.' || text.front() == '\'')) out += "\\&";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\\') {
      out += "\\e";
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      // Decode one UTF-8 sequence; the tables are UTF-8 source text.
      const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
      char32_t code = byte & (0x3F >> (length - 1));
      for (int k = 1; k < length && i + 1 < text.size(); ++k)
        code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F);
      out += fmt::format("\\[u{:04X}]", static_cast<unsigned>(code));
    }
  }
  return out;
}

std::string keys_as_roff() {
  std::string out;
  std::string section;
  for (const auto& doc : vigil::config::describe_keys()) {
    if (doc.section != section) {
      section = doc.section;
      out += fmt::format(".SS \"{}\"\n", roff(section));
    }
    std::string about = fmt::format("\\fI{}\\fR", roff(doc.type));
    if (!doc.channel_type.empty()) about = roff(doc.channel_type) + " channels; " + about;
    if (doc.required)
      about += "; required";
    else if (!doc.default_value.empty())
      about += "; default: " + roff(doc.default_value);
    out += fmt::format(".TP\n\\fB{}\\fR ({})\n{}\n", roff(doc.key), about, roff(doc.doc));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: vigil_man_keys TEMPLATE OUTPUT\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "vigil_man_keys: cannot read %s\n", argv[1]);
    return 1;
  }
  std::ostringstream page;
  bool replaced = false;
  for (std::string line; std::getline(in, line);) {
    if (line == marker) {
      page << keys_as_roff();
      replaced = true;
    } else {
      page << line << '\n';
    }
  }
  if (!replaced) {
    std::fprintf(stderr, "vigil_man_keys: %s has no line %s\n", argv[1], marker.data());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::trunc);
  out << page.str();
  if (!out.flush()) {
    std::fprintf(stderr, "vigil_man_keys: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
