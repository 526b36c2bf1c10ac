#pragma once
// Shared by the digest tests: sample digests (two topics and a health notice; hostile text; 200
// alerts) and a way to send a digest through NetHarness.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alerts/channel.hpp"
#include "alerts/presets/preset.hpp"
#include "alerts/webhook_channel.hpp"
#include "model/alert.hpp"
#include "tests/alerts/alerts_test_support.hpp"

namespace vigil::alerts::test {

// Emoji with a skin tone, Hebrew, markup, quotes, mentions and a line break that would add a header.
inline const std::string kHostileTitle =
    "<script>alert(1)</script> \"quoted\" 'single' & &amp; @everyone <!channel> *bold* [x](https://evil.example) "
    "\xF0\x9F\x92\xA3\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\r\nBcc: evil@example.org";
// The same as alert_text shows it: the line break is a space.
inline const std::string kHostileTitleLine =
    "<script>alert(1)</script> \"quoted\" 'single' & &amp; @everyone <!channel> *bold* [x](https://evil.example) "
    "\xF0\x9F\x92\xA3\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D Bcc: evil@example.org";

inline const std::string kUkraine = "\xD1\x83\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0";  // україна

inline Alert health_alert(std::string title = "Source amnesty-uk has failed for 6h") {
  using namespace std::chrono_literals;
  Alert alert;
  alert.id = "health-7";
  alert.channel = "desk";
  alert.health = true;
  // The event is vigil's own field; the title only says it in words.
  alert.health_event = title.ends_with(" has recovered") ? HealthEvent::recovered : HealthEvent::failing;
  alert.item.source = "amnesty-uk";
  alert.item.title = std::move(title);
  alert.item.link = "https://www.amnesty.org.uk/feed";
  alert.item.summary = "4 failed poll(s) since 2024-11-20T08:05:00Z. Last error: HTTP 503 <Service Unavailable>";
  alert.created = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 20}} + 14h + 6min;
  return alert;
}

// Oldest first: a landmines story also in україна (with an explanation and another source), the
// health notice, an україна story without explanation, a landmines story with hostile text.
inline Digest sample_digest() {
  Digest digest;
  digest.id = "digest-2024-11-20T15:00";
  digest.channel = "desk";
  digest.created = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 20}} + std::chrono::hours(15);

  Alert first = sample_alert();
  first.id = "a-1";
  first.topics = {"landmines", kUkraine};
  first.also = {"Reuters"};
  first.matches = {Match{.topic = "landmines",
                         .terms = {"\"anti-personnel mines\""},
                         .score = 2.5,
                         .snippet = "Teams cleared 120 anti-personnel mines near Kharkiv",
                         .highlights = {{18, 38}}}};
  Alert second = sample_alert("Grain corridor reopens");
  second.id = "a-2";
  second.topics = {kUkraine};
  second.item.link = "https://news.example.org/grain";
  second.item.summary = "<p>Ships left Odesa this morning.</p>";
  Alert third = sample_alert(kHostileTitle);
  third.id = "a-3";
  third.topics = {"landmines"};
  third.item.source = "wire *news* <i>";
  third.item.link = "https://news.example.org/a_(b)|c>d?x=1&y=\"2\"";
  third.item.summary = "<p>" + kHostileTitle + "</p><script>steal()</script>";
  digest.alerts = {first, health_alert(), second, third};
  return digest;
}

// `count` alerts over twelve topics (one health notice first), each with a long title, summary
// and snippet: more than any chat service takes in one message.
inline Digest big_digest(std::size_t count = 200) {
  Digest digest;
  digest.id = "digest-big";
  digest.channel = "desk";
  digest.created = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 20}} + std::chrono::hours(15);
  digest.alerts.push_back(health_alert());
  std::string words;
  for (int i = 0; i < 60; ++i) words += "mines \xF0\x9F\x92\xA3 <and> & ordnance ";
  for (std::size_t i = 1; i < count; ++i) {
    Alert alert = sample_alert("Story " + std::to_string(i) + " about mines \xF0\x9F\x92\xA3 " + std::string(150, 'x'));
    alert.id = "big-" + std::to_string(i);
    alert.topics = {"topic-" + std::to_string(i % 12)};
    alert.item.link = "https://news.example.org/story/" + std::to_string(i);
    alert.item.summary = "<p>" + words + "</p>";
    alert.matches = {Match{.topic = alert.topics[0], .terms = {"mines"}, .score = 1, .snippet = words, .highlights = {{0, 5}}}};
    alert.also = {"Reuters", "AP"};
    digest.alerts.push_back(std::move(alert));
  }
  return digest;
}

// Sends a digest through NetHarness (which drives a send of one alert): the adapter turns that
// send into the channel's send_digest.
class AsDigest final : public Channel {
 public:
  AsDigest(Channel& inner, const Digest& digest) : inner_(inner), digest_(digest) {}
  const std::string& name() const override { return inner_.name(); }
  void send(const Alert&, Done done) override { inner_.send_digest(digest_, std::move(done)); }
  void send_digest(const Digest& digest, Done done) override { inner_.send_digest(digest, std::move(done)); }

 private:
  Channel& inner_;
  const Digest& digest_;
};

inline Delivery send_digest(NetHarness& net, Channel& channel, const Digest& digest) {
  AsDigest adapter(channel, digest);
  return net.send(adapter, digest.alerts.front());
}

inline std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// Characters as JavaScript counts them (Discord, Telegram, Slack): past U+FFFF counts two.
inline std::size_t utf16_units(std::string_view s) {
  std::size_t units = 0;
  for (const unsigned char c : s) units += (c & 0xC0) != 0x80 ? (c >= 0xF0 ? 2 : 1) : 0;
  return units;
}

// The N of the "…and N more alerts" line in `text`; -1 when there is none.
inline long left_out(std::string_view text) {
  const std::string_view marker = "\xE2\x80\xA6" "and ";
  const std::size_t at = text.rfind(marker);
  if (at == std::string_view::npos) return -1;
  return std::stol(std::string(text.substr(at + marker.size())));
}

// Options for one preset, its service's keys filled in.
inline WebhookOptions preset(WebhookPreset p) {
  WebhookOptions options;
  options.preset = p;
  options.ntfy = {.topic = "vigil", .priority = 3, .tags = {"newspaper"}};
  options.telegram = {.chat_id = "42", .token = "1:a", .disable_preview = true};
  options.matrix = {.room = "!r:example.org", .token = "t"};
  return options;
}

// What a fresh receiver got when a webhook channel with these options (its URL the receiver's)
// ran `send`: the one request's record, its body parsed by Python's json.
template <class Send>
nlohmann::json send_to_receiver(WebhookOptions options, Send send) {
  auto receiver = webhook_receiver();
  NetHarness net;
  options.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  WebhookChannel channel("ops", options, net.client());
  const Delivery d = send(net, channel);
  CHECK(d.outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  REQUIRE_FALSE(records[0]["json"].is_null());
  return records[0];
}

inline nlohmann::json send_preset_digest(WebhookOptions options, const Digest& digest) {
  return send_to_receiver(std::move(options), [&](NetHarness& net, Channel& c) { return send_digest(net, c, digest); });
}

inline nlohmann::json send_preset_alert(WebhookOptions options, const Alert& alert) {
  return send_to_receiver(std::move(options), [&](NetHarness& net, Channel& c) { return net.send(c, alert); });
}

// Expected escapes, written independently of the code under test.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

inline std::string slack_escaped(std::string text) {
  text = replace_all(std::move(text), "&", "&amp;");
  text = replace_all(std::move(text), "<", "&lt;");
  return replace_all(std::move(text), ">", "&gt;");
}

inline std::string html_escaped(std::string text) {
  text = replace_all(std::move(text), "&", "&amp;");
  text = replace_all(std::move(text), "<", "&lt;");
  text = replace_all(std::move(text), ">", "&gt;");
  text = replace_all(std::move(text), "\"", "&quot;");
  return replace_all(std::move(text), "'", "&#39;");
}

// Markdown as a renderer reads it back: a backslash makes the next character literal.
inline std::string markdown_unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return replace_all(out, "\xE2\x81\xA0", "");
}

// Tags only from `allowed` (an <a> only with an http(s) href), each closed in order; entities
// only the five HTML ones. This is what "the cut kept the markup valid" means.
inline bool valid_markup(const std::string& html, const std::set<std::string>& allowed) {
  std::vector<std::string> open;
  static const std::regex tag(R"(<(/?)([a-z0-9]+)([^>]*)>)");
  static const std::set<std::string> kVoid{"br"};
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[2];
    if (!allowed.contains(name)) return false;
    if (name == "a" && (*it)[1].length() == 0 && !std::string((*it)[3]).starts_with(" href=\"http")) return false;
    if (kVoid.contains(name)) continue;
    if ((*it)[1].length() == 0) {
      open.push_back(name);
    } else {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    }
  }
  if (!open.empty()) return false;
  // No "<" or ">" outside the tags, no entity but ours.
  const std::string text = std::regex_replace(html, tag, "");
  if (text.find_first_of("<>") != std::string::npos) return false;
  static const std::regex entity("&[^;\\s]*;?");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), entity); it != std::sregex_iterator(); ++it) {
    const std::string e = it->str();
    if (e != "&amp;" && e != "&lt;" && e != "&gt;" && e != "&quot;" && e != "&#39;") return false;
  }
  return true;
}

}  // namespace vigil::alerts::test
