#include "config/reader.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "config/checks.hpp"

namespace vigil::config {

std::string Diagnostic::to_string() const {
  const char* label = severity == Severity::error ? "error" : "warning";
  if (line == 0) return fmt::format("{}: {}", label, message);
  return fmt::format("{}:{}:{}: {}: {}", file, line, column, label, message);
}

namespace detail {

Reader::Reader(std::string file, std::filesystem::path base_dir)
    : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

void Reader::add(Diagnostic::Severity severity, const Where& where, std::string message) {
  if (severity == Diagnostic::Severity::error) ++errors_;
  diagnostics_.push_back(Diagnostic{severity, file_, static_cast<int>(where.begin.line),
                                    static_cast<int>(where.begin.column), std::move(message)});
}

void Reader::error(const Where& where, std::string message) {
  add(Diagnostic::Severity::error, where, std::move(message));
}

void Reader::warning(const Where& where, std::string message) {
  add(Diagnostic::Severity::warning, where, std::move(message));
}

void Reader::error_without_position(std::string message) {
  add(Diagnostic::Severity::error, Where{}, std::move(message));
}

void Reader::value_error(const toml::node& value, std::string_view what) {
  error(value.source(), fmt::format("key \"{}\" in {}: {}", key_, section_, what));
}

void Reader::value_warning(const toml::node& value, std::string_view what) {
  warning(value.source(), fmt::format("key \"{}\" in {}: {}", key_, section_, what));
}

void Reader::type_error(const toml::node& value, std::string_view expected) {
  value_error(value, fmt::format("expected {}, got {}", expected, type_name(value)));
}

std::optional<std::string> Reader::string(const toml::node& value) {
  if (const auto* text = value.as_string()) return text->get();
  type_error(value, "a string");
  return std::nullopt;
}

std::optional<std::string> Reader::secret_file(const toml::node& value) {
  const auto path = plain_string(value, "a file path");
  if (!path) return std::nullopt;
  auto secret = detail::read_secret_file(base_dir_ / *path);  // an absolute path stays itself
  if (!secret) {
    value_error(value, secret.error());
    return std::nullopt;
  }
  return std::move(*secret);
}

std::optional<std::string> Reader::plain_string(const toml::node& value,
                                                std::string_view expected) {
  const auto* text = value.as_string();
  if (text == nullptr) {
    type_error(value, expected);
    return std::nullopt;
  }
  if (text->get().empty() || has_control_characters(text->get())) {
    value_error(value, fmt::format("expected {}, got {}", expected, quote_value(text->get())));
    return std::nullopt;
  }
  return text->get();
}

std::optional<double> Reader::number(const toml::node& value, std::string_view expected) {
  if (const auto* integer = value.as_integer()) return static_cast<double>(integer->get());
  if (const auto* floating = value.as_floating_point()) return floating->get();
  type_error(value, expected);
  return std::nullopt;
}

std::optional<std::int64_t> Reader::integer_at_least(const toml::node& value,
                                                     std::int64_t minimum) {
  const auto expected = fmt::format("an integer >= {}", minimum);
  const auto* number = value.as_integer();
  if (number == nullptr) {
    type_error(value, expected);
    return std::nullopt;
  }
  if (number->get() < minimum) {
    value_error(value, fmt::format("expected {}, got {}", expected, number->get()));
    return std::nullopt;
  }
  return number->get();
}

std::optional<bool> Reader::boolean(const toml::node& value) {
  if (const auto* flag = value.as_boolean()) return flag->get();
  type_error(value, "a boolean (true or false)");
  return std::nullopt;
}

std::optional<std::chrono::seconds> Reader::duration(const toml::node& value,
                                                     bool zero_allowed) {
  constexpr std::string_view expected = R"(a duration like "10m" or "1h30m")";
  if (const auto* number = value.as_integer()) {
    // A bare number is ambiguous (seconds? minutes?): say how to write it instead.
    value_error(value, fmt::format("expected {}, got an integer (durations are strings: \"{}s\")",
                                   expected, number->get()));
    return std::nullopt;
  }
  const auto* text = value.as_string();
  if (text == nullptr) {
    type_error(value, expected);
    return std::nullopt;
  }
  const auto parsed = parse_duration(text->get());
  if (!parsed) {
    value_error(value, fmt::format("expected {}, got {}", expected, quote_value(text->get())));
    return std::nullopt;
  }
  if (!zero_allowed && parsed->count() == 0) {
    value_error(value, fmt::format("expected a duration above zero, got {}", quote_value(text->get())));
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::size_t> Reader::size(const toml::node& value) {
  constexpr std::string_view expected = R"(a size like "16MiB" or "512KiB", or a number of bytes)";
  if (const auto* number = value.as_integer()) {
    if (number->get() >= 1) return static_cast<std::size_t>(number->get());
    value_error(value, fmt::format("expected {}, got {}", expected, number->get()));
    return std::nullopt;
  }
  const auto* text = value.as_string();
  if (text == nullptr) {
    type_error(value, expected);
    return std::nullopt;
  }
  const auto parsed = parse_size(text->get());
  if (!parsed) value_error(value, fmt::format("expected {}, got {}", expected, quote_value(text->get())));
  return parsed;
}

const toml::array* Reader::non_empty_array(const toml::node& value, std::string_view expected) {
  const auto* array = value.as_array();
  if (array == nullptr) {
    type_error(value, expected);
    return nullptr;
  }
  if (array->empty()) {
    value_error(value, fmt::format("expected {}, got an empty array", expected));
    return nullptr;
  }
  return array;
}

std::vector<Diagnostic> Reader::take_diagnostics() {
  // File order; a finding without position (the file itself) comes first.
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                   });
  return std::move(diagnostics_);
}

std::string_view type_name(const toml::node& value) {
  switch (value.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::none: break;
  }
  return "nothing";
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

std::string quote_value(std::string_view value) {
  constexpr std::size_t kMaxBytes = 60;
  bool shortened = false;
  if (value.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    // Never cut a UTF-8 sequence in half.
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    value = value.substr(0, cut);
    shortened = true;
  }
  std::string out = "\"";
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += shortened ? "...\"" : "\"";
  return out;
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// neighbours each cost one ("intreval" is one edit from "interval").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  // Short words get one edit: two would turn "to" into almost anything.
  const std::size_t allowed = std::min<std::size_t>(2, std::max<std::size_t>(1, word.size() / 3));
  std::optional<std::string_view> best;
  std::size_t best_distance = allowed + 1;
  for (auto candidate : candidates) {
    const auto distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string suggestion(std::string_view word, std::span<const std::string_view> candidates) {
  const auto best = closest(word, candidates);
  return best ? fmt::format("; did you mean \"{}\"?", *best) : std::string{};
}

}  // namespace detail
}  // namespace vigil::config
