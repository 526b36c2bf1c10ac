// An article page's metadata: title, dates, canonical URL, description, authors, language,
// from <meta> tags (Open Graph, article:*, Dublin Core), JSON-LD (schema.org articles, also in
// @graph arrays), microdata (itemprop) and plain HTML (<title>, <h1>, <time>, <html lang>).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "feeds/article_parts.hpp"
#include "feeds/dates.hpp"
#include "feeds/links.hpp"
#include "text/whitespace.hpp"

namespace vigil::feeds::detail::article {
namespace {

using Json = nlohmann::json;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string clean(std::string_view s) { return text::collapse_whitespace(s); }

// The text children of an element, joined (for <title> and <script>, whose text text_of skips).
std::string raw_text(pugi::xml_node element) {
  std::string out;
  for (auto child : element.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  return out;
}

// What the page says about itself, gathered in one walk.
struct Sources {
  std::unordered_map<std::string, std::vector<std::string>> meta;      // name/property -> contents
  std::unordered_map<std::string, std::vector<std::string>> itemprop;  // microdata values
  std::string title_tag;
  std::vector<std::string> h1s;
  std::string canonical;
  std::vector<std::string> rel_authors;
  std::vector<std::string> json_ld;
  std::vector<std::string> article_times;  // <time datetime> inside <article>
  std::vector<std::string> page_times;     // every <time datetime>
  std::string lang;

  const std::string* first_meta(std::string_view key) const {
    const auto it = meta.find(std::string(key));
    if (it == meta.end()) return nullptr;
    for (const auto& value : it->second)
      if (!text::trim(value).empty()) return &value;
    return nullptr;
  }
  const std::string* first_itemprop(std::string_view key) const {
    const auto it = itemprop.find(std::string(key));
    return it == itemprop.end() || it->second.empty() ? nullptr : &it->second.front();
  }
};

Sources gather(const HtmlDocument& doc) {
  Sources s;
  s.lang = clean(doc.html().attribute("lang").value());
  int article_depth = 0;
  walk(
      doc.html(),
      [&](pugi::xml_node n) {
        if (n.type() != pugi::node_element) return false;
        const std::string_view name = n.name();
        if (name == "article") ++article_depth;
        if (name == "meta") {
          const std::string_view content = n.attribute("content").value();
          for (const char* key_attr : {"property", "name", "itemprop", "http-equiv"}) {
            const std::string_view key = n.attribute(key_attr).value();
            if (key.empty()) continue;
            // property="og:title article:tag" is rare but valid RDFa: one entry per word.
            std::size_t i = 0;
            const auto keys = lowered(key);
            while (i < keys.size()) {
              auto end = keys.find(' ', i);
              if (end == std::string::npos) end = keys.size();
              if (end > i) s.meta[keys.substr(i, end - i)].emplace_back(content);
              i = end + 1;
            }
          }
        } else if (name == "title" && s.title_tag.empty() && !n.parent().attribute("xmlns")) {
          if (std::string_view(n.parent().name()) != "svg") s.title_tag = clean(raw_text(n));
        } else if (name == "h1") {
          if (auto t = text_of(n); !t.empty()) s.h1s.push_back(std::move(t));
        } else if (name == "link") {
          const auto rel = " " + lowered(n.attribute("rel").value()) + " ";
          if (s.canonical.empty() && rel.find(" canonical ") != std::string::npos) s.canonical = n.attribute("href").value();
        } else if (name == "script") {
          if (text::trim(lowered(n.attribute("type").value())) == "application/ld+json") s.json_ld.push_back(raw_text(n));
          return false;
        } else if (name == "time") {
          if (const std::string_view dt = n.attribute("datetime").value(); !dt.empty()) {
            if (article_depth > 0 || n.attribute("pubdate")) s.article_times.emplace_back(dt);
            s.page_times.emplace_back(dt);
          }
        }
        if (name != "meta" && n.attribute("itemprop")) {
          std::string value = n.attribute("content").value();
          if (value.empty()) value = n.attribute("datetime").value();
          if (value.empty()) {
            // itemprop="author" often wraps an element with itemprop="name".
            auto named = n.find_child_by_attribute("itemprop", "name");
            value = text_of(named ? named : n);
          }
          s.itemprop[lowered(n.attribute("itemprop").value())].push_back(clean(value));
        }
        if (name == "a" || name == "link") {
          const auto rel = " " + lowered(n.attribute("rel").value()) + " ";
          if (name == "a" && rel.find(" author ") != std::string::npos)
            if (auto t = text_of(n); !t.empty()) s.rel_authors.push_back(std::move(t));
        }
        return true;
      },
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_element && std::string_view(n.name()) == "article") --article_depth;
      });
  return s;
}

// ---- JSON-LD ----

std::string type_name(std::string_view type) {
  const auto cut = type.find_last_of("/:#");
  return std::string(cut == std::string_view::npos ? type : type.substr(cut + 1));
}

bool has_type(const Json& object, bool (*accept)(std::string_view)) {
  const auto it = object.find("@type");
  if (it == object.end()) return false;
  if (it->is_string()) return accept(type_name(it->get_ref<const std::string&>()));
  if (it->is_array())
    for (const auto& t : *it)
      if (t.is_string() && accept(type_name(t.get_ref<const std::string&>()))) return true;
  return false;
}

bool is_article_type(std::string_view type) {
  return type.ends_with("Article") || type == "BlogPosting" || type == "LiveBlogPosting" || type == "Report" ||
         type == "PressRelease" || type == "SocialMediaPosting";
}
bool is_page_type(std::string_view type) { return type.ends_with("Page"); }
bool is_site_type(std::string_view type) { return type == "WebSite" || type == "Organization" || type == "NGO"; }

std::string string_of(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return clean(it->get_ref<const std::string&>());
  if (it->is_array() && !it->empty() && it->front().is_string()) return clean(it->front().get_ref<const std::string&>());
  if (it->is_object()) return string_of(*it, "name");
  return {};
}

void names_of(const Json& value, std::vector<std::string>& out) {
  auto one = [&](const Json& v) {
    if (v.is_string()) out.push_back(clean(v.get_ref<const std::string&>()));
    else if (v.is_object()) out.push_back(string_of(v, "name"));
  };
  if (value.is_array())
    for (const auto& v : value) one(v);
  else
    one(value);
}

struct LinkedData {
  const Json* article = nullptr;  // the first schema.org article
  const Json* page = nullptr;     // a WebPage, for dates when there is no article
  std::string site_name;
  std::vector<Json> documents;    // owns what the pointers point into
};

// Parses every JSON-LD block; malformed ones are skipped. Objects are looked for at the top, in
// arrays and in @graph, a few levels deep at most.
void read_linked_data(const std::vector<std::string>& scripts, LinkedData& out) {
  out.documents.reserve(scripts.size());
  for (const auto& script : scripts) {
    std::string source = script;
    // Raw line breaks inside strings are common and invalid JSON; outside strings they are
    // whitespace anyway.
    std::replace_if(source.begin(), source.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    Json parsed = Json::parse(source, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) continue;
    out.documents.push_back(std::move(parsed));
  }
  struct Pending {
    const Json* value;
    int depth;
  };
  std::vector<Pending> queue;
  for (const auto& document : out.documents) queue.push_back({&document, 0});
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const auto [value, depth] = queue[i];
    if (depth > 4) continue;
    if (value->is_array()) {
      for (const auto& element : *value) queue.push_back({&element, depth + 1});
      continue;
    }
    if (!value->is_object()) continue;
    if (!out.article && has_type(*value, is_article_type)) out.article = value;
    if (!out.page && has_type(*value, is_page_type)) out.page = value;
    if (out.site_name.empty() && has_type(*value, is_site_type)) out.site_name = string_of(*value, "name");
    for (const char* key : {"@graph", "mainEntity"})
      if (const auto it = value->find(key); it != value->end()) queue.push_back({&*it, depth + 1});
  }
  if (out.article && out.site_name.empty()) {
    if (const auto it = out.article->find("publisher"); it != out.article->end() && it->is_object())
      out.site_name = string_of(*it, "name");
  }
}

// ---- titles ----

// "Mine clearance resumes | Demining Watch" without the site's name, when it is the site's.
std::string without_site_name(const std::string& title, const std::vector<std::string>& site_names) {
  static constexpr std::array<std::string_view, 9> kSeparators{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " : "};
  const auto whole = comparable(title);
  for (const auto& site : site_names) {
    const auto name = comparable(site);
    if (name.empty() || name == whole) continue;
    for (auto separator : kSeparators) {
      if (const auto at = title.rfind(separator); at != std::string::npos && at > 0 &&
                                                  comparable(std::string_view(title).substr(at + separator.size())) == name)
        return clean(std::string_view(title).substr(0, at));
      if (const auto at = title.find(separator); at != std::string::npos && at > 0 &&
                                                 comparable(std::string_view(title).substr(0, at)) == name)
        return clean(std::string_view(title).substr(at + separator.size()));
    }
  }
  return title;
}

// The <h1> the <title> starts or ends with (the title being "h1 | site").
std::string h1_matching(const std::string& title, const std::vector<std::string>& h1s) {
  const auto whole = comparable(title);
  if (whole.empty()) return {};
  for (const auto& h1 : h1s) {
    const auto c = comparable(h1);
    if (c.empty()) continue;
    if (c == whole || (c.size() >= 8 && (whole.starts_with(c + " ") || whole.ends_with(" " + c)))) return clean(h1);
  }
  return {};
}

std::optional<Timestamp> first_date(std::initializer_list<const std::string*> candidates) {
  for (const auto* candidate : candidates)
    if (candidate != nullptr)
      if (auto date = parse_date(text::trim(*candidate))) return date;
  return std::nullopt;
}

bool looks_like_url(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("/"); }

void add_author(std::vector<std::string>& authors, std::string name) {
  name = clean(name);
  if (name.empty() || name.size() > 200 || looks_like_url(name)) return;
  if (std::find(authors.begin(), authors.end(), name) == authors.end()) authors.push_back(std::move(name));
}

}  // namespace

void read_metadata(const HtmlDocument& doc, Article& out, std::vector<std::string>& titles) {
  if (!doc.html()) return;
  const auto s = gather(doc);
  LinkedData ld;
  read_linked_data(s.json_ld, ld);
  auto meta = [&](std::string_view key) { return s.first_meta(key); };
  auto from_ld = [](const Json* object, const char* key) { return object ? string_of(*object, key) : std::string{}; };

  // Title
  std::vector<std::string> site_names;
  for (const char* key : {"og:site_name", "application-name"})
    if (const auto* v = meta(key)) site_names.push_back(clean(*v));
  if (!ld.site_name.empty()) site_names.push_back(ld.site_name);
  const std::string og_title = meta("og:title") ? clean(*meta("og:title")) : std::string{};
  const std::string headline = from_ld(ld.article, "headline");
  const std::string trimmed_tag = without_site_name(s.title_tag, site_names);
  std::string title;
  if (!og_title.empty()) title = without_site_name(og_title, site_names);
  else if (!headline.empty()) title = headline;
  else if (auto h1 = h1_matching(s.title_tag, s.h1s); !h1.empty()) title = std::move(h1);
  else if (!trimmed_tag.empty()) title = trimmed_tag;
  else if (s.h1s.size() == 1) title = clean(s.h1s.front());
  out.title = title;
  for (const std::string* t : std::initializer_list<const std::string*>{&title, &og_title, &headline, &s.title_tag, &trimmed_tag})
    if (!t->empty()) titles.push_back(*t);
  if (const auto* twitter = meta("twitter:title")) titles.push_back(clean(*twitter));

  // Dates
  const std::string ld_published = from_ld(ld.article, "datePublished");
  const std::string ld_modified = from_ld(ld.article, "dateModified");
  const std::string page_published = from_ld(ld.page, "datePublished");
  const std::string page_modified = from_ld(ld.page, "dateModified");
  const std::string* article_time = s.article_times.empty() ? (s.page_times.size() == 1 ? &s.page_times.front() : nullptr)
                                                            : &s.article_times.front();
  out.published = first_date({meta("article:published_time"), &ld_published, s.first_itemprop("datepublished"),
                              meta("datepublished"), article_time, meta("date"), meta("dc.date"), meta("dc.date.issued"), meta("dcterms.date"),
                              meta("dcterms.issued"), meta("dcterms.created"), meta("citation_publication_date"),
                              meta("publish-date"), meta("pubdate"), meta("og:published_time"), &page_published});
  out.modified = first_date({meta("article:modified_time"), meta("og:updated_time"), &ld_modified,
                             s.first_itemprop("datemodified"), meta("datemodified"), meta("dcterms.modified"), meta("last-modified"),
                             &page_modified});

  // Canonical URL
  for (const std::string* candidate : {&s.canonical, meta("og:url")}) {
    if (candidate == nullptr || text::trim(*candidate).empty()) continue;
    auto url = resolve_url(doc.base_url, *candidate);
    if (!url.empty() && is_acceptable_link(url)) {
      out.canonical_url = std::move(url);
      break;
    }
  }

  // Description
  for (const std::string* candidate : {meta("og:description"), meta("description"), meta("twitter:description")})
    if (candidate != nullptr && !(out.description = clean(*candidate)).empty()) break;
  if (out.description.empty()) out.description = from_ld(ld.article, "description");

  // Authors
  if (ld.article)
    if (const auto it = ld.article->find("author"); it != ld.article->end()) {
      std::vector<std::string> names;
      names_of(*it, names);
      for (auto& name : names) add_author(out.authors, std::move(name));
    }
  if (out.authors.empty())
    if (const auto it = s.meta.find("author"); it != s.meta.end())
      for (const auto& name : it->second) add_author(out.authors, name);
  if (out.authors.empty())
    if (const auto it = s.meta.find("article:author"); it != s.meta.end())
      for (const auto& name : it->second) add_author(out.authors, name);
  if (out.authors.empty())
    if (const auto it = s.itemprop.find("author"); it != s.itemprop.end())
      for (const auto& name : it->second) add_author(out.authors, name);
  if (out.authors.empty())
    for (const auto& name : s.rel_authors) add_author(out.authors, name);

  // Language
  out.lang = s.lang;
  if (out.lang.empty())
    if (const auto* v = meta("content-language")) out.lang = clean(*v);
  if (out.lang.empty())
    if (const auto* v = meta("og:locale")) {
      out.lang = clean(*v);
      std::replace(out.lang.begin(), out.lang.end(), '_', '-');
    }
  if (out.lang.empty()) out.lang = from_ld(ld.article, "inLanguage");
}

}  // namespace vigil::feeds::detail::article
