#include "feeds/recover.hpp"

#include "text/html.hpp"

namespace vigil::feeds::detail {
namespace {

bool is_forbidden_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

class Repairer {
 public:
  explicit Repairer(std::string_view xml) : in_(xml), keep_unknown_entities_(xml.find("<!ENTITY") != std::string_view::npos) {
    out_.reserve(xml.size() + xml.size() / 16);
  }

  std::string run() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == '<') tag();
      else if (c == '&') reference();
      else put(c);
    }
    return std::move(out_);
  }

 private:
  void put(char c) {
    if (!is_forbidden_control(static_cast<unsigned char>(c))) out_ += c;
    ++pos_;
  }

  bool at(std::string_view s) const { return in_.substr(pos_, s.size()) == s; }

  // Copies up to and including `end` (or the rest), dropping forbidden controls only.
  void copy_through(std::string_view end) {
    const std::size_t stop = in_.find(end, pos_);
    const std::size_t limit = stop == std::string_view::npos ? in_.size() : stop + end.size();
    while (pos_ < limit) put(in_[pos_]);
  }

  void tag() {
    if (at("<![CDATA[")) return copy_through("]]>");
    if (at("<!--")) return copy_through("-->");
    if (at("<?")) return copy_through("?>");
    if (at("<!")) {  // DOCTYPE, with an internal subset in brackets
      const std::size_t bracket = in_.find('[', pos_), close = in_.find('>', pos_);
      if (bracket != std::string_view::npos && bracket < close) return copy_through("]>");
      return copy_through(">");
    }
    const std::size_t next = pos_ + 1;
    const bool starts_tag = next < in_.size() && (in_[next] == '/' || is_name_start(static_cast<unsigned char>(in_[next])));
    if (!starts_tag) {
      out_ += "&lt;";
      ++pos_;
      return;
    }
    char quote = 0;
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (quote == 0 && c == '>') {
        put(c);
        return;
      }
      if (quote == 0 && c == '<' && pos_ > next) return;  // an unclosed tag: the next one starts here
      if (c == '"' || c == '\'') quote = quote == 0 ? c : (quote == c ? 0 : quote);
      if (c == '&') reference();
      else put(c);
    }
  }

  void reference() {
    std::size_t p = pos_ + 1;
    if (p < in_.size() && in_[p] == '#') {
      ++p;
      const bool hex = p < in_.size() && (in_[p] == 'x' || in_[p] == 'X');
      if (hex) ++p;
      const std::size_t digits = p;
      while (p < in_.size() && (hex ? is_hex(in_[p]) : (in_[p] >= '0' && in_[p] <= '9'))) ++p;
      if (p > digits && p < in_.size() && in_[p] == ';') {
        out_.append(in_.substr(pos_, p + 1 - pos_));
        pos_ = p + 1;
        return;
      }
    } else {
      while (p < in_.size() && is_alnum(in_[p])) ++p;
      if (p > pos_ + 1 && p < in_.size() && in_[p] == ';') {
        const std::string_view ref = in_.substr(pos_, p + 1 - pos_);
        const std::string_view name = ref.substr(1, ref.size() - 2);
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" || keep_unknown_entities_) {
          out_.append(ref);
          pos_ = p + 1;
          return;
        }
        const std::string decoded = text::decode_entities(ref);
        if (decoded != ref) {
          out_ += decoded;
          pos_ = p + 1;
          return;
        }
      }
    }
    out_ += "&amp;";
    ++pos_;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string out_;
  bool keep_unknown_entities_;
};

pugi::xml_node last_element_child(pugi::xml_node node) {
  for (pugi::xml_node c = node.last_child(); c; c = c.previous_sibling())
    if (c.type() == pugi::node_element) return c;
  return {};
}

bool closed_before(pugi::xml_node element, std::string_view xml, std::size_t error_offset) {
  const std::ptrdiff_t start = element.offset_debug();
  if (start < 0 || static_cast<std::size_t>(start) >= error_offset || error_offset > xml.size()) return false;
  const std::string end_tag = std::string("</") + element.name();
  const std::string_view span = xml.substr(static_cast<std::size_t>(start), error_offset - static_cast<std::size_t>(start));
  for (std::size_t p = span.find(end_tag); p != std::string_view::npos; p = span.find(end_tag, p + 1)) {
    const std::size_t after = p + end_tag.size();
    if (after < span.size() && (span[after] == '>' || span[after] == ' ' || span[after] == '\t' ||
                                span[after] == '\n' || span[after] == '\r'))
      return true;
  }
  return false;
}

}  // namespace

std::string repair_xml(std::string_view xml) { return Repairer(xml).run(); }

std::vector<pugi::xml_node> unfinished_elements(const pugi::xml_document& doc, std::string_view xml,
                                                std::size_t error_offset) {
  std::vector<pugi::xml_node> open;
  for (pugi::xml_node n = last_element_child(doc); n; n = last_element_child(n)) {
    if (closed_before(n, xml, error_offset)) break;
    open.push_back(n);
  }
  return open;
}

XmlLoad load_xml(pugi::xml_document& doc, std::string_view xml, unsigned options, std::string_view reader,
                 std::vector<std::string>& warnings) {
  XmlLoad load;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), options, pugi::encoding_utf8);
  if (parsed) return load;
  load.error_offset = static_cast<std::size_t>(parsed.offset);
  load.error = std::string(reader) + ": malformed XML at offset " + std::to_string(load.error_offset) + ": " +
               parsed.description();
  // First repair the usual hand-written mistakes; if that is not enough, read the part of the
  // tree pugixml built before the error, leaving out elements it never finished.
  const std::string repaired = repair_xml(xml);
  if (repaired != xml) {
    xml = repaired;
    parsed = doc.load_buffer(xml.data(), xml.size(), options, pugi::encoding_utf8);
  }
  if (parsed) {
    warnings.push_back(*load.error + "; read after repairing stray '&', '<', entities or control characters");
    return load;
  }
  load.complete = false;
  load.unfinished = unfinished_elements(doc, xml, static_cast<std::size_t>(parsed.offset));
  return load;
}

}  // namespace vigil::feeds::detail
