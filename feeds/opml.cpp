// OPML in (parse_opml, to_sources_toml) and out (write_opml). pugixml stays in this file.
#include "feeds/opml.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "feeds/links.hpp"
#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds {
namespace {

constexpr std::size_t kMaxCategoryDepth = 16;  // deeper folders add nothing but memory
constexpr std::size_t kMaxNameBytes = 60;
constexpr std::size_t kMaxCommentBytes = 160;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// One line of valid UTF-8: control characters become spaces, whitespace (U+00A0 too) collapses.
std::string plain_line(std::string_view s) { return text::collapse_whitespace(text::single_line(s)); }

// ---- reading ----

// Writers disagree on case (xmlUrl, xmlurl, XMLURL), so names are compared without it.
std::string_view attribute(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (iequals(a.name(), name)) return a.value();
  return {};
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && iequals(c.name(), name)) return c;
  return {};
}

// Titles may carry HTML entities pugixml leaves alone (&nbsp;), never markup worth stripping.
// pugixml turns &#146; into a C1 control; Windows-1252 is what the writer meant.
std::string plain_title(std::string_view raw) {
  return plain_line(text::valid_utf8(text::decode_entities(raw), text::C1Controls::windows_1252));
}

std::string outline_title(pugi::xml_node outline) {
  std::string title = plain_title(attribute(outline, "title"));
  return title.empty() ? plain_title(attribute(outline, "text")) : title;
}

// Walks the outlines below `top` without recursion (a hostile file may nest deeply).
void collect_feeds(pugi::xml_node top, std::vector<OpmlFeed>& out) {
  struct Frame {
    pugi::xml_node next;    // next sibling to visit at this level
    std::size_t path_size;  // category depth of this level
  };
  std::vector<std::string> path;
  std::vector<Frame> stack{{top.first_child(), 0}};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (!frame.next) {
      stack.pop_back();
      continue;
    }
    const pugi::xml_node node = frame.next;
    frame.next = node.next_sibling();
    path.resize(frame.path_size);
    if (node.type() != pugi::node_element || !iequals(node.name(), "outline")) continue;

    const std::string_view xml_url = text::trim(attribute(node, "xmlUrl"));
    if (!xml_url.empty()) {
      out.push_back(OpmlFeed{.title = outline_title(node),
                             .xml_url = std::string(xml_url),
                             .html_url = std::string(text::trim(attribute(node, "htmlUrl"))),
                             .type = lower_ascii(text::trim(attribute(node, "type"))),
                             .category = path});
    } else if (path.size() < kMaxCategoryDepth) {
      if (std::string name = outline_title(node); !name.empty()) path.push_back(std::move(name));
    }
    stack.push_back({node.first_child(), path.size()});  // feeds nested in feeds count too
  }
}

// ---- names and URLs for import ----

// Non-ASCII code points that separate words rather than form them: Latin-1 punctuation,
// general punctuation (dashes, quotes, zero-width and bidi controls), symbol and arrow
// blocks, CJK punctuation, specials, emoji. A heuristic that needs no Unicode tables.
bool is_separator(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE10 && cp <= 0xFE6F) ||
         cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }  // "women's" -> "womens"

std::string slug(std::string_view title) {
  std::string out;
  bool pending_hyphen = false;
  for (std::size_t i = 0; i < title.size();) {
    const std::size_t start = i;
    const auto [cp, length, valid] = text::decode_utf8(title, i);
    i += length;
    if (!valid) {
      pending_hyphen = !out.empty();
      continue;
    }
    if (is_apostrophe(cp)) continue;
    const bool ascii_word = cp < 0x80 && std::isalnum(static_cast<int>(cp));
    if (cp < 0x80 ? !ascii_word : is_separator(cp)) {
      pending_hyphen = !out.empty();
      continue;
    }
    const std::size_t width = (pending_hyphen ? 1 : 0) + (i - start);
    if (out.size() + width > kMaxNameBytes) break;
    if (pending_hyphen) out += '-';
    pending_hyphen = false;
    if (ascii_word)
      out += static_cast<char>(std::tolower(static_cast<int>(cp)));
    else
      out.append(title.substr(start, i - start));
  }
  return out;
}

bool is_http_scheme(std::string_view url) {
  url = text::trim(url);
  const auto colon = url.find(':');
  return colon != std::string_view::npos && (iequals(url.substr(0, colon), "http") || iequals(url.substr(0, colon), "https"));
}

// Brackets are fine in a host ([::1]) but RFC 3986 forbids them elsewhere, and query strings
// in the wild ("?tags[]=x") use them anyway.
std::string encode_brackets_after_authority(std::string url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto rest = url.find_first_of("/?#", scheme_end + 3);
  if (rest == std::string::npos) return url;
  std::string out = url.substr(0, rest);
  for (const char c : std::string_view(url).substr(rest)) out += c == '[' ? "%5B" : c == ']' ? "%5D" : std::string(1, c);
  return out;
}

// At most 65535; Boost.URL checks only that it is digits.
bool valid_port(std::string_view port) {
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return port.empty() || std::stoul(std::string(port)) <= 65535;
}

// The URL as a source may hold it: trimmed, unsafe characters percent-encoded, scheme
// lower-cased; nullopt unless it parses as an absolute http(s) URL with a host.
std::optional<boost::urls::url> web_url(std::string_view raw) {
  const std::string cleaned = encode_brackets_after_authority(detail::resolve_url("", raw));
  const auto parsed = boost::urls::parse_uri(cleaned);  // a view into `cleaned`
  if (!parsed || !is_http_scheme(cleaned) || parsed->encoded_host().empty() || !valid_port(parsed->port()))
    return std::nullopt;
  // Boost.URL 1.81 reads "host:http/feed" as host "host", empty port, path "http/feed".
  if (const auto path = parsed->encoded_path(); !path.empty() && !path.starts_with('/')) return std::nullopt;
  return boost::urls::url(*parsed);
}

std::string duplicate_key(boost::urls::url url) {
  url.normalize_scheme();
  url.normalize_authority();  // lower-cases the host
  return std::string(url.buffer());
}

std::string unique_name(std::string base, std::set<std::string>& used) {
  std::string name = base;
  for (int n = 2; used.contains(name); ++n) name = base + "-" + std::to_string(n);
  used.insert(name);
  return name;
}

// ---- TOML output ----

std::string toml_string(std::string_view value) {
  std::string out = "\"";
  for (const char ch : text::valid_utf8(value)) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (is_control(c)) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// Invisible characters that reorder or hide text on screen (bidi controls, zero-width ones):
// in a comment they could make a line read differently from what it says.
bool is_invisible_format(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
         cp == 0x061C || cp == 0xFEFF;
}

// A comment stays one visible, valid line whatever it quotes: no controls, no bidi tricks,
// valid UTF-8, bounded.
std::string comment(std::string_view line_text) {
  const std::string plain = plain_line(line_text);
  std::string line;
  for (std::size_t i = 0; i < plain.size();) {
    const auto decoded = text::decode_utf8(plain, i);
    if (!is_invisible_format(decoded.cp)) line.append(plain, i, decoded.length);
    i += decoded.length;
  }
  if (line.size() > kMaxCommentBytes) line = text::truncate_bytes(line, kMaxCommentBytes) + "...";
  return line.empty() ? "#\n" : "# " + line + "\n";
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(separator)) + p;
  return out;
}

}  // namespace

std::expected<OpmlDocument, ParseError> parse_opml(std::string_view xml) {
  std::string_view start = xml;
  if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
  if (text::trim(start).empty())
    return std::unexpected(ParseError{ParseError::Kind::malformed, 0, "feeds: empty document"});

  pugi::xml_document doc;
  // parse_default skips the DOCTYPE, so no entity declaration is ever expanded.
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    const auto offset = static_cast<std::size_t>(parsed.offset);
    return std::unexpected(ParseError{ParseError::Kind::malformed, offset,
                                      "feeds: malformed OPML at offset " + std::to_string(offset) + ": " +
                                          parsed.description()});
  }
  const pugi::xml_node root = doc.document_element();
  if (!iequals(root.name(), "opml")) {
    std::string name = plain_line(std::string_view(root.name()).substr(0, 64));
    return std::unexpected(ParseError{ParseError::Kind::not_a_feed, 0, "feeds: not OPML (root element <" + name + ">)"});
  }

  OpmlDocument out;
  out.title = plain_title(child(child(root, "head"), "title").text().get());
  const pugi::xml_node body = child(root, "body");
  collect_feeds(body ? body : root, out.feeds);  // without <body>, outlines anywhere under <opml>
  return out;
}

std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title) {
  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = plain_line(title).c_str();
  const auto body = opml.append_child("body");

  // One folder outline per distinct category path, created where it is first needed.
  std::map<std::vector<std::string>, pugi::xml_node> folders;
  for (const auto& feed : feeds) {
    pugi::xml_node parent = body;
    std::vector<std::string> prefix;
    for (const auto& part : feed.category) {
      prefix.push_back(plain_line(part));
      auto [it, inserted] = folders.try_emplace(prefix);
      if (inserted) {
        it->second = parent.append_child("outline");
        it->second.append_attribute("text") = prefix.back().c_str();
        it->second.append_attribute("title") = prefix.back().c_str();
      }
      parent = it->second;
    }
    const std::string name = plain_line(feed.title);
    auto outline = parent.append_child("outline");
    outline.append_attribute("type") = feed.type.empty() ? "rss" : plain_line(feed.type).c_str();
    outline.append_attribute("text") = name.c_str();
    outline.append_attribute("title") = name.c_str();
    outline.append_attribute("xmlUrl") = plain_line(feed.xml_url).c_str();
    if (!feed.html_url.empty()) outline.append_attribute("htmlUrl") = plain_line(feed.html_url).c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

std::string to_sources_toml(const OpmlDocument& opml, std::string_view origin) {
  std::string entries;
  std::set<std::string> names, seen_urls;
  std::size_t imported = 0, skipped = 0;
  bool after_skip = false;  // skip notes in a row form one block
  const auto skip = [&](std::string note) {
    entries += (after_skip ? "" : "\n") + comment(note);
    after_skip = true;
    ++skipped;
  };
  for (const auto& feed : opml.feeds) {
    if (!feed.type.empty() && feed.type != "rss" && feed.type != "atom") {
      skip("skipped (type \"" + feed.type + "\", not RSS or Atom): " + feed.xml_url);
      continue;
    }
    const auto url = web_url(feed.xml_url);
    if (!url) {
      skip((is_http_scheme(feed.xml_url) ? "skipped malformed URL: " : "skipped (not an http or https URL): ") +
           feed.xml_url);
      continue;
    }
    if (!seen_urls.insert(duplicate_key(*url)).second) {
      skip("skipped duplicate: " + std::string(url->buffer()));
      continue;
    }
    std::string base = slug(feed.title);
    if (base.empty()) base = lower_ascii(url->encoded_host());
    std::string about = feed.title.empty() ? "(untitled)" : feed.title;
    if (!feed.category.empty()) about += " [" + joined(feed.category, " / ") + "]";
    entries += "\n" + comment(about) + "[[source]]\n";
    entries += "name = " + toml_string(unique_name(std::move(base), names)) + "\n";
    entries += "url = " + toml_string(url->buffer()) + "\n";
    after_skip = false;
    ++imported;
  }

  std::string from = "Imported by `vigil import-opml` from " + std::string(origin);
  if (!opml.title.empty()) from += " (\"" + opml.title + "\")";
  std::string header = comment(from);
  header += comment(std::to_string(imported) + (imported == 1 ? " source" : " sources") + ", " +
                    std::to_string(skipped) + " skipped. Add topics and channels to alert on them.");
  return header + entries;
}

}  // namespace vigil::feeds
