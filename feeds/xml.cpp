#include "feeds/xml.hpp"

#include <array>
#include <sstream>
#include <utility>
#include <vector>

#include "feeds/links.hpp"

namespace vigil::feeds::detail {
namespace {

// "prefix:local" as (prefix, local), from pugixml's C string in one pass: names are short and
// read for every element and attribute, so no strlen followed by a search.
std::pair<std::string_view, std::string_view> split_qname(const char* name) {
  std::size_t colon = std::string_view::npos, size = 0;
  for (; name[size] != '\0'; ++size)
    if (name[size] == ':' && colon == std::string_view::npos) colon = size;
  const std::string_view whole(name, size);
  if (colon == std::string_view::npos) return {{}, whole};
  return {whole.substr(0, colon), whole.substr(colon + 1)};
}

// Feeds in the wild use "dc:creator" or "content:encoded" without declaring the prefix;
// an undeclared prefix falls back to the namespace it conventionally names.
std::string_view conventional_uri(std::string_view prefix) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> table{{
      {"dc", ns::dc},
      {"dcterms", ns::dcterms},
      {"content", ns::content},
      {"atom", ns::atom},
      {"rdf", ns::rdf},
      {"xhtml", ns::xhtml},
      {"xml", ns::xml},
  }};
  for (const auto& [p, uri] : table)
    if (p == prefix) return uri;
  return {};
}

// The prefix an xmlns attribute declares ("" for the default namespace), or nullopt for
// other attributes.
std::optional<std::string_view> declared_prefix(std::string_view attribute_name) {
  if (attribute_name == "xmlns") return std::string_view{};
  if (attribute_name.starts_with("xmlns:")) return attribute_name.substr(6);
  return std::nullopt;
}

}  // namespace

Scope::Scope(pugi::xml_node element, std::string_view document_url) : node_(element) {
  std::vector<std::string_view> bases;  // closest first
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
      if (const auto prefix = declared_prefix(a.name())) bind(*prefix, a.value(), /*replace=*/false);
    if (auto a = n.attribute("xml:base")) bases.emplace_back(a.value());
    if (auto a = n.attribute("xml:lang"); a && lang_.empty()) lang_ = a.value();
  }
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = resolve_url(base, *it);
  own_base_ = BaseUrl(std::move(base));
  name_ = element_name(node_);
}

Scope::Scope(const Scope& parent, pugi::xml_node element)
    : node_(element), parent_(&parent), base_(parent.base_), lang_(parent.lang_) {
  // One pass over the attributes (most elements have none): declarations, then the first
  // xml:base and xml:lang.
  bool saw_base = false, saw_lang = false;
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    const char* raw_name = a.name();
    if (raw_name[0] != 'x' || raw_name[1] != 'm' || raw_name[2] != 'l') continue;  // not xmlns, xml:*
    const std::string_view name = raw_name;
    if (const auto prefix = declared_prefix(name)) {
      bind(*prefix, a.value(), /*replace=*/true);
    } else if (name == "xml:base" && !saw_base) {
      saw_base = true;
      own_base_ = BaseUrl(parent.base().resolve(a.value()));
      base_ = &own_base_;
    } else if (name == "xml:lang" && !saw_lang) {
      saw_lang = true;
      lang_ = a.value();
    }
  }
  name_ = element_name(node_);
}

void Scope::bind(std::string_view prefix, std::string_view uri, bool replace) {
  for (auto& [p, u] : bindings_) {
    if (p == prefix) {
      if (replace) u = uri;
      return;
    }
  }
  bindings_.emplace_back(prefix, uri);
}

std::string_view Scope::uri_for(std::string_view prefix) const {
  if (prefix == "xml") return ns::xml;
  for (const Scope* s = this; s; s = s->parent_) {
    for (const auto& [p, uri] : s->bindings_)
      if (p == prefix) return uri;
  }
  return prefix.empty() ? std::string_view{} : conventional_uri(prefix);
}

QName Scope::element_name(pugi::xml_node element) const {
  const auto [prefix, local] = split_qname(element.name());
  return {uri_for(prefix), local};
}

pugi::xml_attribute Scope::attribute(std::string_view uri, std::string_view local) const {
  for (pugi::xml_attribute a = node_.first_attribute(); a; a = a.next_attribute()) {
    const auto [prefix, name] = split_qname(a.name());
    if (name != local) continue;
    if (prefix == "xmlns") continue;
    // Unprefixed attributes are in no namespace, whatever the default namespace is.
    const std::string_view attr_uri = prefix.empty() ? std::string_view{} : uri_for(prefix);
    if (attr_uri == uri) return a;
  }
  return {};
}

std::optional<std::string_view> single_text(pugi::xml_node node) {
  const pugi::xml_node child = node.first_child();
  if (!child) return std::string_view{};
  if (child.next_sibling() || (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata))
    return std::nullopt;
  return std::string_view(child.value());
}

std::string inner_text(pugi::xml_node node) {
  if (const auto text = single_text(node)) return std::string(*text);
  struct Collector : pugi::xml_tree_walker {
    std::string text;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) text += n.value();
      return true;
    }
  } collector;
  node.traverse(collector);
  return std::move(collector.text);
}

NodeText::NodeText(pugi::xml_node node) {
  if (const auto text = single_text(node)) {
    view_ = *text;
  } else {
    joined_ = inner_text(node);
    view_ = joined_;
  }
}

std::string inner_xml(const Scope& scope) {
  // Rename prefixed XHTML elements in place ("h:p" -> "p") so the markup reads as HTML.
  struct Unprefixer : pugi::xml_tree_walker {
    const Scope* scope;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      const auto [prefix, local] = split_qname(n.name());
      if (!prefix.empty() && scope->uri_for(prefix) == ns::xhtml) n.set_name(std::string(local).c_str());
      return true;
    }
  } unprefixer;
  unprefixer.scope = &scope;
  scope.node().traverse(unprefixer);

  std::ostringstream out;
  for (pugi::xml_node c = scope.node().first_child(); c; c = c.next_sibling())
    c.print(out, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(out).str();
}

bool has_element_child(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

}  // namespace vigil::feeds::detail
