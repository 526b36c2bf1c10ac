#pragma once
// Items for the matcher tests: a title, and summary and content as HTML.
#include <string>

#include "model/item.hpp"

namespace vigil::topics::test {

inline Item item(std::string title, std::string summary = {}, std::string content = {}) {
  Item result;
  result.id = "item";
  result.title = std::move(title);
  result.summary = std::move(summary);
  result.content = std::move(content);
  return result;
}

}  // namespace vigil::topics::test
