#include "alerts/console_channel.hpp"

#include <utility>

#include "alerts/alert_text.hpp"
#include "alerts/digest_text.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

namespace vigil::alerts {

namespace {

constexpr std::size_t kConsoleSummaryChars = 300;
constexpr std::size_t kDigestDetailChars = 160;  // a health notice's detail on its digest line
constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "

// A health notice's source URL as configured (a file:// source too: the operator needs it).
std::string shown_link(const Alert& alert, const AlertText& t) {
  return t.link.empty() && alert.health ? text::single_line(alert.item.link) : t.link;
}

std::string digest_line(const DigestGroup& group, const DigestEntry& e) {
  const AlertText& t = e.text;
  std::string line = "[" + (group.health ? std::string(kHealthTopic) : group.topic) + "] ";
  line += t.update ? "Also reported: " + t.title : t.title;
  for (const std::string* piece : {&t.source, &t.date}) {
    if (!piece->empty()) line += std::string(kDot) + *piece;
  }
  if (!e.other_topics.empty()) line += std::string(kDot) + "also in: " + e.other_topics;
  if (const std::string link = shown_link(*e.alert, t); !link.empty()) line += std::string(kDot) + link;
  if (group.health && !t.summary.empty())
    line += std::string(kDot) + text::truncate_chars(text::single_line(t.summary), kDigestDetailChars);
  return line + "\n";
}

}  // namespace

std::string render_console(const Alert& alert) {
  const AlertText t = alert_text(alert, kConsoleSummaryChars);
  std::string block = "=== vigil alert [" + text::single_line(alert.channel) + "] ===\n";
  if (!t.topics.empty()) block += "Topics:  " + t.topics + "\n";
  block += "Title:   " + t.title + "\n";
  if (!t.source.empty()) block += "Source:  " + t.source + "\n";
  block += "Date:    " + t.date + "\n";
  if (const std::string link = shown_link(alert, t); !link.empty()) block += "Link:    " + link + "\n";
  if (!t.also.empty()) block += "Also:    " + t.also + "\n";
  for (const auto& m : t.matches) {
    block += "Why:     " + m.topic + ": " + m.terms + "\n";
    if (!m.marked.empty()) block += "         " + m.marked + "\n";
  }
  if (!t.summary.empty()) block += (alert.health ? "Detail:  " : "Summary: ") + text::single_line(t.summary) + "\n";
  block += "\n";
  return block;
}

std::string render_console_digest(const Digest& digest) {
  const DigestText d = digest_text(digest, kConsoleSummaryChars);
  std::string block = "=== vigil digest [" + d.channel + "]: " + digest_heading(d) + " ===\n";
  for (const auto& group : d.groups)
    for (const auto& entry : group.entries) block += digest_line(group, entry);
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

void ConsoleChannel::send_digest(const Digest& digest, Done done) {
  const std::string block = render_console_digest(digest);
  std::fwrite(block.data(), 1, block.size(), out_);
  std::fflush(out_);
  done({DeliveryOutcome::delivered, "printed"});
}

}  // namespace vigil::alerts
