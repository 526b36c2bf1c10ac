// Charset detection and conversion to UTF-8 with glibc's iconv, before the XML parser sees
// the bytes (pugixml itself knows only UTF-8/16/32 and Latin-1).
#include "feeds/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

struct IconvCloser {
  void operator()(void* cd) const noexcept { iconv_close(static_cast<iconv_t>(cd)); }
};
using Iconv = std::unique_ptr<void, IconvCloser>;

Iconv open_to_utf8(const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return Iconv(nullptr);
  return Iconv(cd);
}

std::string lower(std::string_view s) {
  std::string out(text::trim(s));
  std::erase_if(out, [](char c) { return c == '"' || c == '\''; });
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_utf8_label(std::string_view name) {
  return name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" || name == "unicode-1-1-utf-8";
}

bool is_wide_label(std::string_view name) {
  return name.starts_with("utf-16") || name.starts_with("utf-32") || name.starts_with("ucs-") ||
         name == "utf16" || name == "utf32" || name == "unicode";
}

// The name handed to iconv: legacy labels read as the supersets browsers use, because feeds
// labelled with the narrow name routinely contain the wider set's characters.
std::string iconv_name(const std::string& label) {
  if (label == "gb2312" || label == "gbk" || label == "x-gbk" || label == "cp936" || label == "euc-cn")
    return "GB18030";
  if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" ||
      label == "ms_kanji" || label == "windows-31j")
    return "CP932";
  if (label == "euc-kr" || label == "ks_c_5601-1987" || label == "ksc5601") return "CP949";
  return label;
}

// Converts `in`; invalid or truncated input fails, or, when `lenient`, becomes U+FFFD.
std::optional<std::string> convert(void* cd, std::string_view in, bool lenient) {
  auto* handle = static_cast<iconv_t>(cd);
  iconv(handle, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  std::string out(in.size() * 2 + 16, '\0');
  std::size_t used = 0;
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
  std::size_t src_left = in.size();
  while (true) {
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    const std::size_t r = src_left == 0 ? iconv(handle, nullptr, nullptr, &dst, &dst_left)
                                        : iconv(handle, &src, &src_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) {
      if (src_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else if (errno == EILSEQ || errno == EINVAL) {
      if (!lenient) return std::nullopt;
      out.resize(std::max(out.size(), used + 3));
      out.replace(used, 3, "\xEF\xBF\xBD");
      used += 3;
      ++src;
      --src_left;
      if (errno == EINVAL) break;  // a truncated sequence at the end
    } else {
      return std::nullopt;
    }
  }
  out.resize(used);
  return out;
}

// Span of the encoding value in a leading "<?xml ... ?>", or npos.
std::pair<std::size_t, std::size_t> prolog_encoding_span(std::string_view body) {
  constexpr auto none = std::pair{std::string_view::npos, std::size_t{0}};
  std::size_t start = 0;
  while (start < body.size() && (body[start] == ' ' || body[start] == '\t' || body[start] == '\r' || body[start] == '\n'))
    ++start;
  if (body.substr(start, 5) != "<?xml") return none;
  const std::size_t end = body.find("?>", start);
  if (end == std::string_view::npos) return none;
  const std::string_view decl = body.substr(0, end);
  std::size_t pos = decl.find("encoding", start);
  if (pos == std::string_view::npos) return none;
  pos = decl.find('=', pos);
  if (pos == std::string_view::npos) return none;
  ++pos;
  while (pos < decl.size() && (decl[pos] == ' ' || decl[pos] == '\t')) ++pos;
  if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return none;
  const std::size_t close = decl.find(decl[pos], pos + 1);
  if (close == std::string_view::npos) return none;
  return {pos + 1, close - pos - 1};
}

std::string with_utf8_prolog(std::string text) {
  const auto [pos, len] = prolog_encoding_span(text);
  if (pos != std::string_view::npos) text.replace(pos, len, "UTF-8");
  return text;
}

struct Sniffed {
  const char* charset = nullptr;
  std::size_t bom = 0;
};

Sniffed sniff(std::string_view b) {
  auto at = [&](std::size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100u; };
  if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return {"UTF-8", 3};
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return {"UTF-32LE", 4};
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return {"UTF-32BE", 4};
  if (at(0) == 0xFF && at(1) == 0xFE) return {"UTF-16LE", 2};
  if (at(0) == 0xFE && at(1) == 0xFF) return {"UTF-16BE", 2};
  if (at(0) == '<' && at(1) == 0 && at(2) == 0 && at(3) == 0) return {"UTF-32LE", 0};
  if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) == '<') return {"UTF-32BE", 0};
  if (at(0) == '<' && at(1) == 0 && at(2) != 0 && at(3) == 0) return {"UTF-16LE", 0};
  if (at(0) == 0 && at(1) == '<' && at(2) == 0 && at(3) != 0) return {"UTF-16BE", 0};
  return {};
}

}  // namespace

std::string charset_of_content_type(std::string_view content_type) {
  const std::string lowered = lower(content_type);
  std::size_t pos = lowered.find("charset");
  while (pos != std::string::npos) {
    std::size_t p = pos + 7;
    while (p < lowered.size() && lowered[p] == ' ') ++p;
    if (p < lowered.size() && lowered[p] == '=') {
      ++p;
      const std::size_t end = lowered.find(';', p);
      return std::string(text::trim(std::string_view(lowered).substr(p, end == std::string::npos ? end : end - p)));
    }
    pos = lowered.find("charset", pos + 7);
  }
  return {};
}

std::string charset_of_prolog(std::string_view body) {
  const auto [pos, len] = prolog_encoding_span(body.substr(0, 512));
  if (pos == std::string_view::npos) return {};
  return lower(body.substr(pos, len));
}

std::optional<std::string> to_utf8(std::string_view body, std::string_view content_type,
                                   std::vector<std::string>& warnings) {
  if (const Sniffed s = sniff(body); s.charset) {
    const std::string_view rest = body.substr(s.bom);
    if (std::string_view(s.charset) == "UTF-8") return std::string(rest);
    const Iconv cd = open_to_utf8(s.charset);
    if (!cd) return std::nullopt;  // glibc always has UTF-16/32; defensive only
    if (auto strict = convert(cd.get(), rest, false)) return with_utf8_prolog(std::move(*strict));
    warnings.push_back(std::string("feeds: body is not valid ") + s.charset + "; bad bytes replaced");
    return with_utf8_prolog(convert(cd.get(), rest, true).value_or(std::string()));
  }

  std::vector<std::string> labels;
  for (std::string label : {charset_of_content_type(content_type), charset_of_prolog(body)})
    if (!label.empty() && std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);

  std::string fallback;  // the first known charset the bytes were not valid in
  for (const std::string& label : labels) {
    if (is_wide_label(label)) continue;
    if (is_utf8_label(label)) {
      if (text::is_valid_utf8(body)) return std::nullopt;
      if (fallback.empty()) fallback = "UTF-8";
      continue;
    }
    const std::string name = iconv_name(label);
    const Iconv cd = open_to_utf8(name);
    if (!cd) {
      warnings.push_back("feeds: unknown charset '" + text::valid_utf8(label.substr(0, 40)) + "'; read as UTF-8");
      continue;
    }
    if (auto strict = convert(cd.get(), body, false)) return with_utf8_prolog(std::move(*strict));
    if (fallback.empty()) fallback = name;
  }
  if (fallback.empty() || fallback == "UTF-8") return std::nullopt;  // invalid bytes become U+FFFD later
  warnings.push_back("feeds: body is not valid " + fallback + "; bad bytes replaced");
  const Iconv cd = open_to_utf8(fallback);
  return with_utf8_prolog(convert(cd.get(), body, true).value_or(std::string()));
}

}  // namespace vigil::feeds::detail
