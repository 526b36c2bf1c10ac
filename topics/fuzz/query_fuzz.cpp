// libFuzzer target for parse_query (built with -DVIGIL_FUZZ=ON and clang-19; see scripts/fuzz).
// Seeds: tests/fixtures/fuzz/query/. Besides crashes and sanitizer reports, it traps when a
// parsed tree breaks the promises of topics/query.hpp, or an error has no message or a column
// outside the query.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <variant>

#include "text/utf8.hpp"
#include "topics/query.hpp"

namespace {

using namespace vigil::topics::query;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

template <typename Leaf>
void check_words(const Leaf& leaf) {
  require(!leaf.text.empty() && leaf.column >= 1);
  require(!leaf.words.empty());
  for (const auto& word : leaf.words) require(!word.empty());
  for (const auto& word : leaf.joined) require(!word.empty());
  require(leaf.joined.empty() || leaf.joined.size() < leaf.words.size());
}

bool is_word_or_phrase(const Node& node) {
  return std::holds_alternative<Term>(node.value) || std::holds_alternative<Phrase>(node.value);
}

void check(const Node& node, bool root) {
  std::visit(
      [&](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, Term> || std::is_same_v<T, Phrase>) {
          check_words(value);
        } else if constexpr (std::is_same_v<T, Regex>) {
          require(!value.pattern.empty() && value.column >= 1);
        } else if constexpr (std::is_same_v<T, All>) {
          require(root);
        } else if constexpr (std::is_same_v<T, And> || std::is_same_v<T, Or>) {
          require(value.operands.size() >= 2);
          for (const auto& operand : value.operands) {
            require(!std::holds_alternative<T>(operand.value));  // flattened
            check(operand, false);
          }
        } else if constexpr (std::is_same_v<T, Not>) {
          require(value.operand.size() == 1);
          check(value.operand.front(), false);
        } else {
          require(value.operands.size() == 2);
          require(value.distance >= 1 && value.column >= 1);
          for (const auto& side : value.operands) {
            if (const auto* alternatives = std::get_if<Or>(&side.value)) {
              for (const auto& operand : alternatives->operands) require(is_word_or_phrase(operand));
            } else {
              require(is_word_or_phrase(side));
            }
            check(side, false);
          }
        }
      },
      node.value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = vigil::topics::parse_query(text);
  if (parsed) {
    check(parsed->root, true);
  } else {
    require(!parsed.error().message.empty());
    require(parsed.error().column >= 1 && parsed.error().column <= vigil::text::utf8_length(text) + 1);
  }
  return 0;
}
