#include "daemon/service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <utility>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace vigil::daemon {

namespace {

// One line: a newline would start another assignment of the notify message.
std::string one_line(std::string_view text) {
  std::string line(text);
  for (auto& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

}  // namespace

ServiceNotifier::ServiceNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  active_ = socket != nullptr && *socket != '\0';
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
  if (active_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) watchdog_ = std::chrono::microseconds(usec);
}

void ServiceNotifier::send(const std::string& message) {
  if (!active_) return;
  // unset_environment = 0: later messages (STATUS=, WATCHDOG=1) use the same socket.
  if (const int sent = sd_notify(0, message.c_str()); sent < 0)
    spdlog::debug("sd_notify: {}", std::strerror(-sent));
}

void ServiceNotifier::ready(std::string_view status) {
  last_status_ = one_line(status);
  send("READY=1\nSTATUS=" + last_status_);
}

void ServiceNotifier::reloading(std::string_view status) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const auto usec = static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
  last_status_ = one_line(status);
  send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}\nSTATUS={}", usec, last_status_));
}

void ServiceNotifier::stopping(std::string_view status) {
  last_status_ = one_line(status);
  send("STOPPING=1\nSTATUS=" + last_status_);
}

void ServiceNotifier::status(std::string_view text) {
  auto line = one_line(text);
  if (line == last_status_) return;
  last_status_ = std::move(line);
  send("STATUS=" + last_status_);
}

void ServiceNotifier::watchdog_ping() {
  if (watchdog_) send("WATCHDOG=1");
}

std::string status_line(const ServiceCounts& counts) {
  auto line = fmt::format("{} source{}, {} failing, {} alert{} pending", counts.sources, counts.sources == 1 ? "" : "s",
                          counts.failing, counts.pending, counts.pending == 1 ? "" : "s");
  if (counts.dead > 0) line += fmt::format(", {} dead", counts.dead);
  return line;
}

StatusReporter::StatusReporter(boost::asio::io_context& io, boost::asio::thread_pool& cpu, store::Store& store,
                               ServiceNotifier& notifier, LocalCounts local, std::chrono::milliseconds every)
    : io_(io), cpu_(cpu), store_(store), notifier_(notifier), local_(std::move(local)), every_(every), timer_(io) {}

void StatusReporter::changed() {
  if (!notifier_.active() || stopped_) return;
  if (refreshing_) {
    again_ = true;
    return;
  }
  if (scheduled_) return;
  scheduled_ = true;
  const auto due = last_refresh_ + every_;
  timer_.expires_at(std::max(due, std::chrono::steady_clock::now()));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    scheduled_ = false;
    if (!ec) refresh();
  });
}

void StatusReporter::check() {
  if (!notifier_.active()) return;
  const auto now = local_();
  if (now.sources != last_local_.sources || now.failing != last_local_.failing || now.settled != last_local_.settled)
    changed();
}

void StatusReporter::release() {
  held_ = false;
  changed();
}

void StatusReporter::stop() {
  stopped_ = true;
  timer_.cancel();
}

void StatusReporter::refresh() {
  if (stopped_) return;
  if (held_) return;  // release() asks again
  refreshing_ = true;
  last_refresh_ = std::chrono::steady_clock::now();
  last_local_ = local_();
  boost::asio::post(cpu_, [this, counts = last_local_, note = note_]() mutable {
    auto tallies = store_.tally_alerts();
    if (tallies) {
      for (const auto& t : *tallies) {
        if (t.state == store::AlertState::dead) counts.dead += t.count;
        else if (t.state != store::AlertState::delivered) counts.pending += t.count;
      }
    }
    boost::asio::post(io_, [this, counts, note = std::move(note), ok = tallies.has_value()] {
      refreshing_ = false;
      if (stopped_) return;
      if (ok && !held_) notifier_.status(note.empty() ? status_line(counts) : status_line(counts) + "; " + note);
      if (std::exchange(again_, false)) changed();
    });
  });
}

}  // namespace vigil::daemon
