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
  // Bit f set when the leaf's scope lets it match in field f (applies()); its Anchor carries a
  // copy, so a candidate is checked without reading the pattern or its leaf.
  std::uint8_t fields = 0;
  std::vector<PatternWord> words;  // consecutive in the text, never empty
  std::size_t anchor = 0;          // index in `words` of the word it is indexed under
};

// A pattern as an index lists it, with what finding it takes when the pattern is its anchor
// word alone (most are), so the pattern itself is read only for phrases.
struct Anchor {
  PatternId pattern = 0;
  LeafId leaf = 0;
  std::uint8_t fields = 0;  // Pattern::fields
  bool alone = false;       // the pattern is one word: it occurs wherever its anchor does
};

struct Leaf {
  std::size_t topic = 0;
  std::string text;  // as written in the query, for explanations
  query::Field field = query::Field::any;
  bool positive = true;  // false under an odd number of NOTs: never listed as a reason
  std::optional<std::size_t> regex;  // index in Compiled::regexes for a regex leaf
};

// The query tree with leaves replaced by their ids, flattened in preorder into
// Compiled::program, so that evaluating a topic reads a few adjacent cache lines instead of
// chasing a pointer per node: the first child of op i is op i + 1, and a child's next sibling
// lies `size` ops after it.
struct EvalOp {
  enum class Kind : std::uint8_t { leaf, all, all_of, any_of, none_of, near } kind = Kind::leaf;
  bool positive = true;        // leaf: Leaf::positive
  LeafId leaf = 0;             // leaf
  std::uint32_t size = 1;      // ops in this subtree, itself included
  std::uint32_t distance = 0;  // near: words, at most kMaxNearDistance
};

// NEAR/n with n past a million words is NEAR anywhere in a field.
inline constexpr std::uint32_t kMaxNearDistance = 1u << 20;

struct Topic {
  std::string name;
  std::optional<double> min_score;
  std::vector<std::string> sources;  // empty: every source
};

// What finding and evaluating a candidate topic reads, compact (by topic index, as Topic).
struct TopicCode {
  LeafId first_leaf = 0;  // its leaves are [first_leaf, first_leaf + leaf_count)
  LeafId leaf_count = 0;
  std::uint32_t first_op = 0;  // its query is the subtree at Compiled::program[first_op]
  bool any_source = true;      // Topic::sources is empty
  // The query is a positive term or an OR of them (nested or not), the most common shape: it
  // holds exactly when one of its leaves fired, and each that fired contributes.
  bool any_leaf = false;
};

// XXH3: several times faster than std::hash on the short keys looked up per word.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(text.data(), text.size()));
  }
};
using Index = std::unordered_map<std::string, std::vector<Anchor>, TransparentHash, std::equal_to<>>;

struct Compiled {
  // Unique per compile_topics call, for caches that must never mix two matchers' indexes.
  std::uint64_t generation = 0;
  // Stemming languages in use, by LangId; "" stands for every language without a stemmer
  // (their keys are the folded words themselves).
  std::vector<std::string> languages;
  std::vector<Topic> topics;
  std::vector<TopicCode> codes;  // by topic
  std::vector<EvalOp> program;   // every topic's query, one after the other
  std::vector<Leaf> leaves;
  std::vector<std::uint32_t> leaf_topics;  // Leaf::topic by leaf: what the candidate loop reads
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
