// [[channel]] templates: `subject` and `body` on email channels, a JSON `body` on generic
// webhooks; a template error is a config error at the value, with the place in the template.
#include <catch2/catch.hpp>

#include "alerts/alert_text.hpp"
#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

using namespace vigil::config;
using namespace vigil::config::testing;
using vigil::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

// A generic webhook channel, plus `extra` lines (starting at line 5).
std::string webhook_channel(const std::string& extra) {
  return "[[channel]]\n"
         "name = \"ops\"\n"
         "type = \"webhook\"\n"
         "url = \"https://hooks.example.org/vigil\"\n" +
         extra;
}

const std::string kFields =
    "{topic}, {title}, {url}, {source}, {published}, {snippet}, {also}, {summary}";

vigil::alerts::AlertText sample_text() {
  vigil::alerts::AlertText t;
  t.topics = "landmines";
  t.title = "Mine \"clearance\" <resumes>";
  t.source = "wire";
  t.link = "https://news.example.org/1";
  return t;
}

}  // namespace

TEST_CASE("subject and body templates load into the email channel", "[config][channel][template]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("subject = \"[{source}] {title}\"\n"
                                                   "body = '''\n{title}\n{url}'''\n"));
  REQUIRE(printed(result, dir) == Lines{});
  REQUIRE(result.ok());
  const auto& email = result.config->channels[0].email;
  REQUIRE(email.subject_template);
  REQUIRE(email.body_template);
  CHECK(email.subject_template->text() == "[{source}] {title}");
  CHECK(email.subject_template->render(sample_text(), vigil::alerts::Escape::one_line) ==
        "[wire] Mine \"clearance\" <resumes>");
  CHECK(email.body_template->render(sample_text(), vigil::alerts::Escape::plain) ==
        "Mine \"clearance\" <resumes>\nhttps://news.example.org/1");
}

TEST_CASE("an email channel without templates keeps the built-in subject and body", "[config][channel][template]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel(""));
  REQUIRE(result.ok());
  CHECK_FALSE(result.config->channels[0].email.subject_template);
  CHECK_FALSE(result.config->channels[0].email.body_template);
}

TEST_CASE("an unknown field in a subject is an error at the value, with the template's column",
          "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("subject = \"News: {titel}\"\n"));
  CHECK_FALSE(result.ok());
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:7:11: error: key \"subject\" in [[channel]] \"desk\": template, column 7: unknown field "
              "{titel}; the fields are " +
              kFields});
}

TEST_CASE("brace errors in a template name the template's line and column", "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("subject = \"[vigil] {title\"\n"
                                                   "body = '''\nTitle: {title}\nLink: {url} } more'''\n"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:7:11: error: key \"subject\" in [[channel]] \"desk\": template, column 9: unclosed \"{\": "
              "write {name} for a field, \"{{\" for a literal brace",
              "vigil.toml:8:8: error: key \"body\" in [[channel]] \"desk\": template, line 2, column 13: a lone "
              "\"}\": write \"}}\" for a literal brace"});
}

TEST_CASE("a webhook body template loads when it gives valid JSON", "[config][channel][template]") {
  TempDir dir;
  const auto result =
      load_text(dir, webhook_channel("body = '''{{\"text\": \"{topic}: {title}\\n{url}\", \"tags\": [\"{source}\"]}}'''\n"));
  REQUIRE(printed(result, dir) == Lines{});
  const auto& webhook = result.config->channels[0].webhook;
  REQUIRE(webhook.body_template);
  CHECK(webhook.body_template->render(sample_text(), vigil::alerts::Escape::json_string) ==
        R"({"text": "landmines: Mine \"clearance\" <resumes>\nhttps://news.example.org/1", "tags": ["wire"]})");
}

TEST_CASE("a webhook body field outside a JSON string is a config error at that field",
          "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, webhook_channel("body = '{{\"text\": {title}}}'\n"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:5:8: error: key \"body\" in [[channel]] \"ops\": template, column 11: field {title} is "
              "not inside a JSON string: write \"{title}\""});
}

TEST_CASE("a webhook body that is not JSON is a config error where it goes wrong", "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, webhook_channel("body = '{{\"text\": \"{title}\",}}'\n"));
  const auto lines = printed(result, dir);
  REQUIRE(lines.size() == 1);
  INFO(lines[0]);
  CHECK(lines[0].starts_with("vigil.toml:5:8: error: key \"body\" in [[channel]] \"ops\": template, column 21: the "
                             "template does not give valid JSON: syntax error"));

  TempDir other;
  const auto plain = load_text(other, webhook_channel("body = \"{title}\"\n"));
  REQUIRE(printed(plain, other).size() == 1);
  CHECK(printed(plain, other)[0].starts_with("vigil.toml:5:8: error: key \"body\" in [[channel]] \"ops\": template, "
                                             "column 1: field {title} is not inside a JSON string"));
}

TEST_CASE("body is only for email and webhook channels, subject only for email", "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, webhook_channel("subject = \"{title}\"\n") + R"(
[[channel]]
name = "screen"
type = "console"
body = "{title}"
)");
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:5:1: error: key \"subject\" in [[channel]] \"ops\" is not valid for a webhook channel "
              "(only for email)",
              "vigil.toml:10:1: error: key \"body\" in [[channel]] \"screen\" is not valid for a console channel "
              "(only for email and webhook)"});
}

TEST_CASE("a template must be a non-empty string", "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, email_channel("subject = \"  \"\nbody = 42\n"));
  CHECK(printed(result, dir) ==
        Lines{"vigil.toml:7:11: error: key \"subject\" in [[channel]] \"desk\": expected a non-empty template",
              "vigil.toml:8:8: error: key \"body\" in [[channel]] \"desk\": expected a string, got an integer"});
}

TEST_CASE("a webhook preset has no body template: one error, no JSON check", "[config][channel][template][errors]") {
  TempDir dir;
  const auto result = load_text(dir, webhook_channel("preset = \"slack\"\nbody = '{title}'\n"));
  const auto lines = printed(result, dir);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("vigil.toml:6:1: error: key \"body\" in [[channel]] \"ops\" is only for the generic"));
  CHECK_FALSE(result.ok());
}
