#include "topics/document.hpp"

#include <algorithm>

#include "text/html.hpp"
#include "text/utf8.hpp"
#include "topics/scratch.hpp"

namespace vigil::topics::detail {
namespace {

void index_positions(FieldText& field) {
  std::size_t positions = 0;
  field.max_span = 1;
  for (const auto& token : field.tokens.tokens) {
    positions = std::max(positions, token.position + token.span);
    field.max_span = std::max(field.max_span, token.span);
  }
  field.first_at.assign(positions + 1, static_cast<std::uint32_t>(field.tokens.size()));
  for (std::size_t t = field.tokens.size(); t-- > 0;)
    field.first_at[field.token(t).position] = static_cast<std::uint32_t>(t);
  // Every position has its plain token, but keep the table monotonic whatever tokenize gives.
  for (std::size_t p = positions; p-- > 0;)
    field.first_at[p] = std::min(field.first_at[p], field.first_at[p + 1]);
}

}  // namespace

void read_document(const Item& item, const Compiled& compiled, Document& out) {
  // Summary and content are HTML; one line of text each, so snippets read cleanly.
  constexpr text::HtmlTextOptions html{.layout = text::TextLayout::one_line};
  for (auto& field : out.fields) {
    release_if_large(field.text);
    release_if_large(field.tokens.tokens);
    release_if_large(field.tokens.words);
    release_if_large(field.first_at);
    release_if_large(field.words);
    release_if_large(field.anchoring);
    release_if_large(field.hashes);
  }
  out.fields[kTitle].text = item.title;
  text::html_to_text(item.summary, html, out.fields[kSummary].text);
  text::html_to_text(item.content, html, out.fields[kContent].text);

  auto& table = WordTable::for_item(compiled, item);
  for (auto& field : out.fields) {
    field.facts.ascii = text::is_ascii(field.text);
    field.facts.valid_utf8 = field.facts.ascii || text::is_valid_utf8(field.text);
    text::tokenize(field.text, field.tokens);
    index_positions(field);
    const std::size_t count = field.tokens.size();
    field.words.resize(count);
    field.anchoring.clear();
    // The table outgrows the L1 and L2 caches: fetch each word's probe eight tokens ahead, so
    // the misses overlap instead of stalling one after another.
    constexpr std::size_t kAhead = 8;
    auto& hashes = field.hashes;
    hashes.resize(count);
    for (std::size_t t = 0; t < std::min(count, kAhead); ++t) {
      hashes[t] = WordTable::hash(field.tokens.word(t));
      table.prefetch_slot(hashes[t]);
    }
    for (std::size_t t = 0; t < count; ++t) {
      if (t + kAhead < count) {
        hashes[t + kAhead] = WordTable::hash(field.tokens.word(t + kAhead));
        table.prefetch_slot(hashes[t + kAhead]);
      }
      const auto found = table.find(field.tokens.word(t), hashes[t]);
      field.words[t] = found.entry;
      if (found.anchors) {
        field.anchoring.push_back(static_cast<std::uint32_t>(t));
        __builtin_prefetch(&found.entry->anchored);  // find_occurrences reads it
      }
    }
  }
}

}  // namespace vigil::topics::detail
