#pragma once
// The compiled form of all topics, shared by the matcher's stages. Private to topics/.
//
// Every leaf of every query (a word, a phrase, a regex) becomes one Leaf. A word or phrase
// leaf gives one Pattern per way it can be written (its words as given, and joined when the
// query wrote them with a hyphen) and per stemming language of its topic: the words' stems in
// that language. Each pattern is indexed under one "anchor" word, so an item's tokens are
// looked up once for all topics and only the patterns whose anchor occurred are checked (the
// presearcher idea of Lucene's Monitor); a topic is evaluated only when one of its leaves fired.
#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <re2/set.h>

#include "topics/query.hpp"
#include "topics/topic_spec.hpp"

namespace vigil::topics::detail {

using LeafId = std::uint32_t;
using PatternId = std::uint32_t;
using LangId = std::uint8_t;

// The fields a leaf can match in, in the order the matcher reads them.
enum FieldIndex : std::uint8_t { kTitle = 0, kSummary = 1, kContent = 2 };
inline constexpr std::size_t kFieldCount = 3;

struct PatternWord {
  std::string key;      // the stem in the pattern's language, or the folded prefix
  bool prefix = false;  // matches any folded token that starts with `key`
};

struct Pattern {
  LeafId leaf = 0;
  LangId lang = 0;
  // Bit f set when the leaf's scope lets it match in field f (applies()): kept here so a
  // candidate pattern is checked without reading its leaf.
  std::uint8_t fields = 0;
  std::vector<PatternWord> words;  // consecutive in the text, never empty
  std::size_t anchor = 0;          // index in `words` of the word it is indexed under
};

struct Leaf {
  std::size_t topic = 0;
  std::string text;  // as written in the query, for explanations
  query::Field field = query::Field::any;
  bool positive = true;  // false under an odd number of NOTs: never listed as a reason
  std::optional<std::size_t> regex;  // index in Compiled::regexes for a regex leaf
};

// The query tree with leaves replaced by their ids, ready to evaluate.
struct EvalNode {
  enum class Kind : std::uint8_t { leaf, all, all_of, any_of, none_of, near } kind = Kind::leaf;
  LeafId leaf = 0;
  std::size_t distance = 0;  // near
  std::vector<EvalNode> children;
};

struct Topic {
  std::string name;
  EvalNode root;
  LeafId first_leaf = 0;  // its leaves are [first_leaf, first_leaf + leaf_count)
  LeafId leaf_count = 0;
  std::optional<double> min_score;
  std::vector<std::string> sources;  // empty: every source
};

// XXH3: several times faster than std::hash on the short keys looked up per word.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(text.data(), text.size()));
  }
};
using Index = std::unordered_map<std::string, std::vector<PatternId>, TransparentHash, std::equal_to<>>;

struct Compiled {
  // Unique per compile_topics call, for caches that must never mix two matchers' indexes.
  std::uint64_t generation = 0;
  // Stemming languages in use, by LangId; "" stands for every language without a stemmer
  // (their keys are the folded words themselves).
  std::vector<std::string> languages;
  std::vector<Topic> topics;
  std::vector<Leaf> leaves;
  std::vector<Pattern> patterns;
  // Patterns by anchor: the key prefixed with its LangId byte, so stems of two languages
  // never meet.
  Index by_anchor;
  // Patterns that are a single prefix (`mine*`), by prefix; language-independent.
  Index by_prefix;
  std::vector<std::size_t> prefix_lengths;  // distinct byte lengths of by_prefix keys, ascending
  // Regex leaves: one RE2 each (for where it matched), and per field one RE2::Set of those
  // that apply there, so a field is scanned once for all regexes.
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  std::vector<LeafId> regex_leaves;  // by regex index
  std::array<std::unique_ptr<re2::RE2::Set>, kFieldCount> regex_sets;
  std::array<std::vector<std::size_t>, kFieldCount> regex_set_members;  // set index -> regex index
  std::vector<std::size_t> match_all;  // topics whose query is `*`
};

// Whether a leaf scoped to `scope` may match in `field`.
bool applies(query::Field scope, FieldIndex field);

// Builds the compiled form of all topics, in configuration order.
std::expected<Compiled, TopicError> compile_topics(const std::vector<TopicSpec>& specs);

}  // namespace vigil::topics::detail
