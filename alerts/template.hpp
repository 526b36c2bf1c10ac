#pragma once
// Per-channel templates: an email subject or body, a webhook's JSON body, written with named
// fields such as "[news] {topic}: {title}". The text between fields is the template author's;
// every field value is alert text (hostile) and is escaped for where it lands. A template is
// never a format string: there are no format specs, no positions, nothing but names.
//
// Syntax: "{name}" inserts a field; "{{" and "}}" are literal braces; anything else between
// braces, an unknown name, an unclosed "{" or a lone "}" is an error with its place.
#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/alert_text.hpp"

namespace vigil::alerts {

enum class TemplateField {
  topic,      // topic names, "landmines, ukraine"
  title,      // one line; "(no title)" when the item has none
  url,        // the item's http(s) link, or ""
  source,     // the source's name
  published,  // "2024-11-20 14:05 UTC" (published, else when the alert was made)
  snippet,    // the first match's snippet, or ""
  also,       // "Reuters, AP": the story's other sources, or ""
  summary,    // plain text of the summary, line breaks kept (one line in one_line mode)
};

// How field values are escaped for the output format.
enum class Escape {
  plain,           // plain text; control characters dropped except line breaks and tabs
  one_line,        // one line (subjects, headers): the whole result, template text included,
                   // has no control characters or line breaks, so a title cannot add a header
  html,            // an HTML template: values escaped (& < > " '), {snippet} keeps its <mark>
                   // highlights; the template's own text is written as it is
  html_from_text,  // a plain-text template shown as HTML: its own text is escaped too, line
                   // breaks become <br>, {url} becomes a link, {snippet} keeps its <mark>
  json_string,     // values go inside a JSON string: escaped per RFC 8259 (control characters
                   // as \uXXXX), U+2028/2029 too; invalid UTF-8 becomes U+FFFD
  markdown,        // values with Markdown's punctuation backslash-escaped; {url} with the
                   // characters that would end a link destination percent-encoded
};

struct TemplateError {
  std::size_t offset = 0;  // byte offset in the template's text
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (code points) of that line
  std::string message;
};

class Template {
 public:
  static std::expected<Template, TemplateError> parse(std::string_view text);

  std::string render(const AlertText& text, Escape escape) const;

  // The template as written.
  const std::string& text() const { return text_; }

  bool operator==(const Template&) const = default;

 private:
  struct Part {
    std::string literal;   // text to copy, braces already unescaped
    bool is_field = false;
    TemplateField field = TemplateField::title;
    std::size_t offset = 0;  // where the part starts in text_
    bool operator==(const Part&) const = default;
  };

  friend std::expected<void, TemplateError> check_json_template(const Template& body);

  std::string render_part(const Part& part, const AlertText& text, Escape escape) const;
  // The offset in text_ of the character that rendered at `out_index` within `part`.
  std::size_t source_offset(const Part& part, std::size_t out_index) const;
  TemplateError error_at(std::size_t offset, std::string message) const;

  std::string text_;
  std::vector<Part> parts_;
};

// The field names, in the order of TemplateField: "topic", "title", ...
std::span<const std::string_view> template_field_names();

// Whether a webhook body template gives valid JSON (RFC 8259) whatever the alert: it is
// rendered with json_string escaping for a sample alert full of hostile text (quotes,
// backslashes, line breaks, markup, U+2028) and for one with empty fields, and both results are
// parsed. A field outside a JSON string is reported at that field.
std::expected<void, TemplateError> check_json_template(const Template& body);

}  // namespace vigil::alerts
