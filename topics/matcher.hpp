#pragma once
// The topic query language and the compiled matcher for all topics.
#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "model/match.hpp"
#include "topics/query.hpp"  // QueryError
#include "topics/topic_spec.hpp"

namespace vigil::topics {

// Checks a query without compiling a matcher (used by config validation).
std::expected<void, QueryError> check_query(std::string_view query);

class Matcher {
 public:
  static std::expected<Matcher, TopicError> compile(const std::vector<TopicSpec>& topics);
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

  // Every topic the item matches, in configuration order. Thread-safe (const).
  //
  // The title is read as plain text, the summary and content as HTML (text/html.hpp); each is
  // tokenized once for all topics (text/words.hpp), its words stemmed once in each
  // language some topic needs (topics/stem.hpp), and a phrase or NEAR must lie within one
  // field. A topic with `sources` only sees items of those sources.
  //
  // Each Match explains itself: `terms` lists the positive terms that made the query true, each
  // once, in query order, exactly as written (`Landmine`, `"land mine"`, `mine*`, `/regex/i`);
  // `score` adds, per such term and field, weight × (1 + ln hits) with weight 3 in the title
  // and 1 in the body (the larger of summary's and content's hit counts), so repeated hits
  // add with diminishing returns; a topic with `min_score` matches only from that score on.
  // `snippet` is about 200 characters of the body (else the title) around the densest hits,
  // with `highlights` on them; for the query `*`, the start of the body without highlights.
  std::vector<Match> match(const Item& item) const;

 private:
  struct Impl;
  explicit Matcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::topics
