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
  std::vector<Match> match(const Item& item) const;

 private:
  struct Impl;
  explicit Matcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::topics
