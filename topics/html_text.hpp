#pragma once
// Plain text out of the HTML that feeds put in summaries and contents.
#include <string>
#include <string_view>

namespace vigil::topics {

// Drops tags (attribute values included), comments and the contents of <script> and <style>;
// decodes character references (&amp; &#39; &#x2019; &nbsp; and common named ones); keeps
// the text of CDATA sections. Tags that break a line or a block (p, br, li, td, h1...) become
// a space; inline tags (b, i, em, strong, a, span...) vanish, so `<b>Ukr</b>aine` stays one
// word. A `<` that does not start a tag is text. Never fails: malformed markup degrades to text.
std::string html_to_text(std::string_view html);

}  // namespace vigil::topics
