#pragma once
// HTML from feeds is hostile: reduced to plain text before it is matched, hashed or shown, and
// plain text is escaped before it goes into HTML.
#include <string>
#include <string_view>

namespace vigil::text {

// Decodes HTML character references: named ones (&amp; &nbsp; &eacute; ...: the common HTML
// set, semicolon required) and numeric ones (&#233; &#xE9;, semicolon optional; &#128;-&#159;
// read as Windows-1252, &#0; and invalid values as U+FFFD). Unknown names stay as written.
std::string decode_entities(std::string_view text);

// Escapes & < > " ' so plain text can go into HTML text and quoted attribute values.
std::string escape_html(std::string_view text);

// Whether `text` contains something that looks like an HTML tag ("<b>", "</p>", "<!--").
bool looks_like_markup(std::string_view text);

// How html_to_text lays its text out.
enum class TextLayout {
  // For matching: whitespace and other characters as written; every tag that separates words
  // (all but inline ones such as b, i, a, span) and every dropped part becomes one space.
  as_written,
  // For titles and fingerprints: as `as_written`, then runs of whitespace (ASCII and U+00A0)
  // become one space and the ends are trimmed.
  one_line,
  // For people (email, webhooks): block elements become line breaks (paragraphs a blank line,
  // list items "- "), whitespace collapses within lines, at most one blank line in a row,
  // control characters are dropped and invalid UTF-8 becomes U+FFFD.
  paragraphs,
};

struct HtmlTextOptions {
  TextLayout layout = TextLayout::paragraphs;
  // A tag that never closes ("x <b unfinished") is text when true; when false it swallows the
  // rest, so the text of an unterminated attribute is never taken for content.
  bool unclosed_tag_is_text = false;
};

// Plain text of an HTML fragment: tags dropped (attribute values never become text), comments,
// <script>, <style> and similar hidden elements dropped with their content, character
// references decoded, CDATA sections kept as text; inline tags join (`<b>Ukr</b>aine` is one
// word), block-level tags separate per `options.layout`. A `<` that starts no tag is text.
// Never fails: malformed markup degrades to text.
std::string html_to_text(std::string_view html, HtmlTextOptions options = {});

// The same into `text` (replaced; its capacity is reused), for a caller that reads much HTML.
// `html` must not lie in `text`.
void html_to_text(std::string_view html, HtmlTextOptions options, std::string& text);

}  // namespace vigil::text
