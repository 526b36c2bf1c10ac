#include <catch2/catch.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/email_message.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;
using namespace std::chrono_literals;

namespace {

EmailOptions desk_options() {
  EmailOptions options;
  options.smtp = "smtp://127.0.0.1:25";
  options.starttls = StartTlsMode::never;
  options.from = "vigil <alerts@example.org>";
  options.to = {"desk@example.org", "night@example.org"};
  return options;
}

const Timestamp kNow = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 21}} + 9h;

std::string boundary_of(const Message& message) {
  const std::string type = *header(message, "Content-Type");
  const std::size_t start = type.find("boundary=\"") + 10;
  return type.substr(start, type.find('"', start) - start);
}

// The decoded bodies of the text and html parts.
std::pair<std::string, std::string> decoded_parts(const std::string& raw) {
  const Message message = split_message(raw);
  const auto parts = mime_parts(message, boundary_of(message));
  REQUIRE(parts.size() == 2);
  CHECK(header(parts[0], "Content-Type") == "text/plain; charset=UTF-8");
  CHECK(header(parts[1], "Content-Type") == "text/html; charset=UTF-8");
  CHECK(header(parts[0], "Content-Transfer-Encoding") == "quoted-printable");
  CHECK(header(parts[1], "Content-Transfer-Encoding") == "quoted-printable");
  return {decode_quoted_printable(parts[0].body), decode_quoted_printable(parts[1].body)};
}

bool only_crlf_line_ends(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
    if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a rendered email carries every header and parses without defects", "[alerts][email]") {
  const std::string raw = render_email(sample_alert(), desk_options(), kNow);
  CHECK(only_crlf_line_ends(raw));
  const Message message = split_message(raw);
  CHECK(header(message, "From") == "vigil <alerts@example.org>");
  CHECK(header(message, "To") == "desk@example.org, night@example.org");
  CHECK(header(message, "Subject") == "[vigil] landmines: Mine clearance resumes near Kharkiv");
  CHECK(header(message, "Date") == "Thu, 21 Nov 2024 09:00:00 +0000");
  CHECK(header(message, "Message-ID") == "<a1b2c3d4e5@example.org>");
  CHECK(header(message, "MIME-Version") == "1.0");
  CHECK(header(message, "Content-Type")->starts_with("multipart/alternative; boundary=\"=_vigil_"));
  CHECK(header(message, "List-Id") == "<desk.vigil.invalid>");
  CHECK(header(message, "Auto-Submitted") == "auto-generated");
  CHECK(header(message, "X-Vigil-Topics") == "landmines");

  const auto parsed = parse_with_python(raw);
  CHECK(parsed["defects"].empty());
  CHECK(parsed["subject"] == "[vigil] landmines: Mine clearance resumes near Kharkiv");
  CHECK(parsed["message_id"] == "<a1b2c3d4e5@example.org>");
  CHECK(parsed["list_id"] == "<desk.vigil.invalid>");
  CHECK(parsed["text"].get<std::string>().find("Mine clearance resumes near Kharkiv") != std::string::npos);
  CHECK(parsed["html"].get<std::string>().find("Mine clearance resumes near Kharkiv") != std::string::npos);
}

TEST_CASE("both parts carry topics, title, source, date, link and summary", "[alerts][email]") {
  const auto [text, html] = decoded_parts(render_email(sample_alert(), desk_options(), kNow));
  for (const std::string& part : {text, html}) {
    CHECK(part.find("landmines") != std::string::npos);
    CHECK(part.find("Mine clearance resumes near Kharkiv") != std::string::npos);
    CHECK(part.find("wire-news") != std::string::npos);
    CHECK(part.find("2024-11-20 14:05 UTC") != std::string::npos);
  }
  CHECK(text.find("Link: https://news.example.org/2024/11/mine-clearance?id=7&lang=en") != std::string::npos);
  CHECK(text.find("Teams cleared 120 anti-personnel mines & other ordnance.") != std::string::npos);
  CHECK(text.find("<b>") == std::string::npos);
  CHECK(html.find("<a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">") != std::string::npos);
  CHECK(html.find("Teams cleared 120 anti-personnel mines &amp; other ordnance.") != std::string::npos);
}

TEST_CASE("both parts explain why the alert matched, hits marked", "[alerts][email][explain]") {
  Alert alert = sample_alert();
  alert.matches = {Match{.topic = "landmines",
                         .terms = {"\"anti-personnel mines\"", "Kharkiv"},
                         .score = 4,
                         .snippet = "…cleared <120> anti-personnel mines & more",
                         .highlights = {{17, 37}}}};
  const auto [text, html] = decoded_parts(render_email(alert, desk_options(), kNow));
  CHECK(text.find("Why landmines: \"anti-personnel mines\", Kharkiv") != std::string::npos);
  CHECK(text.find("…cleared <120> *anti-personnel mines* & more") != std::string::npos);
  CHECK(html.find("Why landmines: &quot;anti-personnel mines&quot;, Kharkiv") != std::string::npos);
  CHECK(html.find("…cleared &lt;120&gt; <mark>anti-personnel mines</mark> &amp; more") != std::string::npos);
}

TEST_CASE("both parts list the other sources of the story; an update says so in the subject",
          "[alerts][email][dedup]") {
  Alert alert = sample_alert();
  alert.also = {"wire-a", "ngo-uk"};
  alert.update = true;
  const auto raw = render_email(alert, desk_options(), kNow);
  const auto [text, html] = decoded_parts(raw);
  CHECK(text.find("Also reported by: wire-a, ngo-uk") != std::string::npos);
  CHECK(html.find("Also reported by: wire-a, ngo-uk") != std::string::npos);
  CHECK(alert_subject(alert_text(alert)).starts_with("[vigil] also reported: landmines: "));
}

TEST_CASE("Cyrillic, Greek and CJK titles survive the subject round trip", "[alerts][email]") {
  const std::string title = GENERATE(std::string("Разминирование под Харьковом возобновлено после долгого перерыва"),
                                     std::string("Συνεχίζεται η αποναρκοθέτηση στον Έβρο"),
                                     std::string("地雷除去作業が再開、国連の専門家チームが現地入り"));
  Alert alert = sample_alert(title);
  alert.topics = {"landmines", "мины"};
  const std::string raw = render_email(alert, desk_options(), kNow);
  const Message message = split_message(raw);
  CHECK(decode_encoded_words(*header(message, "Subject")) == "[vigil] landmines, мины: " + title);
  const auto parsed = parse_with_python(raw);
  CHECK(parsed["defects"].empty());
  CHECK(parsed["subject"] == "[vigil] landmines, мины: " + title);
  CHECK(parsed["text"].get<std::string>().find(title) != std::string::npos);
  CHECK(parsed["html"].get<std::string>().find(title) != std::string::npos);
}

TEST_CASE("a title with CR LF cannot inject a header", "[alerts][email]") {
  Alert alert = sample_alert("Breaking\r\nBcc: evil@x\r\n\r\nbody text");
  alert.item.source = "src\nX-Injected: 1";
  alert.topics = {"landmines\r\nCc: other@x"};
  alert.channel = "desk\r\nReply-To: evil@x";
  const std::string raw = render_email(alert, desk_options(), kNow);
  CHECK(only_crlf_line_ends(raw));
  const Message message = split_message(raw);
  for (const auto& [name, value] : message.headers) {
    CHECK(name != "Bcc");
    CHECK(name != "Cc");
    CHECK(name != "Reply-To");
    CHECK(name != "X-Injected");
  }
  CHECK(header(message, "Subject") == "[vigil] landmines Cc: other@x: Breaking Bcc: evil@x body text");
  const auto parsed = parse_with_python(raw);
  CHECK(parsed["defects"].empty());
  CHECK(parsed["subject"] == "[vigil] landmines Cc: other@x: Breaking Bcc: evil@x body text");
}

TEST_CASE("feed HTML in title and summary is escaped in the HTML part", "[alerts][email]") {
  Alert alert = sample_alert("<script>alert('title')</script> & \"quotes\"");
  alert.item.summary = "<p>Hello <script>alert('summary')</script><img src=x onerror=alert(1)> &lt;b&gt;bold&lt;/b&gt;</p>";
  const auto [text, html] = decoded_parts(render_email(alert, desk_options(), kNow));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;") != std::string::npos);
  CHECK(html.find("Hello &lt;b&gt;bold&lt;/b&gt;") != std::string::npos);
  CHECK(text.find("Title: <script>alert('title')</script> & \"quotes\"") != std::string::npos);
  CHECK(text.find("Hello <b>bold</b>") != std::string::npos);
  CHECK(text.find("alert('summary')") == std::string::npos);
}

TEST_CASE("a link that is not http(s) is left out of the message", "[alerts][email]") {
  Alert alert = sample_alert();
  alert.item.link = "javascript:alert(document.cookie)";
  const auto [text, html] = decoded_parts(render_email(alert, desk_options(), kNow));
  CHECK(text.find("javascript:") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("href") == std::string::npos);
  CHECK(text.find("Title: Mine clearance") != std::string::npos);
}

TEST_CASE("a long subject is folded into lines of at most 78 characters", "[alerts][email]") {
  std::string title;
  for (int i = 0; i < 25; ++i) title += "landmine clearance report " + std::to_string(i) + " ";
  const std::string raw = render_email(sample_alert(title), desk_options(), kNow);
  const std::string head = raw.substr(0, raw.find("\r\n\r\n"));
  std::size_t subject_lines = 0;
  bool in_subject = false;
  for (std::size_t pos = 0; pos < head.size();) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    const std::string line = head.substr(pos, end - pos);
    if (line.starts_with("Subject:")) in_subject = true;
    else if (!line.starts_with(" ")) in_subject = false;
    if (in_subject) {
      ++subject_lines;
      CHECK(line.size() <= 78);
    }
    pos = end + 2;
  }
  CHECK(subject_lines > 3);
  const auto parsed = parse_with_python(raw);
  CHECK(parsed["subject"] == "[vigil] landmines: " + title.substr(0, title.size() - 1));
}

TEST_CASE("the Message-ID is stable across renders and names the From domain", "[alerts][email]") {
  const Alert alert = sample_alert();
  const std::string first = render_email(alert, desk_options(), kNow);
  const std::string later = render_email(alert, desk_options(), kNow + 3h);
  CHECK(header(split_message(first), "Message-ID") == header(split_message(later), "Message-ID"));
  CHECK(header(split_message(first), "Content-Type") == header(split_message(later), "Content-Type"));
  CHECK(message_id(alert, desk_options()) == "<a1b2c3d4e5@example.org>");

  EmailOptions bare = desk_options();
  bare.from = "not an address";
  CHECK(message_id(alert, bare) == "<a1b2c3d4e5@vigil.invalid>");

  Alert odd = alert;
  odd.id = "id with spaces<>@\"";
  CHECK(message_id(odd, desk_options()) == "<id=20with=20spaces=3C=3E=40=22@example.org>");
  Alert other = alert;
  other.id = "f00";
  CHECK(message_id(other, desk_options()) != message_id(alert, desk_options()));
}

TEST_CASE("the MIME boundary never occurs inside the parts", "[alerts][email]") {
  Alert alert = sample_alert();
  const std::string raw_first = render_email(alert, desk_options(), kNow);
  const std::string boundary = boundary_of(split_message(raw_first));
  // A feed that quotes the boundary in its summary still cannot end a part early.
  alert.item.summary = "--" + boundary + "\n--" + boundary + "--\nContent-Type: text/html";
  const std::string raw = render_email(alert, desk_options(), kNow);
  const Message message = split_message(raw);
  const std::string used = boundary_of(message);
  const std::string delimiter = "--" + used;
  std::size_t count = 0;
  for (std::size_t pos = 0; (pos = raw.find(delimiter, pos)) != std::string::npos; pos += delimiter.size()) ++count;
  CHECK(count == 3);  // two parts and the closing delimiter
  CHECK(parse_with_python(raw)["defects"].empty());
  CHECK(decoded_parts(raw).first.find("--" + boundary + "--") != std::string::npos);
}

TEST_CASE("a non-ASCII display name in From is RFC 2047 encoded", "[alerts][email]") {
  EmailOptions options = desk_options();
  options.from = "Служба оповещения <alerts@example.org>";
  const std::string raw = render_email(sample_alert(), options, kNow);
  const auto parsed = parse_with_python(raw);
  CHECK(parsed["defects"].empty());
  CHECK(parsed["from"] == "Служба оповещения <alerts@example.org>");
  CHECK(split_message(raw).headers.front().second.starts_with("=?UTF-8?B?"));
}
