#pragma once
// The pieces behind daemon/logging.hpp, exposed for its tests: the spdlog sinks (journal, JSON
// lines), the redaction every sink applies, and the small pure functions they are built from.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>
#include <spdlog/sinks/sink.h>

#include "daemon/logging.hpp"

namespace vigil::log {

// The fields of the message being logged on this thread (empty outside Subject calls).
const Fields& current_fields();

// syslog(3) priorities, as journald's PRIORITY= wants them: trace and debug 7, info 6, warn 4,
// error 3, critical 2.
int syslog_priority(spdlog::level::level_enum level);

// Whether JOURNAL_STREAM's value ("DEVICE:INODE", decimal) names this device and inode.
bool journal_stream_matches(std::string_view journal_stream, std::uint64_t device, std::uint64_t inode);
// Whether stderr is connected to the journal (systemd.exec(5), "JOURNAL_STREAM").
bool stderr_is_journal();

// `text` with every occurrence of every secret replaced by "***"; overlapping or adjacent
// occurrences become one "***". Empty secrets are ignored.
std::string redact(std::string_view text, const std::vector<std::string>& secrets);

// The registered secrets: added to at config load, read by every sink on every line.
class SecretSet {
 public:
  void add(const std::vector<std::string>& secrets);
  std::shared_ptr<const std::vector<std::string>> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<std::string>> secrets_ = std::make_shared<std::vector<std::string>>();
};
SecretSet& registered_secrets();

// Wraps `inner` so it only ever sees messages with `secrets` replaced by "***".
spdlog::sink_ptr redacting(spdlog::sink_ptr inner, const SecretSet& secrets);

// One JSON object (no newline): {"time", "level", "message"} and, when set, "source", "topic",
// "channel". Invalid UTF-8 becomes U+FFFD; control characters are escaped.
std::string json_line(spdlog::log_clock::time_point time, spdlog::level::level_enum level, std::string_view message,
                      const Fields& fields);

// The journal entry of one message: "MESSAGE=...", "PRIORITY=N", "SYSLOG_IDENTIFIER=vigil" and
// the VIGIL_SOURCE=/VIGIL_TOPIC=/VIGIL_CHANNEL= fields that are set.
std::vector<std::string> journal_entry(spdlog::level::level_enum level, std::string_view message,
                                       const Fields& fields);

// JSON lines written to `out` (stderr in the daemon), flushed after each.
spdlog::sink_ptr make_json_sink(std::FILE* out);
// Native journal entries (sd_journal_sendv); when the journal refuses one, a "<N>message" line
// on stderr, which journald's stream reader understands.
spdlog::sink_ptr make_journal_sink();

}  // namespace vigil::log
