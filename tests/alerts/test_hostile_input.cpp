// Random hostile feed text through every renderer: whatever the bytes, the output keeps its
// structure (a property test; a fixed seed keeps failures reproducible).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/console_channel.hpp"
#include "alerts/email_message.hpp"
#include "alerts/webhook_message.hpp"
#include "tests/alerts/alerts_test_support.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::text;
using namespace vigil::alerts::test;

namespace {

// Pieces that have broken mail and HTML renderers before, mixed with random bytes.
const std::vector<std::string> kPieces{
    "\r\n", "\n", "\r", "\r\n\r\n", "Bcc: evil@x", ":", " ", "\t", "=?UTF-8?B?", "?=", "=", "--", "=_vigil_",
    "<script>", "</script>", "<p>", "<a href=\"javascript:x\">", "&lt;", "&#0;", "&#x1b;", "\"", "'", ">", "<",
    ".", "\x1b[2J", std::string(1, '\0'), "\x7f", "\xC2\x85", "\xE2\x80\xA8", "Україна", "日本語", "\xF0\x9F\x92\xA3",
    "\xC3", "\xFF", "\xED\xA0\x80", std::string(90, 'w'), "https://x.example/?a=1&b=2", "javascript:alert(1)"};

std::string hostile(std::mt19937& rng, std::size_t max_pieces) {
  std::uniform_int_distribution<std::size_t> count(0, max_pieces), piece(0, kPieces.size()), byte(0, 255);
  std::string out;
  for (std::size_t i = count(rng); i > 0; --i) {
    const std::size_t p = piece(rng);
    out += p == kPieces.size() ? std::string(1, static_cast<char>(byte(rng))) : kPieces[p];
  }
  return out;
}

bool crlf_only(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
    if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) return false;
  }
  return true;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t end = s.find("\r\n", pos);
    if (end == std::string::npos) end = s.size();
    lines.push_back(s.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// Every tag in the HTML part is one the renderer writes itself.
bool only_own_tags(const std::string& html) {
  static const std::set<std::string> kOwn{"!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title",
                                          "body", "/body", "p", "/p", "h2", "/h2", "a", "/a", "br"};
  for (std::size_t pos = 0; (pos = html.find('<', pos)) != std::string::npos; ++pos) {
    std::size_t end = pos + 1;
    while (end < html.size() && html[end] != ' ' && html[end] != '>') ++end;
    if (!kOwn.contains(html.substr(pos + 1, end - pos - 1))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("no feed text can break the structure of an email", "[alerts][email][hostile]") {
  std::mt19937 rng(20241120);
  EmailOptions options;
  options.from = "vigil <alerts@example.org>";
  options.to = {"desk@example.org"};
  const std::vector<std::string> expected_headers{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
                                                  "Content-Type", "List-Id", "Auto-Submitted",
                                                  "X-Auto-Response-Suppress", "X-Vigil-Topics"};
  for (int round = 0; round < 400; ++round) {
    Alert alert = sample_alert(hostile(rng, 12));
    alert.id = hostile(rng, 3);
    alert.channel = hostile(rng, 3);
    alert.topics = {hostile(rng, 3) + "x", hostile(rng, 2) + "y"};
    alert.item.source = hostile(rng, 4);
    alert.item.summary = hostile(rng, 30);
    if (round % 3 == 0) alert.item.link = hostile(rng, 3);
    const std::string raw = render_email(alert, options, now_utc());
    INFO("round " << round << ", title: " << alert.item.title);
    REQUIRE(crlf_only(raw));

    const Message message = split_message(raw);
    std::vector<std::string> names;
    for (const auto& [name, value] : message.headers) names.push_back(name);
    REQUIRE(names == expected_headers);
    const std::string head = raw.substr(0, raw.find("\r\n\r\n"));
    for (const auto& line : lines_of(head)) {
      REQUIRE(line.size() <= 998);
      REQUIRE(std::all_of(line.begin(), line.end(), [](char c) { return c >= 0x20 && c < 0x7F; }));
    }
    const std::string subject = decode_encoded_words(*header(message, "Subject"));
    REQUIRE(valid_utf8(subject) == subject);
    REQUIRE(single_line(subject) == subject);

    const std::string type = *header(message, "Content-Type");
    const std::string boundary = type.substr(type.find("boundary=\"") + 10, type.rfind('"') - type.find("boundary=\"") - 10);
    const auto parts = mime_parts(message, boundary);
    REQUIRE(parts.size() == 2);
    for (const auto& part : parts)
      for (const auto& line : lines_of(part.body)) REQUIRE(line.size() <= 76);
    const std::string text = decode_quoted_printable(parts[0].body);
    REQUIRE(valid_utf8(text) == text);
    const std::string html = decode_quoted_printable(parts[1].body);
    REQUIRE(only_own_tags(html));
    REQUIRE(valid_utf8(html) == html);
  }
}

TEST_CASE("no feed text can break a webhook body or the console", "[alerts][webhook][console][hostile]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    Alert alert = sample_alert(hostile(rng, 12));
    alert.id = hostile(rng, 3);
    alert.topics = {hostile(rng, 3)};
    alert.item.source = hostile(rng, 4);
    alert.item.summary = hostile(rng, 30);
    alert.item.link = hostile(rng, 3);
    const WebhookMessage message = render_webhook(alert, now_utc());
    const auto doc = nlohmann::json::parse(message.body);
    REQUIRE(doc.size() == 12);
    const std::string url = doc["url"];
    REQUIRE((url.empty() || url.starts_with("http")));
    REQUIRE(std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7F; }));
    for (const auto& [name, value] : message.headers)
      REQUIRE(std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; }));

    const std::string block = render_console(alert);
    REQUIRE(valid_utf8(block) == block);
    REQUIRE(strip_controls(block) == block);
    REQUIRE(block.find('\t') == std::string::npos);
  }
}

TEST_CASE("Python's mail parser finds no defect in emails made from hostile text", "[alerts][email][hostile]") {
  std::mt19937 rng(1511);
  EmailOptions options;
  options.from = "vigil <alerts@example.org>";
  for (int round = 0; round < 12; ++round) {
    Alert alert = sample_alert(hostile(rng, 12));
    alert.topics = {hostile(rng, 3) + "x"};
    alert.item.summary = hostile(rng, 30);
    const auto parsed = parse_with_python(render_email(alert, options, now_utc()));
    INFO("round " << round << ": " << parsed.dump());
    CHECK(parsed["defects"].empty());
    CHECK(parsed["subject"] == alert_subject(alert_text(alert)));
    CHECK(parsed["text"].is_string());
    CHECK(parsed["html"].is_string());
  }
}
