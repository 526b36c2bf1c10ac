#include "alerts/template.hpp"

#include <array>

#include <fmt/format.h>

#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::array<std::string_view, 8> kFieldNames = {"topic",   "title", "url",  "source",
                                                         "published", "snippet", "also", "summary"};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string known_fields() {
  std::string list;
  for (const auto name : kFieldNames) {
    if (!list.empty()) list += ", ";
    list += "{" + std::string(name) + "}";
  }
  return list;
}

std::string_view field_value(TemplateField field, const AlertText& t) {
  switch (field) {
    case TemplateField::topic: return t.topics;
    case TemplateField::title: return t.title;
    case TemplateField::url: return t.link;
    case TemplateField::source: return t.source;
    case TemplateField::published: return t.date;
    case TemplateField::snippet: return t.matches.empty() ? std::string_view{} : t.matches.front().snippet;
    case TemplateField::also: return t.also;
    case TemplateField::summary: return t.summary;
  }
  return {};
}

// RFC 8259 string content; U+2028/2029 too, which JavaScript once read as line ends.
std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c == 0xE2 && text.substr(i + 1, 1) == "\x80" && i + 2 < text.size() &&
                   (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
          out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

// Every ASCII punctuation character that starts or ends Markdown syntax (CommonMark lets any
// ASCII punctuation be backslash-escaped, so this is always safe).
std::string markdown_escape(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_{}[]()#+-.!|<>~&";
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A link for "[text](url)" or "<url>": the characters that would end it are percent-encoded
// (the link is ASCII already).
std::string markdown_url(std::string_view url) {
  static constexpr std::string_view kEncoded = " ()<>[]`\"\\";
  std::string out;
  for (char c : url) {
    if (kEncoded.find(c) != std::string_view::npos) out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else out += c;
  }
  return out;
}

}  // namespace

std::span<const std::string_view> template_field_names() { return kFieldNames; }

TemplateError Template::error_at(std::size_t offset, std::string message) const {
  TemplateError error{.offset = offset, .message = std::move(message)};
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++error.line;
      line_start = i + 1;
    }
  }
  error.column = text::utf8_length(std::string_view(text_).substr(line_start, offset - line_start)) + 1;
  return error;
}

std::expected<Template, TemplateError> Template::parse(std::string_view text) {
  Template t;
  t.text_ = std::string(text);
  Part literal;
  auto flush = [&] {
    if (!literal.literal.empty()) t.parts_.push_back(std::move(literal));
    literal = Part{};
  };
  auto add_literal = [&](std::size_t at, std::string_view piece) {
    if (literal.literal.empty()) literal.offset = at;
    literal.literal += piece;
  };

  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '}') {
      if (text.substr(i, 2) != "}}")
        return std::unexpected(t.error_at(i, R"(a lone "}": write "}}" for a literal brace)"));
      add_literal(i, "}");
      i += 2;
      continue;
    }
    if (c != '{') {
      add_literal(i, text.substr(i, 1));
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "{{") {
      add_literal(i, "{");
      i += 2;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    if (text.find('}', i + 1) == std::string_view::npos)
      return std::unexpected(t.error_at(i, R"(unclosed "{": write {name} for a field, "{{" for a literal brace)"));
    if (end == text.size() || text[end] != '}' || end == i + 1)
      return std::unexpected(t.error_at(
          i, R"("{" does not start a field name: write {name} for a field, "{{" for a literal brace)"));
    const std::string_view name = text.substr(i + 1, end - i - 1);
    std::size_t index = 0;
    while (index < kFieldNames.size() && kFieldNames[index] != name) ++index;
    if (index == kFieldNames.size())
      return std::unexpected(
          t.error_at(i, fmt::format("unknown field {{{}}}; the fields are {}", name, known_fields())));
    flush();
    t.parts_.push_back(Part{.literal = {}, .is_field = true, .field = static_cast<TemplateField>(index), .offset = i});
    i = end + 1;
  }
  flush();
  return t;
}

std::string Template::render_part(const Part& part, const AlertText& text, Escape escape) const {
  if (!part.is_field) return escape == Escape::html_from_text ? text::escape_html(part.literal) : part.literal;
  const std::string_view raw = field_value(part.field, text);
  const bool snippet_html = part.field == TemplateField::snippet && !text.matches.empty() &&
                            (escape == Escape::html || escape == Escape::html_from_text);
  switch (escape) {
    case Escape::plain: return text::strip_controls(raw);
    case Escape::one_line: return text::single_line(raw);
    case Escape::html:
      // The highlighted snippet is built from escaped pieces (alert_text), hence safe as is.
      return snippet_html ? text.matches.front().html : text::escape_html(text::strip_controls(raw));
    case Escape::html_from_text: {
      if (snippet_html) return text.matches.front().html;
      const std::string value = text::escape_html(text::strip_controls(raw));
      if (part.field == TemplateField::url && !value.empty()) return "<a href=\"" + value + "\">" + value + "</a>";
      return value;
    }
    case Escape::json_string: return json_escape(text::valid_utf8(raw));  // JSON can carry any character
    case Escape::markdown:
      if (part.field == TemplateField::url) return markdown_url(text::strip_controls(raw));
      return markdown_escape(text::strip_controls(raw));
  }
  return {};
}

std::string Template::render(const AlertText& text, Escape escape) const {
  std::string out;
  for (const auto& part : parts_) out += render_part(part, text, escape);
  if (escape == Escape::one_line) return text::single_line(out);
  if (escape == Escape::html_from_text) {
    std::string html;
    html.reserve(out.size() + out.size() / 16);
    for (char c : out) {
      if (c == '\n') html += "<br>\n";
      else if (c != '\r') html += c;
    }
    return html;
  }
  return out;
}

std::size_t Template::source_offset(const Part& part, std::size_t out_index) const {
  if (part.is_field) return part.offset;
  // In a literal part every brace was written twice; any other byte once.
  std::size_t at = part.offset;
  for (std::size_t i = 0; i < out_index && at < text_.size(); ++i)
    at += (text_[at] == '{' || text_[at] == '}') ? 2 : 1;
  return at;
}

}  // namespace vigil::alerts
