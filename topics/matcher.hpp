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

struct TopicError {
  std::string topic;
  QueryError error;
};

class Matcher {
 public:
  static std::expected<Matcher, TopicError> compile(const std::vector<TopicSpec>& topics);
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

  // Every topic the item matches, in configuration order. Thread-safe (const).
  //
  // The title is read as plain text, the summary and content as HTML (text/html.hpp, whitespace as written);
  // each is tokenized once for all topics (topics/normalize.hpp) and a phrase must lie within
  // one of them. Match::terms lists the terms that fired, each once, in query order, exactly
  // as written in the query: a word as typed (`Landmine`), a phrase with its quotes
  // (`"land mine"`, or `«мины»` if written so).
  std::vector<Match> match(const Item& item) const;

 private:
  struct Impl;
  explicit Matcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::topics
