// Channel templates at work: the email subject and parts, a generic webhook's body, through the
// renderers and through the real test servers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/channel.hpp"
#include "alerts/email_message.hpp"
#include "alerts/presets/preset.hpp"
#include "alerts/template.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using namespace std::chrono_literals;

namespace {

// A title with markup, both quote kinds, an ampersand, CRLF, an emoji and Hebrew (RTL).
const std::string kHostileTitle =
    "<script>alert(\"x\")</script> 'q' & \"d\"\r\nBcc: evil@example.org \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";

Template parsed(std::string_view text) {
  auto t = Template::parse(text);
  REQUIRE(t.has_value());
  return *t;
}

// An alert with every field set: a match with a highlight, other sources.
Alert full_alert(std::string title) {
  Alert alert = sample_alert(std::move(title));
  alert.topics = {"landmines", "ukraine"};
  alert.also = {"wire-a", "ngo-uk"};
  alert.matches = {Match{.topic = "landmines",
                         .terms = {"\"anti-personnel mines\""},
                         .score = 4,
                         .snippet = "cleared <120> anti-personnel mines & more",
                         .highlights = {{14, 34}}}};
  return alert;
}

EmailOptions desk_options() {
  EmailOptions options;
  options.from = "vigil <alerts@example.org>";
  options.to = {"desk@example.org"};
  return options;
}

const Timestamp kNow = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 21}} + 9h;

std::pair<std::string, std::string> decoded_parts(const std::string& raw) {
  const Message message = split_message(raw);
  const std::string type = *header(message, "Content-Type");
  const std::size_t start = type.find("boundary=\"") + 10;
  const auto parts = mime_parts(message, type.substr(start, type.find('"', start) - start));
  REQUIRE(parts.size() == 2);
  // Line ends as the templates wrote them ('\n'), not as SMTP carries them.
  const auto lf = [](std::string s) {
    std::erase(s, '\r');
    return s;
  };
  return {lf(decode_quoted_printable(parts[0].body)), lf(decode_quoted_printable(parts[1].body))};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

// --- email ----------------------------------------------------------------------------------

TEST_CASE("a subject template sets the Subject, RFC 2047-encoded for any script", "[alerts][template][email]") {
  EmailOptions options = desk_options();
  options.subject_template = parsed("\xF0\x9F\x93\xB0 {source}: {title}");
  const std::string title = "\xD7\x9E\xD7\x95\xD7\xA7\xD7\xA9\xD7\x99\xD7\x9D \xD7\xA0\xD7\x95\xD7\xA7\xD7\x95 "
                            "near Kharkiv \xE2\x80\x94 \xD0\xA5\xD0\xB0\xD1\x80\xD0\xBA\xD1\x96\xD0\xB2";
  const std::string raw = render_email(full_alert(title), options, kNow);
  const std::string expected = "\xF0\x9F\x93\xB0 wire-news: " + title;
  CHECK(decode_encoded_words(*header(split_message(raw), "Subject")) == expected);
  const auto parsed_by_python = parse_with_python(raw);
  CHECK(parsed_by_python["defects"].empty());
  CHECK(parsed_by_python["subject"] == expected);
}

TEST_CASE("a title with CRLF cannot split the Subject header of a subject template", "[alerts][template][email]") {
  EmailOptions options = desk_options();
  options.subject_template = parsed("{title}\r\nX-Injected: yes {source}");
  Alert alert = full_alert("Hello\r\nBcc: evil@example.org\r\n\r\nbody");
  alert.item.source = "src\r\nX-Evil: 1";
  const std::string raw = render_email(alert, options, kNow);
  const Message message = split_message(raw);
  CHECK_FALSE(header(message, "Bcc"));
  CHECK_FALSE(header(message, "X-Injected"));
  CHECK_FALSE(header(message, "X-Evil"));
  CHECK(header(message, "Subject") == "Hello Bcc: evil@example.org body X-Injected: yes src X-Evil: 1");
  const auto parsed_by_python = parse_with_python(raw);
  CHECK(parsed_by_python["defects"].empty());
  CHECK(parsed_by_python["subject"] == "Hello Bcc: evil@example.org body X-Injected: yes src X-Evil: 1");
}

TEST_CASE("a body template is the text part, and the HTML part shows it escaped", "[alerts][template][email]") {
  EmailOptions options = desk_options();
  options.body_template = parsed("{topic} <alert>\n{title}\n\n{snippet}\n{url}\nAlso: {also}");
  const std::string raw = render_email(full_alert(kHostileTitle), options, kNow);
  const auto [text, html] = decoded_parts(raw);
  CHECK(text ==
        "landmines, ukraine <alert>\n<script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org \xF0\x9F\x92\xA3 "
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\n\ncleared <120> anti-personnel mines & more\n"
        "https://news.example.org/2024/11/mine-clearance?id=7&lang=en\nAlso: wire-a, ngo-uk\n");
  CHECK(contains(html, "landmines, ukraine &lt;alert&gt;<br>\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  CHECK(contains(html, "<mark>anti-personnel mines</mark>"));
  CHECK(contains(html, "<a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">"));
  CHECK_FALSE(contains(html, "<script>"));
  CHECK_FALSE(contains(html, "<alert>"));
  const auto parsed_by_python = parse_with_python(raw);
  CHECK(parsed_by_python["defects"].empty());
  // The headers do not change with a body template.
  CHECK(decode_encoded_words(*header(split_message(raw), "Subject")).starts_with("[vigil] landmines, ukraine: "));
  CHECK(header(split_message(raw), "Auto-Submitted") == "auto-generated");
}

TEST_CASE("a generic webhook with a body template posts the rendered template", "[alerts][template][json]") {
  WebhookOptions options;
  options.url = "https://hooks.example.org/vigil";
  options.body_template = parsed(R"({{"text": "{title}", "link": "{url}"}})");
  const WebhookRequest request = render_webhook_request(options, full_alert(kHostileTitle), kNow);
  const auto doc = nlohmann::json::parse(request.body);
  CHECK(doc == nlohmann::json{{"text", "<script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org "
                                       "\xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"},
                              {"link", "https://news.example.org/2024/11/mine-clearance?id=7&lang=en"}});
  bool has_id = false;
  for (const auto& [name, value] : request.headers) has_id = has_id || (name == "webhook-id" && value == "a1b2c3d4e5");
  CHECK(has_id);
}

// --- through the real servers -------------------------------------------------------------------

TEST_CASE("an email channel with templates delivers the templated subject and parts", "[alerts][template][smtp]") {
  auto server = smtp_server();
  NetHarness net;
  ChannelSpec spec;
  spec.name = "desk";
  spec.type = ChannelType::email;
  spec.email = desk_options();
  spec.email.smtp = "smtp://127.0.0.1:" + std::to_string(server.port());
  spec.email.starttls = StartTlsMode::never;
  spec.email.subject_template = parsed("\xF0\x9F\x93\xB0 {title} ({source})");
  spec.email.body_template = parsed("{title}\n{url}\nAlso: {also}");
  auto channel = make_channel(spec, net.client());
  const Delivery d = net.send(*channel, full_alert("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D <b>\r\nBcc: x@example.org"));
  CHECK(d.outcome == DeliveryOutcome::delivered);
  const auto records = server.records();
  REQUIRE(records.size() == 1);
  const auto& mail = records[0];
  CHECK(mail["defects"].empty());
  CHECK(mail["rcpt_tos"] == nlohmann::json::array({"desk@example.org"}));
  CHECK(mail["subject"] == "\xF0\x9F\x93\xB0 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D <b> Bcc: x@example.org (wire-news)");
  CHECK(contains(mail["text"].get<std::string>(), "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D <b> Bcc: x@example.org"));
  CHECK(contains(mail["text"].get<std::string>(), "Also: wire-a, ngo-uk"));
  CHECK(contains(mail["html"].get<std::string>(), "&lt;b&gt; Bcc: x@example.org<br>"));
}

TEST_CASE("a generic webhook channel with a body template posts it to the receiver", "[alerts][template][http]") {
  auto receiver = webhook_receiver();
  NetHarness net;
  ChannelSpec spec;
  spec.name = "ops";
  spec.type = ChannelType::webhook;
  spec.webhook.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  spec.webhook.body_template = parsed(R"({{"text": "{topic}: {title}", "link": "{url}"}})");
  REQUIRE(check_json_template(*spec.webhook.body_template));
  auto channel = make_channel(spec, net.client());
  const Delivery d = net.send(*channel, full_alert(kHostileTitle));
  CHECK(d.outcome == DeliveryOutcome::delivered);
  const auto records = receiver.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["headers"]["content-type"] == "application/json");
  CHECK(records[0]["json"] ==
        nlohmann::json{{"text", "landmines, ukraine: <script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org "
                                "\xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"},
                       {"link", "https://news.example.org/2024/11/mine-clearance?id=7&lang=en"}});
}
