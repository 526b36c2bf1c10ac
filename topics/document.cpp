#include "topics/document.hpp"

#include <algorithm>

#include "text/html.hpp"

namespace vigil::topics::detail {
namespace {

void index_positions(FieldText& field) {
  std::size_t positions = 0;
  field.max_span = 1;
  for (const auto& token : field.tokens) {
    positions = std::max(positions, token.position + token.span);
    field.max_span = std::max(field.max_span, token.span);
  }
  field.first_at.assign(positions + 1, static_cast<std::uint32_t>(field.tokens.size()));
  for (std::size_t t = field.tokens.size(); t-- > 0;)
    field.first_at[field.tokens[t].position] = static_cast<std::uint32_t>(t);
  // Every position has its plain token, but keep the table monotonic whatever tokenize gives.
  for (std::size_t p = positions; p-- > 0;)
    field.first_at[p] = std::min(field.first_at[p], field.first_at[p + 1]);
}

}  // namespace

void read_document(const Item& item, const Compiled& compiled, Document& out) {
  // Summary and content are HTML; one line of text each, so snippets read cleanly.
  constexpr text::HtmlTextOptions html{.layout = text::TextLayout::one_line};
  out.fields[kTitle].text = item.title;
  out.fields[kSummary].text = text::html_to_text(item.summary, html);
  out.fields[kContent].text = text::html_to_text(item.content, html);

  auto& table = WordTable::for_item(compiled, item);
  for (auto& field : out.fields) {
    field.tokens = text::tokenize(field.text);
    index_positions(field);
    const std::size_t count = field.tokens.size();
    field.words.resize(count);
    field.anchoring.clear();
    // The table outgrows the caches: fetch each word's slot eight tokens ahead and its entry
    // four ahead, so the misses overlap instead of stalling one after another.
    constexpr std::size_t kSlotAhead = 8;
    constexpr std::size_t kEntryAhead = 4;
    auto& hashes = field.hashes;
    hashes.resize(count);
    for (std::size_t t = 0; t < std::min(count, kSlotAhead); ++t) {
      hashes[t] = WordTable::hash(field.tokens[t].word);
      table.prefetch_slot(hashes[t]);
    }
    for (std::size_t t = 0; t < count; ++t) {
      if (t + kSlotAhead < count) {
        hashes[t + kSlotAhead] = WordTable::hash(field.tokens[t + kSlotAhead].word);
        table.prefetch_slot(hashes[t + kSlotAhead]);
      }
      if (t + kEntryAhead < count) table.prefetch_entry(hashes[t + kEntryAhead]);
      field.words[t] = &table.entry(field.tokens[t].word, hashes[t]);
      if (!field.words[t]->anchored.empty()) field.anchoring.push_back(static_cast<std::uint32_t>(t));
    }
  }
}

}  // namespace vigil::topics::detail
