#pragma once
// Where vigil's log lines go, which fields they carry, and the secrets they never show.
//
// Destinations (set_up_logging):
//   - under systemd, when stderr is the journal stream (JOURNAL_STREAM names stderr's
//     device:inode, as systemd.exec(5) says), native journal entries with PRIORITY= and the
//     fields below;
//   - otherwise readable lines on stderr ("2024-05-01 12:00:00.123 warning source x: ...");
//   - with Format::json, one JSON object per line on stderr, for log shippers (under systemd
//     too: the journal then keeps each JSON line as a MESSAGE).
// Config diagnostics, printed as they are on a plain stderr, are logged in the other two.
// Every destination replaces each registered secret (add_secrets) with "***", whoever logged it.
//
// Fields: a message about one source, topic or channel carries its name as a field
// (VIGIL_SOURCE=, VIGIL_TOPIC=, VIGIL_CHANNEL= in the journal; "source", "topic", "channel" in
// JSON), set explicitly by the caller:
//
//     log::for_source(source.name).warn("{} (failure {} in a row)", error, failures);
//     // text: "source NAME: ERROR (failure 3 in a row)", field VIGIL_SOURCE=NAME
//
// Why explicit and not read back from the text ("source NAME: ..."): names are any non-empty
// string without control characters, so "source a: b: c" cannot be split exactly (is the name
// "a" or "a: b"?), while the caller knows the name for certain. The subject also writes the
// prefix, so the text and the field never disagree. spdlog 1.10 has no MDC and its log_msg has no
// room for fields: the fields ride in a thread-local set for the duration of the synchronous
// spdlog call (vigil never uses spdlog's async logger, whose sinks run on another thread).
// Plain spdlog:: calls still work and go through the same sinks and redaction, without fields.
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace vigil::log {

enum class Format { text, json };
enum class Level { trace, debug, info, warn, error, critical };

// Makes the default spdlog logger write to the journal, stderr lines or JSON lines (see above),
// at `level` ("trace", "debug", "info", "warn", "error", "critical" or "off").
void set_up_logging(std::string_view level, Format format);

// Whether stderr carries lines for people: the text format outside the journal. Otherwise
// (JSON lines, the journal) what would be printed there, such as config diagnostics, is logged
// instead, so every line keeps the destination's shape. True before set_up_logging.
bool stderr_is_plain_text();

// Values that every log destination replaces with "***" (passwords, tokens, ...: see
// config::secrets_of). Adds to the ones already registered and never forgets any: a secret
// rotated away by a reload must not appear either. Thread-safe.
void add_secrets(const std::vector<std::string>& secrets);

// What a message is about; empty views are absent fields.
struct Fields {
  std::string_view source{};
  std::string_view topic{};
  std::string_view channel{};
};

bool enabled(Level level);
// Logs `text` (already formatted) with `fields` attached.
void write(Level level, const Fields& fields, std::string_view text);

// A message's subject: writes the prefix ("source NAME: ", "topic \"NAME\": ",
// "channel NAME: ") and attaches the field. It keeps views of the names: use it within one
// expression (log::for_channel(c).with_source(s).info(...)).
class Subject {
 public:
  enum class Kind { source, topic, channel };
  Subject(Kind kind, std::string_view name);

  // Also attaches a source's field, without adding to the prefix (a channel's message about an
  // alert from that source).
  Subject with_source(std::string_view name) const;

  template <typename... Args>
  void trace(fmt::format_string<Args...> format, Args&&... args) const {
    emit(Level::trace, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void debug(fmt::format_string<Args...> format, Args&&... args) const {
    emit(Level::debug, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) const {
    emit(Level::info, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) const {
    emit(Level::warn, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) const {
    emit(Level::error, format, std::forward<Args>(args)...);
  }

  // The text this subject puts before a message: "source NAME: ".
  std::string prefix() const;

 private:
  template <typename... Args>
  void emit(Level level, fmt::format_string<Args...> format, Args&&... args) const {
    if (!enabled(level)) return;  // a debug line costs no formatting when debug is off
    std::string text = prefix();
    fmt::format_to(std::back_inserter(text), format, std::forward<Args>(args)...);
    write(level, fields_, text);
  }

  Kind kind_;
  Fields fields_;
};

inline Subject for_source(std::string_view name) { return {Subject::Kind::source, name}; }
inline Subject for_topic(std::string_view name) { return {Subject::Kind::topic, name}; }
inline Subject for_channel(std::string_view name) { return {Subject::Kind::channel, name}; }

}  // namespace vigil::log
