#pragma once
// Private to feeds/: namespace-aware reading of a pugixml tree. pugixml keeps qualified names
// ("dc:date") as written, so a Scope resolves prefixes from the xmlns attributes in scope and
// also carries the inherited xml:base (already resolved) and xml:lang.
#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feeds/links.hpp"

namespace vigil::feeds::detail {

namespace ns {
inline constexpr std::string_view atom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view atom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view media = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view syndication = "http://purl.org/rss/1.0/modules/syndication/";
inline constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view rss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view rss090 = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view rss20_userland = "http://backend.userland.com/rss2";
inline constexpr std::string_view rss20_harvard = "http://blogs.law.harvard.edu/tech/rss";
inline constexpr std::string_view dc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view dcterms = "http://purl.org/dc/terms/";
inline constexpr std::string_view content = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view xhtml = "http://www.w3.org/1999/xhtml";
inline constexpr std::string_view xml = "http://www.w3.org/XML/1998/namespace";
}  // namespace ns

struct QName {
  std::string_view ns;     // namespace URI, empty when none
  std::string_view local;  // name without prefix
  bool is(std::string_view uri, std::string_view name) const { return ns == uri && local == name; }
};

// One element with the namespace bindings, base URL and language in force at it. A Scope
// refers to its parent scope, so it lives on the stack while its children are read.
class Scope {
 public:
  // The outermost scope: collects bindings, xml:base and xml:lang from every ancestor, with
  // `document_url` as the base below all xml:base attributes.
  Scope(pugi::xml_node element, std::string_view document_url);
  Scope(const Scope& parent, pugi::xml_node element);
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

  pugi::xml_node node() const { return node_; }
  const QName& name() const { return name_; }
  const BaseUrl& base() const { return *base_; }
  std::string_view lang() const { return lang_; }

  // Namespace URI bound to `prefix` here (empty prefix: the default namespace).
  std::string_view uri_for(std::string_view prefix) const;
  // Attribute of this element by namespace and local name (no namespace: unprefixed).
  pugi::xml_attribute attribute(std::string_view uri, std::string_view local) const;

  // Calls f(const Scope& child) for every element child, in document order.
  template <class F>
  void for_each_child(F&& f) const {
    for (pugi::xml_node c = node_.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const Scope child(*this, c);
      f(child);
    }
  }

 private:
  QName element_name(pugi::xml_node element) const;
  // Records a namespace declared on this element; `replace` lets a later one win.
  void bind(std::string_view prefix, std::string_view uri, bool replace);

  pugi::xml_node node_;
  const Scope* parent_ = nullptr;
  // Declared on this element (prefix, URI): usually none, rarely more than a few, so a vector.
  std::vector<std::pair<std::string_view, std::string_view>> bindings_;
  QName name_;
  BaseUrl own_base_;
  const BaseUrl* base_ = &own_base_;
  std::string_view lang_;
};

// All text below `node` (pcdata and CDATA), concatenated in document order. Iterative, so deep
// nesting cannot exhaust the stack.
std::string inner_text(pugi::xml_node node);
// inner_text without a copy for the common case, an element holding nothing or one text (or
// CDATA) node; nullopt when it holds more.
std::optional<std::string_view> single_text(pugi::xml_node node);
// inner_text for reading rather than keeping: a view of the document's own text when the
// element holds a single text node (the usual case), else of the concatenation held here. Use
// it as a temporary or a local; it converts to std::string_view.
class NodeText {
 public:
  explicit NodeText(pugi::xml_node node);
  NodeText(const NodeText&) = delete;
  NodeText& operator=(const NodeText&) = delete;
  operator std::string_view() const { return view_; }

 private:
  std::string joined_;
  std::string_view view_;
};

// The children of `node` serialized as XML (HTML-compatible markup). Element names whose
// prefix is bound to XHTML lose the prefix, so "<h:p>" becomes "<p>".
std::string inner_xml(const Scope& scope);
// Whether `node` has an element child.
bool has_element_child(pugi::xml_node node);

}  // namespace vigil::feeds::detail
