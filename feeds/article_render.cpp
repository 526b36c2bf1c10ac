// The chosen content as plain text (one paragraph per block, a blank line between blocks) and
// as simple HTML. Headings that repeat the title, headings left without content, repeated
// blocks (pull quotes) and one-line boilerplate ("Advertisement", "Share") are left out.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "feeds/article_parts.hpp"
#include "text/html.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"
#include "text/words.hpp"

namespace vigil::feeds::detail::article {
namespace {

enum class Kind { paragraph, heading, item, pre };

struct Block {
  Kind kind = Kind::paragraph;
  int level = 0;         // heading level (2-6 in HTML), list depth for items
  bool ordered = false;  // the innermost list is an <ol>
  bool quote = false;    // inside a <blockquote>
  std::vector<std::string> lines;
};

// Words that are a whole block of boilerplate, compared after comparable().
constexpr std::array<std::string_view, 51> kBoilerplate{
    "advertisement", "advert",        "ad",            "publicité",      "publicidad",      "реклама",
    "share",         "share this",    "share this article", "share this page", "share on",   "partager",
    "compartir",     "поділитися",    "поделиться",    "tweet",          "print",           "email",
    "read more",     "continue reading", "lire la suite", "leer más",    "читати далі",     "читать далее",
    "related",       "related articles", "related posts", "related content", "related stories", "you may also like",
    "most read",     "most popular",  "tags",          "comments",       "leave a comment", "leave a reply",
    "follow us",     "sign up",       "subscribe",     "back to top",    "skip to content", "à lire aussi",
    "lire aussi",    "читайте також", "continue reading below", "story continues below", "article continues below",
    "advertisement continues below", "scroll to continue", "la suite après la publicité", "continúa leyendo"};

// Blocks are collected by one walk; inline text gathers in `buffer` until a block boundary.
class Renderer {
 public:
  void add(pugi::xml_node root) {
    walk(root, [this](pugi::xml_node n) { return enter(n); }, [this](pugi::xml_node n) { leave(n); });
    flush();
  }
  std::vector<Block> take() { return std::move(blocks_); }

 private:
  struct Context {
    std::string_view name;
    bool data_table = false;
    int cells = 0;
    bool item_started = false;
  };

  bool enter(pugi::xml_node n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      // '\n' in the buffer stands for <br>; line breaks of the source are spaces (but in <pre>).
      const std::string_view value = n.value();
      for (char c : value) buffer_.push_back(pre_depth_ == 0 && (c == '\n' || c == '\r' || c == '\f') ? ' ' : c);
      return false;
    }
    if (n.type() != pugi::node_element) return false;
    const std::string_view name = n.name();
    if (is_invisible(n)) return false;
    if (name == "br") {
      // Two line breaks in a row end a paragraph (text laid out with <br><br>).
      auto end = buffer_.find_last_not_of(" \t");
      if (end != std::string::npos && buffer_[end] == '\n') {
        buffer_.resize(end);
        flush();
      } else if (end != std::string::npos) {
        buffer_ += '\n';
      }
      return false;
    }
    if (name == "img" || name == "wbr") return false;
    if ((name == "td" || name == "th") && in_data_row()) {
      if (stack_.back().cells++ > 0) buffer_ += " | ";
      return true;
    }
    if (is_inline_tag(name)) return true;
    flush();
    Context context{name};
    context.data_table = name == "table" && std::string_view(n.attribute("data-vigil-table").value()) == "1";
    if (name == "tr" && in_data_table()) context.data_table = true;
    stack_.push_back(context);
    if (name == "pre") ++pre_depth_;
    return true;
  }

  void leave(pugi::xml_node n) {
    if (n.type() != pugi::node_element) return;
    const std::string_view name = n.name();
    if (is_invisible(n) || name == "br" || name == "img" || name == "wbr" || is_inline_tag(name)) return;
    if ((name == "td" || name == "th") && in_data_row()) return;
    flush();
    if (!stack_.empty()) {
      if (stack_.back().name == "pre") --pre_depth_;
      stack_.pop_back();
    }
  }

  bool in_data_table() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
      if (it->name == "table") return it->data_table;
    return false;
  }
  bool in_data_row() const { return !stack_.empty() && stack_.back().name == "tr" && stack_.back().data_table; }

  void flush() {
    if (buffer_.empty()) return;
    Block block;
    bool pre = false;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->name == "pre") pre = true;
      if (it->name == "blockquote") block.quote = true;
    }
    // The innermost of heading, list item and preformatted decides the kind.
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (is_heading_tag(it->name)) {
        block.kind = Kind::heading;
        block.level = it->name[1] - '0';
        break;
      }
      if (it->name == "li" || it->name == "dd" || it->name == "dt") {
        if (it->name == "li") {
          // Only the first block of an item gets the bullet; the rest continue it.
          block.kind = it->item_started ? Kind::paragraph : Kind::item;
          it->item_started = true;
        }
        break;
      }
      if (it->name == "pre") {
        block.kind = Kind::pre;
        break;
      }
    }
    if (block.kind == Kind::item) {
      block.level = 0;
      for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
        if (it->name == "ul" || it->name == "ol") {
          if (block.level == 0) block.ordered = it->name == "ol";
          ++block.level;
        }
      block.level = std::max(block.level, 1);
    }
    split_lines(pre, block.lines);
    buffer_.clear();
    if (block.lines.empty()) {
      // An empty first block of an item must not use up its bullet.
      for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
        if (it->name == "li") {
          if (block.kind == Kind::item) it->item_started = false;
          break;
        }
      return;
    }
    blocks_.push_back(std::move(block));
  }

  void split_lines(bool pre, std::vector<std::string>& lines) const {
    std::size_t start = 0;
    while (start <= buffer_.size()) {
      auto end = buffer_.find('\n', start);
      if (end == std::string::npos) end = buffer_.size();
      const auto raw = std::string_view(buffer_).substr(start, end - start);
      std::string line = pre ? std::string(raw) : text::collapse_whitespace(clean_characters(raw));
      if (pre) {
        line = clean_characters(line);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
      }
      if (!line.empty() || (pre && !lines.empty())) lines.push_back(std::move(line));
      start = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
  }

  // Invisible characters dropped (soft hyphen, zero-width space, BOM), controls made spaces.
  static std::string clean_characters(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
      const auto decoded = text::decode_utf8(raw, i);
      const char32_t cp = decoded.cp;
      if (cp == 0xAD || cp == 0x200B || cp == 0xFEFF) {
      } else if (cp < 0x20 && cp != '\t') {
        out.push_back(' ');
      } else if (decoded.valid) {
        out.append(raw.substr(i, decoded.length));
      } else {
        text::append_utf8(out, text::replacement_character);
      }
      i += decoded.length;
    }
    return out;
  }

  std::vector<Context> stack_;
  int pre_depth_ = 0;
  std::string buffer_;
  std::vector<Block> blocks_;
};

std::string joined(const Block& block, std::string_view separator, bool escape) {
  std::string out;
  for (std::size_t i = 0; i < block.lines.size(); ++i) {
    if (i > 0) out += separator;
    out += escape ? text::escape_html(block.lines[i]) : block.lines[i];
  }
  return out;
}

bool repeats_title(const std::string& comparable_text, const std::vector<std::string>& titles) {
  if (comparable_text.empty()) return false;
  return std::any_of(titles.begin(), titles.end(), [&](const std::string& t) { return t == comparable_text; });
}

bool starts_with_any(const std::string& key, const std::vector<std::string>& openings) {
  return std::any_of(openings.begin(), openings.end(),
                     [&](const std::string& o) { return key == o || key.starts_with(o + " "); });
}

std::vector<std::string> folded(std::initializer_list<std::string_view> phrases) {
  std::vector<std::string> out;
  for (auto p : phrases) out.push_back(comparable(p));
  return out;
}

std::size_t word_count(const std::string& key) { return static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1; }

// "Photo: ... / Credit: ..." lines of images that were dropped.
bool is_credit(const std::string& key) {
  static const auto openings = folded({"photo", "photos", "photograph", "image", "picture", "credit", "foto", "фото",
                                       "crédit photo", "illustration"});
  return word_count(key) <= 30 && starts_with_any(key, openings);
}

// "By Anna Lisovska", "Published: 10 September 2024" at the top of the content.
bool is_byline(const std::string& key) {
  static const auto openings = folded({"by", "par", "por", "von", "автор", "posted", "published", "updated", "publié",
                                       "publicado", "опубліковано", "опубликовано", "written by"});
  return word_count(key) <= 14 && starts_with_any(key, openings);
}

bool is_copyright(const std::string& text) {
  if (text.find("\xC2\xA9") != std::string::npos) return true;  // ©
  const auto key = comparable(text);
  static const auto phrases = folded({"all rights reserved", "tous droits réservés", "todos los derechos reservados",
                                      "усі права захищено", "все права защищены"});
  return std::any_of(phrases.begin(), phrases.end(), [&](const std::string& p) { return key.find(p) != std::string::npos; });
}

std::vector<Block> tidy(std::vector<Block> blocks, const std::vector<std::string>& raw_titles) {
  std::vector<std::string> titles;
  for (const auto& t : raw_titles)
    if (auto c = comparable(t); !c.empty()) titles.push_back(std::move(c));
  std::vector<Block> kept;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    auto& block = blocks[i];
    const auto key = comparable(joined(block, " ", false));
    if (key.empty()) continue;
    // The title, written again at the top of the content or as a heading.
    if ((kept.size() < 3 || block.kind == Kind::heading) && repeats_title(key, titles)) continue;
    if (i == 0 && block.kind == Kind::heading && block.level == 1) continue;
    static const auto boilerplate = [] {
      std::unordered_set<std::string> folded;
      for (auto words : kBoilerplate) folded.insert(comparable(words));
      return folded;
    }();
    if (block.kind != Kind::pre && boilerplate.contains(key)) continue;
    if (key.size() >= 30 && !seen.insert(key).second) continue;  // pull quotes, mobile copies
    if (block.kind == Kind::paragraph && is_credit(key)) continue;
    if (kept.size() < 2 && block.kind == Kind::paragraph && is_byline(key)) continue;
    kept.push_back(std::move(block));
  }
  // A copyright notice closing the content.
  while (!kept.empty() && kept.back().kind == Kind::paragraph && is_copyright(joined(kept.back(), " ", false)))
    kept.pop_back();
  // Headings with nothing under them (their related-articles list was cleaned away).
  enum class Next { end, content, heading };
  Next next = Next::end;
  int next_level = 0;
  std::vector<bool> keep(kept.size(), true);
  for (std::size_t i = kept.size(); i-- > 0;) {
    if (kept[i].kind != Kind::heading) {
      next = Next::content;
      continue;
    }
    if (next == Next::end || (next == Next::heading && next_level <= kept[i].level)) {
      keep[i] = false;
      continue;
    }
    next = Next::heading;
    next_level = kept[i].level;
  }
  std::vector<Block> out;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (keep[i]) out.push_back(std::move(kept[i]));
  return out;
}

void write_html(const std::vector<Block>& blocks, std::string& html) {
  std::vector<bool> lists;  // open lists, ordered or not
  bool quote = false;
  auto close_lists = [&](std::size_t depth) {
    while (lists.size() > depth) {
      html += lists.back() ? "</ol>" : "</ul>";
      lists.pop_back();
    }
  };
  for (const auto& block : blocks) {
    if (block.quote != quote) {
      close_lists(0);
      html += block.quote ? "<blockquote>" : "</blockquote>";
      quote = block.quote;
    }
    if (block.kind != Kind::item) close_lists(0);
    const auto content = joined(block, "<br>", true);
    switch (block.kind) {
      case Kind::heading: {
        const auto level = std::to_string(std::max(2, block.level));  // the page's title is the <h1>
        html += "<h" + level + ">" + content + "</h" + level + ">";
        break;
      }
      case Kind::pre:
        html += "<pre>" + joined(block, "\n", true) + "</pre>";
        break;
      case Kind::item: {
        const auto depth = static_cast<std::size_t>(block.level);
        close_lists(depth);
        while (lists.size() < depth) {
          lists.push_back(block.ordered);
          html += block.ordered ? "<ol>" : "<ul>";
        }
        html += "<li>" + content + "</li>";
        break;
      }
      case Kind::paragraph:
        html += "<p>" + content + "</p>";
        break;
    }
  }
  close_lists(0);
  if (quote) html += "</blockquote>";
}

}  // namespace

std::string comparable(std::string_view text) {
  std::string out;
  for (const auto& token : text::tokenize(text)) {
    if (token.span > 1) continue;
    if (!out.empty()) out += ' ';
    out += token.word;
  }
  return out;
}

Rendered render(const std::vector<pugi::xml_node>& nodes, const std::vector<std::string>& titles) {
  Renderer renderer;
  for (auto node : nodes) renderer.add(node);
  const auto blocks = tidy(renderer.take(), titles);
  Rendered out;
  for (const auto& block : blocks) {
    if (!out.text.empty()) out.text += "\n\n";
    if (block.kind == Kind::item) out.text += "- ";
    out.text += joined(block, "\n", false);
  }
  write_html(blocks, out.html);
  out.length = text::utf8_length(out.text);
  return out;
}

}  // namespace vigil::feeds::detail::article
