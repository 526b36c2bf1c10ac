// From topic specs to the compiled form (topics/compiled.hpp).
#include <algorithm>
#include <atomic>
#include <utility>

#include "topics/compiled.hpp"
#include "topics/stem.hpp"

namespace vigil::topics::detail {
namespace {

// The longest word of a pattern is, roughly, its rarest: anchoring there keeps the candidate
// lists short ("the Mine Ban Treaty" is looked up under "treaty", not "the"). Prefix words are
// never anchors unless there is nothing else.
std::size_t pick_anchor(const std::vector<PatternWord>& words) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].prefix) continue;
    if (!best || words[i].key.size() > words[*best].key.size()) best = i;
  }
  return best.value_or(0);
}

std::string anchor_key(LangId lang, std::string_view key) {
  std::string out(1, static_cast<char>(lang));
  out += key;
  return out;
}

class Compiler {
 public:
  explicit Compiler(Compiled& out) : out_(out) {}

  std::expected<void, TopicError> add(const TopicSpec& spec) {
    auto parsed = parse_query(spec.query);
    if (!parsed) return std::unexpected(TopicError{spec.name, parsed.error()});
    topic_index_ = out_.topics.size();
    langs_ = lang_ids(spec.languages);
    Topic topic;
    topic.name = spec.name;
    topic.min_score = spec.min_score;
    topic.sources = spec.sources;
    TopicCode code;
    code.first_leaf = static_cast<LeafId>(out_.leaves.size());
    code.first_op = static_cast<std::uint32_t>(out_.program.size());
    code.any_source = spec.sources.empty();
    build(parsed->root, true);
    code.leaf_count = static_cast<LeafId>(out_.leaves.size()) - code.first_leaf;
    code.any_leaf = std::all_of(out_.program.begin() + code.first_op, out_.program.end(), [](const EvalOp& op) {
      return op.kind == EvalOp::Kind::any_of || (op.kind == EvalOp::Kind::leaf && op.positive);
    });
    if (out_.program[code.first_op].kind == EvalOp::Kind::all) out_.match_all.push_back(topic_index_);
    out_.topics.push_back(std::move(topic));
    out_.codes.push_back(code);
    return {};
  }

  void finish() {
    std::sort(out_.prefix_lengths.begin(), out_.prefix_lengths.end());
    out_.prefix_lengths.erase(std::unique(out_.prefix_lengths.begin(), out_.prefix_lengths.end()),
                              out_.prefix_lengths.end());
    for (std::size_t field = 0; field < kFieldCount; ++field)
      if (out_.regex_sets[field]) out_.regex_sets[field]->Compile();
  }

 private:
  // Languages with a stemmer get their own id; all others share the "" id (folding only).
  std::vector<LangId> lang_ids(const std::vector<std::string>& languages) {
    std::vector<LangId> ids;
    for (const auto& language : languages) {
      const std::string code = has_stemmer(language) ? language : std::string();
      auto found = std::find(out_.languages.begin(), out_.languages.end(), code);
      if (found == out_.languages.end()) {
        out_.languages.push_back(code);
        found = out_.languages.end() - 1;
      }
      const auto id = static_cast<LangId>(found - out_.languages.begin());
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    // Every topic also matches words exactly as folded: an item whose declared language
    // holds back the topic's stemmers (see topics/document.cpp) is still searched for them.
    const auto exact = lang_ids_of_exact();
    if (std::find(ids.begin(), ids.end(), exact) == ids.end()) ids.push_back(exact);
    return ids;
  }

  LangId lang_ids_of_exact() {
    auto found = std::find(out_.languages.begin(), out_.languages.end(), std::string());
    if (found != out_.languages.end()) return static_cast<LangId>(found - out_.languages.begin());
    out_.languages.emplace_back();
    return static_cast<LangId>(out_.languages.size() - 1);
  }

  // Appends the node's subtree to the program, in preorder.
  void build(const query::Node& node, bool positive) {
    const std::size_t at = out_.program.size();
    out_.program.emplace_back();
    auto set = [&](EvalOp::Kind kind) { out_.program[at].kind = kind; };
    auto set_leaf = [&](LeafId leaf) {
      out_.program[at].leaf = leaf;
      out_.program[at].positive = positive;
    };
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, query::Term>) {
            set_leaf(add_words_leaf(value.text, value.field, positive, value.words, value.joined, value.prefix));
          } else if constexpr (std::is_same_v<T, query::Phrase>) {
            set_leaf(add_words_leaf(value.text, value.field, positive, value.words, value.joined, false));
          } else if constexpr (std::is_same_v<T, query::Regex>) {
            set_leaf(add_regex_leaf(value, positive));
          } else if constexpr (std::is_same_v<T, query::All>) {
            set(EvalOp::Kind::all);
          } else if constexpr (std::is_same_v<T, query::And>) {
            set(EvalOp::Kind::all_of);
            for (const auto& operand : value.operands) build(operand, positive);
          } else if constexpr (std::is_same_v<T, query::Or>) {
            set(EvalOp::Kind::any_of);
            for (const auto& operand : value.operands) build(operand, positive);
          } else if constexpr (std::is_same_v<T, query::Not>) {
            set(EvalOp::Kind::none_of);
            for (const auto& operand : value.operand) build(operand, !positive);
          } else if constexpr (std::is_same_v<T, query::Near>) {
            set(EvalOp::Kind::near);
            out_.program[at].distance =
                static_cast<std::uint32_t>(std::min<std::size_t>(value.distance, kMaxNearDistance));
            for (const auto& operand : value.operands) build(operand, positive);
          }
        },
        node.value);
    out_.program[at].size = static_cast<std::uint32_t>(out_.program.size() - at);
  }

  LeafId new_leaf(const std::string& text, query::Field field, bool positive) {
    const auto id = static_cast<LeafId>(out_.leaves.size());
    out_.leaves.push_back(Leaf{topic_index_, text, field, positive, std::nullopt});
    out_.leaf_topics.push_back(static_cast<std::uint32_t>(topic_index_));
    return id;
  }

  LeafId add_words_leaf(const std::string& text, query::Field field, bool positive,
                        const std::vector<std::string>& words, const std::vector<std::string>& joined,
                        bool prefix) {
    const LeafId leaf = new_leaf(text, field, positive);
    add_patterns(leaf, words, prefix);
    if (!joined.empty() && joined != words) add_patterns(leaf, joined, prefix);
    return leaf;
  }

  // One pattern per stemming language; a lone prefix is language-independent.
  void add_patterns(LeafId leaf, const std::vector<std::string>& words, bool prefix) {
    std::uint8_t fields = 0;
    for (std::size_t f = 0; f < kFieldCount; ++f)
      if (applies(out_.leaves[leaf].field, static_cast<FieldIndex>(f))) fields |= static_cast<std::uint8_t>(1u << f);
    if (prefix && words.size() == 1) {
      Pattern pattern{leaf, 0, fields, {PatternWord{words[0], true}}, 0};
      out_.by_prefix[words[0]].push_back(Anchor{static_cast<PatternId>(out_.patterns.size()), leaf, fields, true});
      out_.prefix_lengths.push_back(words[0].size());
      out_.patterns.push_back(std::move(pattern));
      return;
    }
    for (const LangId lang : langs_) {
      const auto& language = out_.languages[lang];
      Pattern pattern{leaf, lang, fields, {}, 0};
      for (std::size_t i = 0; i < words.size(); ++i) {
        const bool is_prefix = prefix && i + 1 == words.size();
        pattern.words.push_back(PatternWord{
            is_prefix || language.empty() ? words[i] : stem(language, words[i]), is_prefix});
      }
      pattern.anchor = pick_anchor(pattern.words);
      out_.by_anchor[anchor_key(lang, pattern.words[pattern.anchor].key)].push_back(
          Anchor{static_cast<PatternId>(out_.patterns.size()), leaf, fields, pattern.words.size() == 1});
      out_.patterns.push_back(std::move(pattern));
    }
  }

  LeafId add_regex_leaf(const query::Regex& regex, bool positive) {
    const LeafId leaf = new_leaf(regex.text, regex.field, positive);
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!regex.ignore_case);
    const std::size_t index = out_.regexes.size();
    out_.regexes.push_back(std::make_unique<re2::RE2>(regex.pattern, options));
    out_.regex_leaves.push_back(leaf);
    out_.leaves[leaf].regex = index;
    // The parser checked that the pattern compiles; a set takes flags inline.
    const std::string in_set = (regex.ignore_case ? "(?i)" : "") + regex.pattern;
    for (std::size_t field = 0; field < kFieldCount; ++field) {
      if (!applies(regex.field, static_cast<FieldIndex>(field))) continue;
      auto& set = out_.regex_sets[field];
      if (!set) {
        re2::RE2::Options set_options;
        set_options.set_log_errors(false);
        set = std::make_unique<re2::RE2::Set>(set_options, re2::RE2::UNANCHORED);
      }
      if (set->Add(in_set, nullptr) >= 0) out_.regex_set_members[field].push_back(index);
    }
    return leaf;
  }

  Compiled& out_;
  std::size_t topic_index_ = 0;
  std::vector<LangId> langs_;
};

}  // namespace

bool applies(query::Field scope, FieldIndex field) {
  switch (scope) {
    case query::Field::any: return true;
    case query::Field::title: return field == kTitle;
    case query::Field::summary: return field == kSummary;
    case query::Field::content: return field == kContent;
  }
  return false;
}

std::expected<Compiled, TopicError> compile_topics(const std::vector<TopicSpec>& specs) {
  static std::atomic<std::uint64_t> generations{0};
  Compiled compiled;
  compiled.generation = ++generations;
  Compiler compiler(compiled);
  for (const auto& spec : specs)
    if (auto added = compiler.add(spec); !added) return std::unexpected(added.error());
  compiler.finish();
  return compiled;
}

}  // namespace vigil::topics::detail
