// [dedup]: how near two items must be to count as one story.
#include <cmath>

#include "config/schema.hpp"
#include "config/sections.hpp"

namespace vigil::config::detail {

namespace {

using Rule = KeyRule<dedup::DedupOptions>;

std::optional<double> fraction(Reader& reader, const toml::node& value) {
  const auto number = reader.number(value, "a number between 0 and 1");
  if (!number) return std::nullopt;
  if (!(*number > 0 && *number <= 1)) {
    reader.value_error(value, fmt::format("expected a number above 0 and at most 1, got {}", *number));
    return std::nullopt;
  }
  return number;
}

void apply_window(Reader& reader, const toml::node& value, dedup::DedupOptions& out) {
  if (auto window = reader.duration(value, /*zero_allowed=*/false)) out.window = *window;
}

void apply_threshold(Reader& reader, const toml::node& value, dedup::DedupOptions& out) {
  if (auto threshold = fraction(reader, value)) out.threshold = *threshold;
}

void apply_title_threshold(Reader& reader, const toml::node& value, dedup::DedupOptions& out) {
  if (auto threshold = fraction(reader, value)) out.title_threshold = *threshold;
}

void apply_short_window(Reader& reader, const toml::node& value, dedup::DedupOptions& out) {
  if (auto window = reader.duration(value, /*zero_allowed=*/false)) out.short_window = *window;
}

constexpr Rule kDedupKeys[] = {
    {.key = "window", .type = "duration", .default_toml = R"("14d")",
     .doc = "how far apart in time two items of one story may be", .apply = apply_window},
    {.key = "threshold", .type = "number in (0, 1]", .default_toml = "0.6",
     .doc = "near-duplicate texts: estimated share of common word shingles (Jaccard) from which "
            "two items are one story; higher merges less",
     .apply = apply_threshold},
    {.key = "title_threshold", .type = "number in (0, 1]", .default_toml = "0.75",
     .doc = "short items (title-only feeds): share of common title words from which two are one story",
     .apply = apply_title_threshold},
    {.key = "short_window", .type = "duration", .default_toml = R"("2d")",
     .doc = "short items: how close in time two of one story must be", .apply = apply_short_window},
};

}  // namespace

void read_dedup(Reader& reader, const toml::table& table, dedup::DedupOptions& out) {
  reader.enter("[dedup]");
  read_keys<dedup::DedupOptions>(reader, table, kDedupKeys, out);
}

void append_dedup_docs(std::vector<KeyDoc>& docs) {
  append_docs<dedup::DedupOptions>(docs, "[dedup]", kDedupKeys);
}

}  // namespace vigil::config::detail
