#include "daemon/log_sinks.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/base_sink.h>

namespace vigil::log {

namespace {

std::string_view level_name(spdlog::level::level_enum level) {
  const auto name = spdlog::level::to_string_view(level);
  return {name.data(), name.size()};
}

// "2024-05-01T12:00:00.123Z"
std::string rfc3339_millis(spdlog::log_clock::time_point time) {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, (since_epoch - seconds).count());
}

// Passes each message on with its payload redacted. Stateless apart from the shared secrets,
// so it needs no lock of its own; the inner sink keeps its own.
class RedactingSink final : public spdlog::sinks::sink {
 public:
  RedactingSink(spdlog::sink_ptr inner, const SecretSet& secrets) : inner_(std::move(inner)), secrets_(secrets) {
    inner_->set_level(spdlog::level::trace);  // the logger and this sink decide what passes
  }

  void log(const spdlog::details::log_msg& msg) override {
    const auto secrets = secrets_.snapshot();
    if (secrets->empty()) return inner_->log(msg);
    const std::string clean = redact({msg.payload.data(), msg.payload.size()}, *secrets);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(clean.data(), clean.size());
    inner_->log(copy);
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  spdlog::sink_ptr inner_;
  const SecretSet& secrets_;
};

class JsonSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit JsonSink(std::FILE* out) : out_(out) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string line = json_line(msg.time, msg.level, {msg.payload.data(), msg.payload.size()}, current_fields());
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
  }
  void flush_() override { std::fflush(out_); }

 private:
  std::FILE* out_;
};

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string_view message(msg.payload.data(), msg.payload.size());
    const auto entry = journal_entry(msg.level, message, current_fields());
    std::vector<iovec> vectors;
    vectors.reserve(entry.size());
    for (const auto& field : entry)
      vectors.push_back({const_cast<char*>(field.data()), field.size()});  // sendv only reads them
    if (sd_journal_sendv(vectors.data(), static_cast<int>(vectors.size())) >= 0) return;
    // The journal socket is gone (journald restarting): stderr is the journal's stream, which
    // reads a leading "<N>" as the priority.
    const std::string line = fmt::format("<{}>{}\n", syslog_priority(msg.level), message);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override {}
};

}  // namespace

int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return 7;  // LOG_DEBUG
    case spdlog::level::info: return 6;   // LOG_INFO
    case spdlog::level::warn: return 4;   // LOG_WARNING
    case spdlog::level::err: return 3;    // LOG_ERR
    case spdlog::level::critical: return 2;  // LOG_CRIT
    default: return 6;
  }
}

bool journal_stream_matches(std::string_view journal_stream, std::uint64_t device, std::uint64_t inode) {
  const auto colon = journal_stream.find(':');
  if (colon == std::string_view::npos) return false;
  const auto number = [](std::string_view text, std::uint64_t& out) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return !text.empty() && ec == std::errc{} && ptr == end;
  };
  std::uint64_t stream_device = 0, stream_inode = 0;
  return number(journal_stream.substr(0, colon), stream_device) &&
         number(journal_stream.substr(colon + 1), stream_inode) && stream_device == device && stream_inode == inode;
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  struct stat st{};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return journal_stream_matches(stream, st.st_dev, st.st_ino);
}

std::string redact(std::string_view text, const std::vector<std::string>& secrets) {
  std::vector<bool> hidden;  // allocated only once a secret is found
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string_view::npos; at = text.find(secret, at + 1)) {
      if (hidden.empty()) hidden.assign(text.size(), false);
      std::fill_n(hidden.begin() + static_cast<std::ptrdiff_t>(at), secret.size(), true);
    }
  }
  if (hidden.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!hidden[i]) {
      out += text[i];
    } else if (i == 0 || !hidden[i - 1]) {
      out += "***";
    }
  }
  return out;
}

void SecretSet::add(const std::vector<std::string>& secrets) {
  std::lock_guard lock(mutex_);
  auto merged = std::make_shared<std::vector<std::string>>(*secrets_);
  for (const auto& secret : secrets)
    if (!secret.empty() && std::find(merged->begin(), merged->end(), secret) == merged->end())
      merged->push_back(secret);
  secrets_ = std::move(merged);
}

std::shared_ptr<const std::vector<std::string>> SecretSet::snapshot() const {
  std::lock_guard lock(mutex_);
  return secrets_;
}

SecretSet& registered_secrets() {
  static SecretSet secrets;
  return secrets;
}

spdlog::sink_ptr redacting(spdlog::sink_ptr inner, const SecretSet& secrets) {
  return std::make_shared<RedactingSink>(std::move(inner), secrets);
}

std::string json_line(spdlog::log_clock::time_point time, spdlog::level::level_enum level, std::string_view message,
                      const Fields& fields) {
  nlohmann::ordered_json line;
  line["time"] = rfc3339_millis(time);
  line["level"] = level_name(level);
  line["message"] = message;
  if (!fields.source.empty()) line["source"] = fields.source;
  if (!fields.topic.empty()) line["topic"] = fields.topic;
  if (!fields.channel.empty()) line["channel"] = fields.channel;
  // Feed text and server replies are hostile: bytes that are not UTF-8 become U+FFFD rather
  // than a throw; nlohmann escapes control characters as \u00XX.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<std::string> journal_entry(spdlog::level::level_enum level, std::string_view message,
                                       const Fields& fields) {
  std::vector<std::string> entry;
  entry.push_back(fmt::format("MESSAGE={}", message));
  entry.push_back(fmt::format("PRIORITY={}", syslog_priority(level)));
  entry.emplace_back("SYSLOG_IDENTIFIER=vigil");
  if (!fields.source.empty()) entry.push_back(fmt::format("VIGIL_SOURCE={}", fields.source));
  if (!fields.topic.empty()) entry.push_back(fmt::format("VIGIL_TOPIC={}", fields.topic));
  if (!fields.channel.empty()) entry.push_back(fmt::format("VIGIL_CHANNEL={}", fields.channel));
  return entry;
}

spdlog::sink_ptr make_json_sink(std::FILE* out) { return std::make_shared<JsonSink>(out); }

spdlog::sink_ptr make_journal_sink() { return std::make_shared<JournalSink>(); }

}  // namespace vigil::log
