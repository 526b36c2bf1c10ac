#pragma once
// Private to feeds/: getting items out of ill-formed XML, the way feedparser reads "bozo"
// feeds. Used only after pugixml has refused a document, so well-formed feeds pay nothing.
#include <pugixml.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::feeds::detail {

// The document with the usual hand-written mistakes repaired: a bare '&' that starts no
// reference becomes "&amp;"; HTML named entities XML does not define (&nbsp; &eacute;) become
// their characters; a '<' that starts no tag becomes "&lt;"; control characters XML forbids
// (NUL included) are dropped. CDATA sections, comments and processing instructions are copied
// as they are. Documents that declare their own entities keep unknown references.
std::string repair_xml(std::string_view xml);

// Elements of a partially parsed document (pugixml keeps the nodes read before an error)
// whose end tag does not occur before `error_offset` in `xml`, the text that was parsed:
// their content may be cut short. They lie on the chain of last children from the root.
std::vector<pugi::xml_node> unfinished_elements(const pugi::xml_document& doc, std::string_view xml,
                                                std::size_t error_offset);

// How load_xml read a document.
struct XmlLoad {
  bool complete = true;                    // false: read only up to an error it could not repair
  std::optional<std::string> error;        // the original error ("feeds: malformed XML at offset 120:
                                           // ..."), when the document was repaired or cut short
  std::size_t error_offset = 0;
  std::vector<pugi::xml_node> unfinished;  // cut short: elements whose content may be incomplete
};

// Loads `xml` into `doc` as it is; when it is not well-formed, repairs the usual mistakes
// (repair_xml, noted in `warnings`) and tries again, else keeps what pugixml built before the
// error. `doc` has no root element when nothing could be read. Shared by the feed and sitemap
// readers, which then tell (on their own terms) a broken document from an HTML page.
// `reader` starts the messages ("feeds", "sitemap").
XmlLoad load_xml(pugi::xml_document& doc, std::string_view xml, unsigned options, std::string_view reader,
                 std::vector<std::string>& warnings);

}  // namespace vigil::feeds::detail
