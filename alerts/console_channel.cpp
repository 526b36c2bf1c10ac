#include "alerts/console_channel.hpp"

#include <utility>

#include "alerts/alert_text.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {
constexpr std::size_t kConsoleSummaryChars = 300;
}

std::string render_console(const Alert& alert) {
  const AlertText t = alert_text(alert, kConsoleSummaryChars);
  std::string block = "=== vigil alert [" + text::single_line(alert.channel) + "] ===\n";
  if (!t.topics.empty()) block += "Topics:  " + t.topics + "\n";
  block += "Title:   " + t.title + "\n";
  if (!t.source.empty()) block += "Source:  " + t.source + "\n";
  block += "Date:    " + t.date + "\n";
  if (!t.link.empty()) block += "Link:    " + t.link + "\n";
  if (!t.also.empty()) block += "Also:    " + t.also + "\n";
  for (const auto& m : t.matches) {
    block += "Why:     " + m.topic + ": " + m.terms + "\n";
    if (!m.marked.empty()) block += "         " + m.marked + "\n";
  }
  if (!t.summary.empty()) block += "Summary: " + text::single_line(t.summary) + "\n";
  block += "\n";
  return block;
}

ConsoleChannel::ConsoleChannel(std::string name, std::FILE* out) : name_(std::move(name)), out_(out) {}

void ConsoleChannel::send(const Alert& alert, Done done) {
  const std::string block = render_console(alert);
  std::fwrite(block.data(), 1, block.size(), out_);
  std::fflush(out_);
  done({DeliveryOutcome::delivered, "printed"});
}

}  // namespace vigil::alerts
