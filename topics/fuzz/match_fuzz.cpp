// libFuzzer target for normalize+match (built with -DVIGIL_FUZZ=ON and clang-19; see scripts/fuzz).
// Seeds: tests/fixtures/fuzz/match/.
//
// Input format (text, so seeds stay readable):
//   up to four lines of queries, one topic each (a `\r` before the `\n` is dropped; further
//   query lines are ignored), then an empty line, then the item: title, summary and content
//   separated by form feeds (`\f`, 0x0C); missing parts are empty. Without an empty line every
//   line is a query and the whole input is also the item's content, so query words occur.
// Topic i stems in kLanguages[i] and the last topic slot sets a min_score; the item's `lang`
// cycles with the input length through kItemLanguages. Queries that do not parse are left
// out (the query target fuzzes the parser).
//
// Checked, besides the sanitizers: every query that parses compiles; matches come in
// configuration order, once per topic; scores are finite, >= 0 and >= min_score; every term is
// a leaf of its query as written, each once; the snippet is bounded and empty only for `*`;
// highlights are non-empty, ascending, non-overlapping and inside the snippet; a `*` topic
// matches every item; a matcher compiled for one topic alone agrees with the matcher for all
// of them. When the item's fields are valid UTF-8, the snippet is too and highlights lie on
// code point boundaries (invalid bytes in a field may reach the snippet as they are:
// parse_feed and `vigil match` only ever hand the matcher valid UTF-8).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "model/item.hpp"
#include "model/match.hpp"
#include "topics/matcher.hpp"
#include "topics/query.hpp"

namespace {

using vigil::Match;
using vigil::topics::TopicSpec;
namespace query = vigil::topics::query;

constexpr std::size_t kMaxTopics = 4;
const std::array<std::vector<std::string>, kMaxTopics> kLanguages = {
    std::vector<std::string>{"en"}, {"ru", "uk"}, {"fr", "en"}, {"uk"}};
constexpr double kMinScore = 1.0;  // for the last topic slot
constexpr std::array<const char*, 6> kItemLanguages = {"", "en", "ru", "uk", "fr", "xx"};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "match_fuzz: %s\n", what.c_str());
  std::abort();
}

struct Input {
  std::vector<std::string> queries;
  vigil::Item item;
};

Input split(std::string_view data) {
  Input input;
  input.item.id = "fuzz";
  input.item.source = "fuzz";
  input.item.lang = kItemLanguages[data.size() % kItemLanguages.size()];
  const auto blank = data.find("\n\n");
  std::string_view head = blank == std::string_view::npos ? data : data.substr(0, blank);
  while (!head.empty() && input.queries.size() < kMaxTopics) {
    const auto end = head.find('\n');
    auto line = head.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    input.queries.emplace_back(line);
    head = end == std::string_view::npos ? std::string_view{} : head.substr(end + 1);
  }
  if (blank == std::string_view::npos) {
    input.item.content = std::string(data);
    return input;
  }
  std::string_view rest = data.substr(blank + 2);
  std::array<std::string*, 3> fields = {&input.item.title, &input.item.summary, &input.item.content};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto end = i + 1 < fields.size() ? rest.find('\f') : std::string_view::npos;
    *fields[i] = std::string(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + 1);
  }
  return input;
}

// The leaves of a query as written (Term, Phrase and Regex texts): what Match::terms may name.
void collect_leaves(const query::Node& node, std::vector<std::string>& out) {
  std::visit(
      [&out](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, query::Term> || std::is_same_v<T, query::Phrase> ||
                      std::is_same_v<T, query::Regex>) {
          out.push_back(value.text);
        } else if constexpr (std::is_same_v<T, query::Not>) {
          for (const auto& operand : value.operand) collect_leaves(operand, out);
        } else if constexpr (!std::is_same_v<T, query::All>) {
          for (const auto& operand : value.operands) collect_leaves(operand, out);
        }
      },
      node.value);
}

// Strict UTF-8: no overlong forms, surrogates or values past U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { length = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { length = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { length = 4; cp = c & 0x07; }
    else return false;
    if (i + length > s.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

bool code_point_boundary(std::string_view s, std::size_t at) {
  return at == s.size() || (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80;
}

struct Topic {
  TopicSpec spec;
  std::vector<std::string> leaves;
  bool all = false;  // the query `*`
};

void check_match(const Match& match, const Topic& topic, bool valid_input) {
  const auto& name = match.topic;
  if (!std::isfinite(match.score) || match.score < 0) fail(name + ": score not finite or negative");
  if (topic.spec.min_score && match.score < *topic.spec.min_score) fail(name + ": score under min_score");
  for (std::size_t i = 0; i < match.terms.size(); ++i) {
    bool known = false;
    for (const auto& leaf : topic.leaves) known = known || leaf == match.terms[i];
    if (!known) fail(name + ": term not in the query: " + match.terms[i]);
    for (std::size_t k = 0; k < i; ++k)
      if (match.terms[k] == match.terms[i]) fail(name + ": term listed twice: " + match.terms[i]);
  }
  if (!topic.all && match.terms.empty()) fail(name + ": a match without terms");
  const std::string_view snippet = match.snippet;
  if (valid_input && !valid_utf8(snippet)) fail(name + ": snippet is not valid UTF-8");
  if (snippet.empty() && !topic.all) fail(name + ": empty snippet");
  std::size_t longest_hit = 0;
  std::size_t previous_end = 0;
  for (const auto& hit : match.highlights) {
    if (hit.begin >= hit.end || hit.end > snippet.size()) fail(name + ": highlight empty or outside the snippet");
    if (hit.begin < previous_end) fail(name + ": highlights overlap or are out of order");
    if (valid_input && (!code_point_boundary(snippet, hit.begin) || !code_point_boundary(snippet, hit.end)))
      fail(name + ": highlight splits a code point");
    previous_end = hit.end;
    longest_hit = std::max(longest_hit, hit.end - hit.begin);
  }
  // "About 200 characters": generous room for words that cannot be cut and for one long hit.
  if (snippet.size() > 2048 + longest_hit) fail(name + ": snippet of " + std::to_string(snippet.size()) + " bytes");
}

std::string describe(const Match* match) {
  if (match == nullptr) return "no match";
  std::string out = "score " + std::to_string(match->score) + ", terms";
  for (const auto& term : match->terms) out += " [" + term + "]";
  out += ", snippet [" + match->snippet + "], highlights";
  for (const auto& hit : match->highlights) out += " " + std::to_string(hit.begin) + "-" + std::to_string(hit.end);
  return out;
}

bool same(const Match& a, const Match& b) {
  return a.topic == b.topic && a.terms == b.terms && a.snippet == b.snippet && a.highlights == b.highlights &&
         std::abs(a.score - b.score) <= 1e-9 * std::max(1.0, std::abs(a.score));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = split(std::string_view(reinterpret_cast<const char*>(data), size));

  std::vector<Topic> topics;
  for (std::size_t i = 0; i < input.queries.size(); ++i) {
    auto parsed = vigil::topics::parse_query(input.queries[i]);
    if (!parsed) continue;
    Topic topic;
    topic.spec.name = "t" + std::to_string(i);
    topic.spec.query = input.queries[i];
    topic.spec.languages = kLanguages[i];
    if (i + 1 == kMaxTopics) topic.spec.min_score = kMinScore;
    topic.all = std::holds_alternative<query::All>(parsed->root.value);
    collect_leaves(parsed->root, topic.leaves);
    topics.push_back(std::move(topic));
  }
  if (topics.empty()) return 0;

  std::vector<TopicSpec> specs;
  for (const auto& topic : topics) specs.push_back(topic.spec);
  auto matcher = vigil::topics::Matcher::compile(specs);
  if (!matcher) fail("topic " + matcher.error().topic + " parses but does not compile: " + matcher.error().error.message);
  const auto matches = matcher->match(input.item);

  const bool valid_input =
      valid_utf8(input.item.title) && valid_utf8(input.item.summary) && valid_utf8(input.item.content);
  std::size_t next = 0;  // matches follow configuration order, one per topic
  for (const auto& match : matches) {
    while (next < topics.size() && topics[next].spec.name != match.topic) ++next;
    if (next == topics.size()) fail("match for an unknown topic, twice, or out of order: " + match.topic);
    check_match(match, topics[next], valid_input);
    ++next;
  }

  for (const auto& topic : topics) {
    const Match* combined = nullptr;
    for (const auto& match : matches)
      if (match.topic == topic.spec.name) combined = &match;
    if (topic.all && !topic.spec.min_score && combined == nullptr) fail(topic.spec.name + ": `*` did not match");
    auto alone = vigil::topics::Matcher::compile({topic.spec});
    if (!alone) fail(topic.spec.name + " compiles with the others but not alone");
    const auto alone_matches = alone->match(input.item);
    if (alone_matches.size() != (combined != nullptr ? 1u : 0u) || (combined != nullptr && !same(alone_matches[0], *combined)))
      fail(topic.spec.name + ": matching it alone differs from matching it with the other topics: alone " +
           describe(alone_matches.empty() ? nullptr : &alone_matches[0]) + "; with the others " + describe(combined));
  }
  return 0;
}
