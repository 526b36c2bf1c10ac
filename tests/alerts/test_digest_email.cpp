// Digests and health notices by email, through the real SMTP test server and Python's email
// parser.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "alerts/email_digest.hpp"
#include "alerts/email_message.hpp"
#include "tests/alerts/test_digest_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

namespace {

ChannelSpec email_spec(int port) {
  ChannelSpec spec;
  spec.name = "desk";
  spec.type = ChannelType::email;
  spec.email.smtp = "smtp://127.0.0.1:" + std::to_string(port);
  spec.email.starttls = StartTlsMode::never;
  spec.email.from = "vigil alerts <alerts@example.org>";
  spec.email.to = {"desk@example.org"};
  return spec;
}

// A decoded part as Python gives it, with its CRLF line ends read as '\n'.
std::string str(const nlohmann::json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : "";
  for (std::size_t at; (at = text.find("\r\n")) != std::string::npos;) text.erase(at, 1);
  return text;
}

// Every tag of the HTML part is one of the digest layout's own.
bool only_own_tags(const std::string& html) {
  static const std::set<std::string> kOwn{"!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title",
                                          "body", "/body", "h1", "/h1", "h2", "/h2", "div", "/div", "p", "/p",
                                          "b", "/b", "a", "/a", "br", "blockquote", "/blockquote", "mark", "/mark"};
  for (std::size_t pos = 0; (pos = html.find('<', pos)) != std::string::npos; ++pos) {
    std::size_t end = pos + 1;
    while (end < html.size() && html[end] != ' ' && html[end] != '>') ++end;
    if (!kOwn.contains(html.substr(pos + 1, end - pos - 1))) return false;
  }
  return true;
}

// One mail through the SMTP server: the server's record of it.
nlohmann::json mail_digest(const Digest& digest, ChannelSpec spec_template = email_spec(0)) {
  auto server = smtp_server();
  NetHarness net;
  ChannelSpec spec = std::move(spec_template);
  spec.email.smtp = "smtp://127.0.0.1:" + std::to_string(server.port());
  auto channel = make_channel(spec, net.client());
  const Delivery d = send_digest(net, *channel, digest);
  CHECK(d.outcome == DeliveryOutcome::delivered);
  const auto records = server.records();
  REQUIRE(records.size() == 1);
  return records[0];
}

}  // namespace

TEST_CASE("an email digest is one message with the alerts grouped by topic in both parts", "[alerts][email][digest]") {
  const Digest digest = sample_digest();
  const nlohmann::json mail = mail_digest(digest);
  CHECK(mail["defects"].empty());
  CHECK(mail["subject"] == "[vigil] 4 alerts: source health (1), landmines (2), " + kUkraine + " (1)");
  CHECK(mail["message_id"] == "<digest-2024-11-20T15=3A00@example.org>");
  CHECK(mail["message_id"] == message_id(digest, email_spec(0).email));
  CHECK(mail["list_id"] == "<desk.vigil.invalid>");
  CHECK(mail["auto_submitted"] == "auto-generated");

  const std::string text = str(mail["text"]);
  const std::size_t health = text.find("== Source health (1) ==");
  const std::size_t landmines = text.find("== landmines (2) ==");
  const std::size_t ukraine = text.find("== " + kUkraine + " (1) ==");
  CHECK(health < landmines);
  CHECK(landmines < ukraine);
  CHECK(ukraine != std::string::npos);
  // An entry: title, source and date (and its other topics), link, other sources, the snippet.
  CHECK(text.find("* Mine clearance resumes near Kharkiv\n"
                  "  wire-news \xC2\xB7 2024-11-20 14:05 UTC \xC2\xB7 also in: " + kUkraine + "\n"
                  "  https://news.example.org/2024/11/mine-clearance?id=7&lang=en\n"
                  "  Also reported by: Reuters\n"
                  "  Teams cleared 120 *anti-personnel mines* near Kharkiv\n") != std::string::npos);
  CHECK(text.find("* Source amnesty-uk has failed for 6h\n") > health);
  CHECK(text.find("https://www.amnesty.org.uk/feed") != std::string::npos);
  CHECK(text.find("Last error: HTTP 503 <Service Unavailable>") != std::string::npos);
  CHECK(text.find("* Grain corridor reopens\n") > ukraine);
  CHECK(text.find("  Ships left Odesa this morning.\n") != std::string::npos);  // no snippet: the summary
  CHECK(text.find("* " + kHostileTitleLine + "\n") != std::string::npos);
  CHECK(text.find("steal()") == std::string::npos);

  const std::string html = str(mail["html"]);
  CHECK(only_own_tags(html));
  CHECK(html.find("<a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">"
                  "Mine clearance resumes near Kharkiv</a>") != std::string::npos);
  CHECK(html.find("Teams cleared 120 <mark>anti-personnel mines</mark> near Kharkiv") != std::string::npos);
  CHECK(html.find("Also reported by: Reuters") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; &amp;amp;") !=
        std::string::npos);
  CHECK(html.find("href=\"https://news.example.org/a_(b)|c&gt;d?x=1&amp;y=&quot;2&quot;\"") != std::string::npos);
  CHECK(html.find("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") != std::string::npos);  // emoji intact
  CHECK(html.find("Last error: HTTP 503 &lt;Service Unavailable&gt;") != std::string::npos);
  CHECK(html.find("<h2") < html.find(kUkraine + " (1)</h2>"));

  // The CRLF in the title adds no header; the raw message is CRLF only.
  const std::string raw = mail["raw"].get<std::string>();
  CHECK(raw.find("\r\nBcc:") == std::string::npos);
}

TEST_CASE("an email digest ignores the channel's templates and keeps every alert", "[alerts][email][digest]") {
  ChannelSpec spec = email_spec(0);
  spec.email.subject_template = Template::parse("[news] {topic}: {title}").value();
  spec.email.body_template = Template::parse("{title}\n{url}").value();
  const nlohmann::json mail = mail_digest(big_digest(), spec);
  CHECK(mail["defects"].empty());
  CHECK(mail["subject"] == "[vigil] 200 alerts: source health (1), topic-1 (17), topic-2 (17), topic-3 (17), "
                           "topic-4 (17) and 8 more topics");
  const std::string text = str(mail["text"]);
  for (int i = 1; i < 200; ++i) CHECK(text.find("* Story " + std::to_string(i) + " about") != std::string::npos);
  CHECK(text.find("more alert") == std::string::npos);
}

TEST_CASE("a digest sent twice has the same Message-ID, like an alert", "[alerts][email][digest]") {
  EmailOptions options = email_spec(0).email;
  const Digest digest = sample_digest();
  const std::string first = render_email_digest(digest, options, now_utc());
  const std::string again = render_email_digest(digest, options, now_utc() + std::chrono::hours(1));
  const Message a = split_message(first), b = split_message(again);
  CHECK(header(a, "Message-ID") == header(b, "Message-ID"));
  CHECK(header(a, "Message-ID") == "<digest-2024-11-20T15=3A00@example.org>");
  CHECK(decode_encoded_words(header(a, "X-Vigil-Topics").value_or("")) == "landmines, " + kUkraine);
  Digest odd = digest;
  odd.id = "id with spaces\r\n";
  CHECK(message_id(odd, options) == "<id=20with=20spaces=0D=0A@example.org>");
}

TEST_CASE("a health notice by email says source health, the detail and the source URL", "[alerts][email][health]") {
  auto server = smtp_server();
  NetHarness net;
  auto channel = make_channel(email_spec(server.port()), net.client());
  CHECK(net.send(*channel, health_alert()).outcome == DeliveryOutcome::delivered);
  CHECK(net.send(*channel, health_alert("Source amnesty-uk has recovered")).outcome == DeliveryOutcome::delivered);
  const auto records = server.records();
  REQUIRE(records.size() == 2);
  const auto& mail = records[0];
  CHECK(mail["defects"].empty());
  CHECK(mail["subject"] == "[vigil] source health: Source amnesty-uk has failed for 6h");
  CHECK(mail["message_id"] == "<health-7@example.org>");
  CHECK(mail["auto_submitted"] == "auto-generated");
  const std::string text = str(mail["text"]);
  CHECK(text.starts_with("Source amnesty-uk has failed for 6h\n\nSource: amnesty-uk\n"
                         "URL: https://www.amnesty.org.uk/feed\nDate: 2024-11-20 14:06 UTC\n\n"
                         "4 failed poll(s) since 2024-11-20T08:05:00Z. Last error: HTTP 503 <Service Unavailable>\n"));
  const std::string html = str(mail["html"]);
  CHECK(only_own_tags(html));
  CHECK(html.find("<a href=\"https://www.amnesty.org.uk/feed\">") != std::string::npos);
  CHECK(html.find("HTTP 503 &lt;Service Unavailable&gt;") != std::string::npos);
  CHECK(records[1]["subject"] == "[vigil] source health: Source amnesty-uk has recovered");
}

TEST_CASE("a health notice follows the channel's subject template with {topic} as source health",
          "[alerts][email][health][template]") {
  EmailOptions options = email_spec(0).email;
  options.subject_template = Template::parse("[news] {topic}: {title}").value();
  const Message message = split_message(render_email(health_alert(), options, now_utc()));
  CHECK(header(message, "Subject") == "[news] source health: Source amnesty-uk has failed for 6h");
  CHECK_FALSE(header(message, "X-Vigil-Topics"));
}
