// Channel templates: the syntax and its errors, every field, escaping per output format with
// hostile text, and the check that a webhook body gives valid JSON (test_template_channels.cpp:
// the email and webhook renderers that use them).
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "alerts/alert_text.hpp"
#include "alerts/template.hpp"
#include "tests/alerts/alerts_test_support.hpp"

using namespace vigil;
using namespace vigil::alerts;
using namespace vigil::alerts::test;

namespace {

// A title with markup, both quote kinds, an ampersand, CRLF, an emoji and Hebrew (RTL).
const std::string kHostileTitle =
    "<script>alert(\"x\")</script> 'q' & \"d\"\r\nBcc: evil@example.org \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";

Template parsed(std::string_view text) {
  auto t = Template::parse(text);
  REQUIRE(t.has_value());
  return *t;
}

TemplateError parse_error(std::string_view text) {
  auto t = Template::parse(text);
  REQUIRE_FALSE(t.has_value());
  return t.error();
}

// An alert with every field set: a match with a highlight, other sources.
Alert full_alert(std::string title = "Mine clearance resumes near Kharkiv") {
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

// AlertText as a caller might build it by hand: nothing made safe in advance.
AlertText raw_text(const std::string& value) {
  AlertText t;
  t.topics = value;
  t.title = value;
  t.source = value;
  t.date = value;
  t.link = value;
  t.summary = value;
  t.also = value;
  t.matches.push_back(MatchText{.topic = value, .terms = value, .snippet = value, .marked = value, .html = "<mark>x</mark>"});
  return t;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

// --- syntax -----------------------------------------------------------------------------------

TEST_CASE("a template without fields renders its own text", "[alerts][template]") {
  CHECK(parsed("Breaking news").render(alert_text(full_alert()), Escape::plain) == "Breaking news");
  CHECK(parsed("").render(alert_text(full_alert()), Escape::plain).empty());
}

TEST_CASE("doubled braces are literal braces", "[alerts][template]") {
  const AlertText t = alert_text(full_alert());
  CHECK(parsed("{{title}}").render(t, Escape::plain) == "{title}");
  CHECK(parsed("{{{title}}}").render(t, Escape::plain) == "{Mine clearance resumes near Kharkiv}");
  CHECK(parsed("}}{{").render(t, Escape::plain) == "}{");
  CHECK(parsed("{{{title}}}").text() == "{{{title}}}");
}

TEST_CASE("an unknown field is an error that names it and lists the fields", "[alerts][template][errors]") {
  const auto error = parse_error("News: {titel}");
  CHECK(error.offset == 6);
  CHECK(error.line == 1);
  CHECK(error.column == 7);
  CHECK(error.message ==
        "unknown field {titel}; the fields are {topic}, {title}, {url}, {source}, {published}, {snippet}, "
        "{also}, {summary}");
}

TEST_CASE("an unclosed brace is an error at its offset", "[alerts][template][errors]") {
  const auto error = parse_error("[vigil] {title");
  CHECK(error.offset == 8);
  CHECK(error.column == 9);
  CHECK(contains(error.message, "unclosed \"{\""));
  CHECK(contains(error.message, "\"{{\" for a literal brace"));
}

TEST_CASE("a lone closing brace is an error at its offset", "[alerts][template][errors]") {
  const auto error = parse_error("{title} } x");
  CHECK(error.offset == 8);
  CHECK(error.message == "a lone \"}\": write \"}}\" for a literal brace");
}

TEST_CASE("a brace that starts no field name says how to write a literal one", "[alerts][template][errors]") {
  for (const std::string_view text : {R"({"text": "{title}"})", "{}", "{ title }", "{title:>10}", "{title!r}"}) {
    INFO(text);
    const auto error = parse_error(text);
    CHECK(error.offset == 0);
    CHECK(contains(error.message, "does not start a field name"));
    CHECK(contains(error.message, "\"{{\" for a literal brace"));
  }
}

TEST_CASE("error places count lines and characters of the template", "[alerts][template][errors]") {
  const auto error = parse_error("Größe: {title}\n  Ünïcode {nope}");
  CHECK(error.line == 2);
  CHECK(error.column == 11);
  CHECK(error.offset == std::string("Größe: {title}\n  Ünïcode ").size());
}

TEST_CASE("a template is never a format string", "[alerts][template]") {
  CHECK_FALSE(Template::parse("{0}").has_value());
  CHECK_FALSE(Template::parse("{title.__class__}").has_value());
  const AlertText t = alert_text(full_alert("%s %n {} {0} %x"));
  CHECK(parsed("%s %d {title}").render(t, Escape::plain) == "%s %d %s %n {} {0} %x");
}

TEST_CASE("random templates parse or fail with a place inside the text, and never break the rules",
          "[alerts][template][errors]") {
  static const std::vector<std::string> kPieces = {"{", "}", "{{", "}}", "title", "{title}", "{url}", "{summary}",
                                                   "\"", "\\", ":", ",", "[", "]", " ", "\n", "\r", "x",
                                                   "\xC3\xA9", "\xE2\x80\xA8", "{nope}", "{snippet}"};
  std::mt19937 rng(7);
  const AlertText t = raw_text(kHostileTitle + "\n\xE2\x80\xA8 {title}");
  int parsed_ok = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int pieces = static_cast<int>(rng() % 12);
    for (int i = 0; i < pieces; ++i) text += kPieces[rng() % kPieces.size()];
    INFO(text);
    const auto result = Template::parse(text);
    if (!result) {
      REQUIRE(result.error().offset < text.size());
      REQUIRE(!result.error().message.empty());
      continue;
    }
    ++parsed_ok;
    const std::string line = result->render(t, Escape::one_line);
    REQUIRE(line.find_first_of("\r\n") == std::string::npos);
    REQUIRE(line.find("\xE2\x80\xA8") == std::string::npos);
    for (const Escape escape : {Escape::plain, Escape::html, Escape::html_from_text, Escape::markdown})
      (void)result->render(t, escape);
    const std::string json = "\"" + result->render(t, Escape::json_string) + "\"";
    // Whatever the values, they stay inside the string the template's own text opened.
    if (text.find_first_of("\"\\\r\n") == std::string::npos) REQUIRE(nlohmann::json::accept(json));
    const auto checked = check_json_template(*result);
    if (!checked) REQUIRE(checked.error().offset <= text.size());
  }
  CHECK(parsed_ok > 300);
}

// --- fields ------------------------------------------------------------------------------------

TEST_CASE("every field renders its piece of the alert", "[alerts][template][fields]") {
  const AlertText t = alert_text(full_alert());
  const auto render = [&](std::string_view text) { return parsed(text).render(t, Escape::plain); };
  CHECK(render("{topic}") == "landmines, ukraine");
  CHECK(render("{title}") == "Mine clearance resumes near Kharkiv");
  CHECK(render("{url}") == "https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
  CHECK(render("{source}") == "wire-news");
  CHECK(render("{published}") == "2024-11-20 14:05 UTC");
  CHECK(render("{snippet}") == "cleared <120> anti-personnel mines & more");
  CHECK(render("{also}") == "wire-a, ngo-uk");
  CHECK(render("{summary}") == "Teams cleared 120 anti-personnel mines & other ordnance.");
  CHECK(render("[{source}] {title} ({published})") ==
        "[wire-news] Mine clearance resumes near Kharkiv (2024-11-20 14:05 UTC)");
  CHECK(template_field_names().size() == 8);
}

TEST_CASE("fields an alert lacks render empty; an undated item shows when the alert was made",
          "[alerts][template][fields]") {
  Alert alert = sample_alert();
  alert.item.link = "javascript:alert(1)";
  alert.item.published.reset();
  const AlertText t = alert_text(alert);
  CHECK(parsed("<{url}|{snippet}|{also}>").render(t, Escape::plain) == "<||>");
  CHECK(parsed("{published}").render(t, Escape::plain) == "2024-11-20 14:07 UTC");
}

// --- escaping ----------------------------------------------------------------------------------

TEST_CASE("plain text keeps the summary's lines and drops other control characters", "[alerts][template][escape]") {
  const AlertText t = raw_text("a\r\nb\x01" "c\td \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  CHECK(parsed("{summary}").render(t, Escape::plain) == "a\nbc\td \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  CHECK(parsed("{title}").render(alert_text(full_alert(kHostileTitle)), Escape::plain) ==
        "<script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org \xF0\x9F\x92\xA3 "
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
}

TEST_CASE("one-line rendering has no line break or control character, template text included",
          "[alerts][template][escape]") {
  const AlertText t = raw_text(kHostileTitle + "\xE2\x80\xA8X-Evil: 1\xC2\x85" "end");
  const std::string line = parsed("{title}\r\nX-Injected: {summary}\n").render(t, Escape::one_line);
  CHECK(line.find('\r') == std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(line.find("\xC2\x85") == std::string::npos);
  CHECK(line.starts_with("<script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org \xF0\x9F\x92\xA3"));
  CHECK(contains(line, " X-Injected: <script>"));
}

TEST_CASE("HTML rendering escapes every value and keeps the snippet's highlights", "[alerts][template][escape]") {
  const AlertText t = alert_text(full_alert(kHostileTitle));
  const std::string html = parsed("<h1>{title}</h1><p>{snippet}</p><a href=\"{url}\">{source}</a>").render(t, Escape::html);
  CHECK(html ==
        "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;q&#39; &amp; &quot;d&quot; Bcc: evil@example.org "
        "\xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D</h1>"
        "<p>cleared &lt;120&gt; <mark>anti-personnel mines</mark> &amp; more</p>"
        "<a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">wire-news</a>");
}

TEST_CASE("a text template shown as HTML escapes its own text too, with <br> and a link", "[alerts][template][escape]") {
  const AlertText t = alert_text(full_alert(kHostileTitle));
  const std::string html = parsed("<b>{title}</b> & co\n{url}\n{snippet}").render(t, Escape::html_from_text);
  CHECK(html ==
        "&lt;b&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;q&#39; &amp; &quot;d&quot; Bcc: "
        "evil@example.org \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D&lt;/b&gt; &amp; co<br>\n"
        "<a href=\"https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en\">"
        "https://news.example.org/2024/11/mine-clearance?id=7&amp;lang=en</a><br>\n"
        "cleared &lt;120&gt; <mark>anti-personnel mines</mark> &amp; more");
  CHECK(parsed("{summary}").render(raw_text("one\r\ntwo"), Escape::html_from_text) == "one<br>\ntwo");
}

TEST_CASE("JSON string rendering escapes per RFC 8259, U+2028 and U+2029 too", "[alerts][template][escape]") {
  const std::string value = kHostileTitle + " back\\slash \x01 \xE2\x80\xA8 \xE2\x80\xA9 tab\t";
  const std::string rendered = parsed("{title}").render(raw_text(value), Escape::json_string);
  CHECK(rendered ==
        "<script>alert(\\\"x\\\")</script> 'q' & \\\"d\\\"\\r\\nBcc: evil@example.org \xF0\x9F\x92\xA3 "
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D back\\\\slash \\u0001 \\u2028 \\u2029 tab\\t");
  // JSON carries every character: the receiver reads back exactly the value.
  const auto doc = nlohmann::json::parse("{\"t\": \"" + rendered + "\"}");
  CHECK(doc["t"] == value);
  const std::string invalid = parsed("{title}").render(raw_text("a\xFF" "b"), Escape::json_string);
  CHECK(invalid == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("Markdown rendering escapes Markdown's punctuation and keeps links whole", "[alerts][template][escape]") {
  AlertText t = raw_text("*bold* [x](y) <b> _u_ #1 `c` \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  t.link = "https://wiki.example.org/Mine_(weapon) <x>";
  CHECK(parsed("{title}").render(t, Escape::markdown) ==
        "\\*bold\\* \\[x\\]\\(y\\) \\<b\\> \\_u\\_ \\#1 \\`c\\` \xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  CHECK(parsed("[{source}]({url})").render(t, Escape::markdown).ends_with(
      "(https://wiki.example.org/Mine_%28weapon%29%20%3Cx%3E)"));
}

// --- JSON bodies --------------------------------------------------------------------------------

TEST_CASE("a JSON body template with its fields in strings gives valid JSON for hostile text",
          "[alerts][template][json]") {
  const Template body = parsed(R"({{"text": "{topic}: {title}\n{url}", "source": "{source}",
 "when": "{published}", "why": "{snippet}", "also": "{also}", "summary": "{summary}", "tags": ["{topic}"]}})");
  REQUIRE(check_json_template(body).has_value());
  Alert alert = full_alert(kHostileTitle + " \xE2\x80\xA8 back\\slash");
  alert.item.source = "src\"}, \"evil\": {\"x";
  alert.item.summary = "<p>line one</p><p>\"two\" \\ </p>";
  alert.also = {"a\"b", "c\\d"};
  const auto doc = nlohmann::json::parse(body.render(alert_text(alert), Escape::json_string));
  CHECK(doc.size() == 7);
  CHECK(doc["text"] == "landmines, ukraine: <script>alert(\"x\")</script> 'q' & \"d\" Bcc: evil@example.org "
                       "\xF0\x9F\x92\xA3 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D back\\slash\n"
                       "https://news.example.org/2024/11/mine-clearance?id=7&lang=en");
  CHECK(doc["source"] == "src\"}, \"evil\": {\"x");
  CHECK(doc["also"] == "a\"b, c\\d");
  CHECK(doc["summary"] == "line one\n\n\"two\" \\");
  CHECK(doc["tags"][0] == "landmines, ukraine");
}

TEST_CASE("a field outside a JSON string is reported at that field", "[alerts][template][json]") {
  const auto error = check_json_template(parsed(R"({{"text": {title}}})"));
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().offset == 10);
  CHECK(error.error().column == 11);
  CHECK(error.error().message == "field {title} is not inside a JSON string: write \"{title}\"");
  // Even where some values would happen to be valid JSON.
  CHECK_FALSE(check_json_template(parsed(R"({{"n": {also}}})")).has_value());
  CHECK_FALSE(check_json_template(parsed(R"({{"a": "x"}} {summary})")).has_value());
}

TEST_CASE("a body template that is not JSON is reported where it goes wrong", "[alerts][template][json]") {
  const std::string text = R"({{"text": "{title}",}})";
  const auto error = check_json_template(parsed(text));
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().offset == text.rfind("}}"));
  CHECK(error.error().message.starts_with("the template does not give valid JSON: syntax error"));
  CHECK_FALSE(contains(error.error().message, "script"));  // the sample text is not quoted back

  const auto unfinished = check_json_template(parsed(R"({{"text": "{title}")"));
  REQUIRE_FALSE(unfinished.has_value());
  CHECK(unfinished.error().message == "the template ends before the JSON document does");

  CHECK_FALSE(check_json_template(parsed("text: {title}")).has_value());
  CHECK_FALSE(check_json_template(parsed("  ")).has_value());
  CHECK(check_json_template(parsed(R"(["{title}", {{"n": 1}}])")).has_value());
}
