#include "daemon/logging.hpp"

#include <atomic>
#include <utility>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/log_sinks.hpp"

namespace vigil::log {

namespace {

thread_local Fields current;  // see the header: fields for the duration of one spdlog call
std::atomic<bool> plain_text_stderr{true};

spdlog::level::level_enum spdlog_level(Level level) {
  switch (level) {
    case Level::trace: return spdlog::level::trace;
    case Level::debug: return spdlog::level::debug;
    case Level::info: return spdlog::level::info;
    case Level::warn: return spdlog::level::warn;
    case Level::error: return spdlog::level::err;
    case Level::critical: return spdlog::level::critical;
  }
  return spdlog::level::info;
}

spdlog::sink_ptr destination(Format format) {
  plain_text_stderr = false;
  if (format == Format::json) return make_json_sink(stderr);
  if (stderr_is_journal()) return make_journal_sink();
  plain_text_stderr = true;
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  return sink;
}

}  // namespace

const Fields& current_fields() { return current; }

void set_up_logging(std::string_view level, Format format) {
  auto logger = std::make_shared<spdlog::logger>("vigil", redacting(destination(format), registered_secrets()));
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(std::move(logger));
}

bool stderr_is_plain_text() { return plain_text_stderr; }

void add_secrets(const std::vector<std::string>& secrets) { registered_secrets().add(secrets); }

bool enabled(Level level) { return spdlog::default_logger_raw()->should_log(spdlog_level(level)); }

void write(Level level, const Fields& fields, std::string_view text) {
  // Restored afterwards, so a log call made while another is being written (a sink's own
  // error) cannot leave fields behind.
  const Fields outer = std::exchange(current, fields);
  spdlog::default_logger_raw()->log(spdlog_level(level), spdlog::string_view_t(text.data(), text.size()));
  current = outer;
}

Subject::Subject(Kind kind, std::string_view name) : kind_(kind) {
  switch (kind) {
    case Kind::source: fields_.source = name; break;
    case Kind::topic: fields_.topic = name; break;
    case Kind::channel: fields_.channel = name; break;
  }
}

Subject Subject::with_source(std::string_view name) const {
  Subject out = *this;
  out.fields_.source = name;
  return out;
}

std::string Subject::prefix() const {
  switch (kind_) {
    case Kind::source: return fmt::format("source {}: ", fields_.source);
    case Kind::topic: return fmt::format("topic \"{}\": ", fields_.topic);
    case Kind::channel: return fmt::format("channel {}: ", fields_.channel);
  }
  return {};
}

}  // namespace vigil::log
