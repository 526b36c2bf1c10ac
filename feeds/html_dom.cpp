// gumbo -> pugixml. gumbo allocates from an arena that is dropped whole, which is faster than
// many small frees and sidesteps gumbo_destroy_output, whose recursion a deeply nested page
// could run off the stack with.
#include "feeds/html_dom.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>

#include <fmt/format.h>

#include "feeds/encoding.hpp"
#include "feeds/links.hpp"
#include "text/html.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail {
namespace {

// Bump allocator for one parse; free is a no-op and everything goes at once.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (void* block : blocks_) std::free(block);
  }

  void* allocate(std::size_t size) {
    size = (size + 15) & ~std::size_t{15};
    if (size > kBlock / 4) return own_block(size);  // large vectors and texts get their own block
    if (size > left_) {
      next_ = static_cast<char*>(own_block(kBlock));
      left_ = kBlock;
    }
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }

  static void* allocate_for(void* arena, std::size_t size) { return static_cast<Arena*>(arena)->allocate(size); }
  static void release(void*, void*) {}

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  void* own_block(std::size_t size) {
    void* block = std::malloc(size);
    if (block == nullptr) throw std::bad_alloc();
    blocks_.push_back(block);
    return block;
  }
  std::vector<void*> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[i]) != prefix[i]) return false;
  return true;
}

std::size_t find_nocase(std::string_view text, std::string_view needle, std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i)
    if (starts_with_nocase(text.substr(i), needle)) return i;
  return std::string_view::npos;
}

// The charset a <meta> in the first 1024 bytes declares (HTML5's prescan, simplified): <meta
// charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">.
std::string meta_charset(std::string_view body) {
  const auto head = body.substr(0, 1024);
  for (auto at = find_nocase(head, "<meta"); at != std::string_view::npos; at = find_nocase(head, "<meta", at + 5)) {
    const auto end = head.find('>', at);
    const auto tag = head.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    const auto cs = find_nocase(tag, "charset");
    if (cs == std::string_view::npos) continue;
    auto rest = tag.substr(cs + 7);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=' || rest.front() == '"' || rest.front() == '\''))
      rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '-' || rest[n] == '_' ||
                               rest[n] == ':' || rest[n] == '.'))
      ++n;
    if (n > 0) return std::string(rest.substr(0, n));
  }
  return {};
}

std::string_view tag_name(const GumboElement& element, std::string& scratch) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  // Unknown tags: the name as written, lower-cased (gumbo keeps the source text).
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch.assign(piece.data, piece.length);
  std::transform(scratch.begin(), scratch.end(), scratch.begin(), lower);
  return scratch;
}

void convert(const GumboNode* root, pugi::xml_node into) {
  struct Frame {
    const GumboVector* children;
    unsigned next;
    pugi::xml_node parent;
  };
  std::vector<Frame> stack;
  std::string scratch;
  stack.push_back({&root->v.element.children, 0, into});
  // The root element itself.
  {
    const auto& element = root->v.element;
    auto html = into.append_child(pugi::node_element);
    html.set_name(std::string(tag_name(element, scratch)).c_str());
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      html.append_attribute(a->name).set_value(a->value);
    }
    stack.back().parent = html;
  }
  while (!stack.empty()) {
    auto& frame = stack.back();
    if (frame.next >= frame.children->length) {
      stack.pop_back();
      continue;
    }
    const auto* node = static_cast<const GumboNode*>(frame.children->data[frame.next++]);
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        frame.parent.append_child(pugi::node_pcdata).set_value(node->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const auto& element = node->v.element;
        auto child = frame.parent.append_child(pugi::node_element);
        child.set_name(std::string(tag_name(element, scratch)).c_str());
        for (unsigned i = 0; i < element.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(element.attributes.data[i]);
          if (!child.attribute(a->name)) child.append_attribute(a->name).set_value(a->value);
        }
        if (element.children.length > 0) stack.push_back({&element.children, 0, child});
        break;
      }
      default:  // comments, the document node
        break;
    }
  }
}

// Pre-order walk without recursion. enter(node) returns whether to descend into the node;
// leave(node) runs after an element's children.
template <class Enter, class Leave>
void walk(pugi::xml_node root, Enter&& enter, Leave&& leave) {
  pugi::xml_node n = root.first_child();
  while (n) {
    if (enter(n) && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n) {
      leave(n);
      if (n.next_sibling()) {
        n = n.next_sibling();
        break;
      }
      n = n.parent();
      if (n == root) return;
    }
  }
}

constexpr std::array<std::string_view, 12> kHidden{"script", "style",  "noscript", "template", "head", "title",
                                                   "iframe", "object", "svg",      "math",     "select", "textarea"};
constexpr std::array<std::string_view, 14> kVoid{"area", "base",  "br",   "col",   "embed",  "hr",    "img",
                                                 "input", "link", "meta", "param", "source", "track", "wbr"};
constexpr std::array<std::string_view, 25> kInline{"a",    "abbr", "b",    "bdi",   "bdo", "cite",   "code",
                                                   "data", "dfn",  "em",   "font",  "i",   "kbd",    "mark",
                                                   "q",    "s",    "samp", "small", "span", "strike", "strong",
                                                   "sub",  "sup",  "time", "u"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// gumbo checks element scopes by walking the stack of open elements, so its time grows with
// the square of the nesting depth (20,000 nested <div>s take seconds, a hostile 16 MB page
// hours). Browsers cap the depth too. Start tags that would nest deeper than kMaxDepth are
// dropped (their text stays), judged by a light tag scan that tracks open elements by name.
constexpr std::size_t kMaxDepth = 256;

constexpr std::array<std::string_view, 16> kVoidTags{"area", "base", "br",    "col",    "embed", "hr",
                                                     "img",  "input", "link", "meta",   "param", "source",
                                                     "track", "wbr", "keygen", "basefont"};
// Elements whose text is not markup: skipped to their end tag.
constexpr std::array<std::string_view, 6> kRawText{"script", "style", "textarea", "title", "xmp", "plaintext"};

// Elements a start tag of the same name closes.
constexpr std::array<std::string_view, 11> kSelfClosing{"p", "li", "dt", "dd", "option", "tr", "td", "th", "a", "rb", "rt"};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::optional<std::string> limit_nesting(std::string_view html) {
  std::vector<std::string> open;
  std::string out;
  bool dropped = false;
  std::size_t copied = 0;  // html[0, copied) is in `out` once something was dropped
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      const auto end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    const std::size_t name_at = i + (closing ? 2 : 1);
    if (name_at >= html.size() || !is_alpha(html[name_at])) {
      ++i;
      continue;
    }
    std::size_t name_end = name_at;
    while (name_end < html.size() && !std::isspace(static_cast<unsigned char>(html[name_end])) &&
           html[name_end] != '>' && html[name_end] != '/')
      ++name_end;
    std::string name(html.substr(name_at, name_end - name_at));
    std::transform(name.begin(), name.end(), name.begin(), lower);
    const auto tag_end = html.find('>', name_end);
    if (tag_end == std::string_view::npos) break;
    const std::size_t next = tag_end + 1;
    if (closing) {
      // Pops to the nearest open element of that name; an end tag nothing opened is ignored.
      const auto it = std::find(open.rbegin(), open.rend(), name);
      if (it != open.rend()) open.erase(std::prev(it.base()), open.end());
    } else if (std::find(kRawText.begin(), kRawText.end(), name) != kRawText.end()) {
      const auto end = find_nocase(html, "</" + name, next);
      i = end == std::string_view::npos ? html.size() : end;
      continue;
    } else if (std::find(kVoidTags.begin(), kVoidTags.end(), name) == kVoidTags.end() && html[tag_end - 1] != '/') {
      // <p>, <li>, <td>... close an open sibling of the same name.
      if (!open.empty() && open.back() == name && std::find(kSelfClosing.begin(), kSelfClosing.end(), name) != kSelfClosing.end())
        open.pop_back();
      if (open.size() >= kMaxDepth) {
        if (!dropped) out.reserve(html.size());
        dropped = true;
        out.append(html.substr(copied, i - copied));
        copied = next;
      } else {
        open.push_back(std::move(name));
      }
    }
    i = next;
  }
  if (!dropped) return std::nullopt;
  out.append(html.substr(copied));
  return out;
}

bool is_plain_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':';
  });
}

}  // namespace

bool looks_like_html_page(std::string_view body) {
  const auto head = body.substr(0, 2048);
  return find_nocase(head, "<!doctype html") != std::string_view::npos ||
         find_nocase(head, "<html") != std::string_view::npos || find_nocase(head, "<head") != std::string_view::npos ||
         find_nocase(head, "<body") != std::string_view::npos;
}

HtmlDocument parse_html(std::string_view body, std::string_view content_type, std::string_view page_url) {
  HtmlDocument document;
  std::string declared(content_type);
  if (charset_of_content_type(content_type).empty()) {
    if (auto meta = meta_charset(body); !meta.empty()) declared = "text/html; charset=" + meta;
  }
  const auto converted = to_utf8(body, declared, document.warnings);
  std::string_view utf8 = converted ? std::string_view(*converted) : body;
  const auto limited = limit_nesting(utf8);
  if (limited) {
    utf8 = *limited;
    document.warnings.push_back(fmt::format("HTML nested deeper than {} elements: the deeper start tags were dropped", kMaxDepth));
  }

  Arena arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::allocate_for;
  options.deallocator = &Arena::release;
  options.userdata = &arena;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
  convert(output->root, document.dom);
  // No gumbo_destroy_output: the arena frees everything.

  document.base_url = std::string(page_url);
  if (auto base = document.dom.select_node("/html/head/base[@href]")) {
    const auto href = std::string_view(base.node().attribute("href").value());
    if (!text::trim(href).empty()) document.base_url = resolve_url(page_url, href);
  }
  return document;
}

std::string text_of(pugi::xml_node node) {
  std::string out;
  auto separate = [&out] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  walk(
      node,
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_pcdata) {
          out += n.value();
          return false;
        }
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (one_of(kHidden, name)) return false;
        if (!one_of(kInline, name)) separate();
        return true;
      },
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_element && !one_of(kInline, std::string_view(n.name()))) separate();
      });
  return text::collapse_whitespace(out);
}

std::string inner_html_of(pugi::xml_node node) {
  std::string out;
  walk(
      node,
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_pcdata) {
          out += text::escape_html(n.value());
          return false;
        }
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (one_of(kHidden, name)) return false;
        out += '<';
        out += name;
        for (auto a : n.attributes()) {
          if (!is_plain_name(a.name())) continue;  // a name with quotes or '<' could break the markup
          out += ' ';
          out += a.name();
          out += "=\"";
          out += text::escape_html(a.value());
          out += '"';
        }
        out += '>';
        return !one_of(kVoid, name);
      },
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return;
        const std::string_view name = n.name();
        if (one_of(kHidden, name) || one_of(kVoid, name)) return;
        out += "</";
        out += name;
        out += '>';
      });
  return out;
}

}  // namespace vigil::feeds::detail
