#include "feeds/xml.hpp"

#include <array>
#include <sstream>
#include <utility>
#include <vector>

#include "feeds/links.hpp"

namespace vigil::feeds::detail {
namespace {

std::pair<std::string_view, std::string_view> split_qname(std::string_view name) {
  const auto colon = name.find(':');
  if (colon == std::string_view::npos) return {{}, name};
  return {name.substr(0, colon), name.substr(colon + 1)};
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

}  // namespace

Scope::Scope(pugi::xml_node element, std::string_view document_url) : node_(element) {
  std::vector<std::string_view> bases;  // closest first
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    read_declarations(n, /*keep_existing=*/true);
    if (auto a = n.attribute("xml:base")) bases.emplace_back(a.value());
    if (auto a = n.attribute("xml:lang"); a && lang_.empty()) lang_ = a.value();
  }
  own_base_ = std::string(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) own_base_ = resolve_url(own_base_, *it);
}

Scope::Scope(const Scope& parent, pugi::xml_node element)
    : node_(element), parent_(&parent), base_(parent.base_), lang_(parent.lang_) {
  read_declarations(element, /*keep_existing=*/false);
  if (auto a = element.attribute("xml:base")) {
    own_base_ = resolve_url(parent.base(), a.value());
    base_ = &own_base_;
  }
  if (auto a = element.attribute("xml:lang")) lang_ = a.value();
}

void Scope::read_declarations(pugi::xml_node element, bool keep_existing) {
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    std::string_view prefix;
    if (name == "xmlns") {
      prefix = {};
    } else if (name.starts_with("xmlns:")) {
      prefix = name.substr(6);
    } else {
      continue;
    }
    if (keep_existing)
      bindings_.emplace(prefix, a.value());
    else
      bindings_.insert_or_assign(prefix, a.value());
  }
}

std::string_view Scope::uri_for(std::string_view prefix) const {
  if (prefix == "xml") return ns::xml;
  for (const Scope* s = this; s; s = s->parent_) {
    if (auto it = s->bindings_.find(prefix); it != s->bindings_.end()) return it->second;
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

std::string inner_text(pugi::xml_node node) {
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
