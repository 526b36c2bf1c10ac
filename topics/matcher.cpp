// One matcher for all topics. Every leaf of every query (a word or a phrase: a sequence of
// folded words) is indexed under one "anchor" word; an item's tokens are looked up in that
// index, so only terms one of whose words occurs in the item are ever checked (the
// presearcher idea of Lucene's Monitor), and a topic is evaluated only when one of its terms
// fired.
#include "topics/matcher.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "text/html.hpp"
#include "topics/normalize.hpp"

namespace vigil::topics {
namespace {

using TermId = std::uint32_t;

struct CompiledTerm {
  std::size_t topic = 0;
  std::string text;                // as written in the query: a phrase keeps its quotes
  std::vector<std::string> words;  // folded, consecutive
  std::size_t anchor = 0;          // index in `words` of the word it is indexed under
};

struct CompiledTopic {
  std::string name;
  query::Query query;
  TermId first_term = 0;  // its terms are [first_term, first_term + term_count), in query order
  TermId term_count = 0;
};

// The longest word of a phrase is, roughly, its rarest: anchoring there keeps the candidate
// lists short ("the Mine Ban Treaty" is looked up under "treaty", not "the").
std::size_t pick_anchor(const std::vector<std::string>& words) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < words.size(); ++i)
    if (words[i].size() > words[best].size()) best = i;
  return best;
}

// The query's leaves, in the order they are written.
void collect_leaves(const query::Node& node, std::vector<const query::Node*>& leaves) {
  if (const auto* alternatives = std::get_if<query::Or>(&node.value)) {
    for (const auto& operand : alternatives->operands) collect_leaves(operand, leaves);
  } else {
    leaves.push_back(&node);
  }
}

// Evaluates a query given which of its leaves fired; `next_leaf` walks the leaves in the
// order collect_leaves listed them.
bool evaluate(const query::Node& node, const std::vector<bool>& fired, std::size_t& next_leaf) {
  if (const auto* alternatives = std::get_if<query::Or>(&node.value)) {
    bool any = false;
    for (const auto& operand : alternatives->operands) any = evaluate(operand, fired, next_leaf) || any;
    return any;
  }
  return fired[next_leaf++];
}

bool occurs_at(const std::vector<Token>& tokens, std::size_t anchor_pos, const CompiledTerm& term) {
  if (anchor_pos < term.anchor) return false;
  const std::size_t start = anchor_pos - term.anchor;
  if (start + term.words.size() > tokens.size()) return false;
  for (std::size_t i = 0; i < term.words.size(); ++i)
    if (i != term.anchor && tokens[start + i].word != term.words[i]) return false;
  return true;
}

}  // namespace

struct Matcher::Impl {
  std::vector<CompiledTopic> topics;
  std::vector<CompiledTerm> terms;  // topic by topic, in configuration then query order
  std::unordered_map<std::string, std::vector<TermId>> by_anchor;
};

std::expected<void, QueryError> check_query(std::string_view query) {
  auto parsed = parse_query(query);
  if (!parsed) return std::unexpected(parsed.error());
  return {};
}

std::expected<Matcher, TopicError> Matcher::compile(const std::vector<TopicSpec>& topics) {
  auto impl = std::make_unique<Impl>();
  for (const auto& spec : topics) {
    auto parsed = parse_query(spec.query);
    if (!parsed) return std::unexpected(TopicError{spec.name, parsed.error()});
    CompiledTopic topic{spec.name, std::move(*parsed), static_cast<TermId>(impl->terms.size()), 0};
    std::vector<const query::Node*> leaves;
    collect_leaves(topic.query.root, leaves);
    for (const auto* leaf : leaves) {
      CompiledTerm term;
      term.topic = impl->topics.size();
      if (const auto* word = std::get_if<query::Term>(&leaf->value)) {
        term.text = word->text;
        term.words = word->words;
      } else if (const auto* phrase = std::get_if<query::Phrase>(&leaf->value)) {
        term.text = phrase->text;
        term.words = phrase->words;
      }
      term.anchor = pick_anchor(term.words);
      const auto id = static_cast<TermId>(impl->terms.size());
      impl->by_anchor[term.words[term.anchor]].push_back(id);
      impl->terms.push_back(std::move(term));
    }
    topic.term_count = static_cast<TermId>(leaves.size());
    impl->topics.push_back(std::move(topic));
  }
  return Matcher(std::move(impl));
}

Matcher::Matcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

std::vector<Match> Matcher::match(const Item& item) const {
  if (!impl_) return {};  // moved from
  // Each field is tokenized once for all topics; phrases never span two fields.
  // Summary and content are HTML; the tokenizer needs no whitespace tidied.
  constexpr text::HtmlTextOptions html{.layout = text::TextLayout::as_written};
  const std::array<std::vector<Token>, 3> fields{tokenize(item.title),
                                                 tokenize(text::html_to_text(item.summary, html)),
                                                 tokenize(text::html_to_text(item.content, html))};
  std::vector<TermId> fired;
  for (const auto& tokens : fields) {
    for (std::size_t pos = 0; pos < tokens.size(); ++pos) {
      const auto candidates = impl_->by_anchor.find(tokens[pos].word);
      if (candidates == impl_->by_anchor.end()) continue;
      for (const TermId id : candidates->second)
        if (occurs_at(tokens, pos, impl_->terms[id])) fired.push_back(id);
    }
  }
  std::sort(fired.begin(), fired.end());
  fired.erase(std::unique(fired.begin(), fired.end()), fired.end());

  // Term ids follow configuration order, so grouping the sorted ids yields topics in order.
  std::vector<Match> matches;
  for (auto it = fired.begin(); it != fired.end();) {
    const auto& topic = impl_->topics[impl_->terms[*it].topic];
    std::vector<bool> leaf_fired(topic.term_count, false);
    Match match{topic.name, {}};
    for (; it != fired.end() && *it < topic.first_term + topic.term_count; ++it) {
      leaf_fired[*it - topic.first_term] = true;
      const auto& text = impl_->terms[*it].text;
      if (std::find(match.terms.begin(), match.terms.end(), text) == match.terms.end())
        match.terms.push_back(text);
    }
    std::size_t next_leaf = 0;
    if (evaluate(topic.query.root, leaf_fired, next_leaf)) matches.push_back(std::move(match));
  }
  return matches;
}

}  // namespace vigil::topics
