// check_json_template: a webhook body template must give valid JSON for any alert. Field values
// are escaped for the inside of a JSON string, so a template whose fields all sit inside
// strings gives valid JSON for every alert when it does for one hostile sample; a field outside
// a string breaks on the sample's first character.
#include <optional>

#include <nlohmann/json.hpp>

#include "alerts/template.hpp"

namespace vigil::alerts {

namespace {

// Every value starts with '<' (never valid outside a JSON string) and carries what could end a
// string or a document early: quotes, backslashes, braces, line breaks, U+2028, markup.
AlertText hostile_sample() {
  const std::string nasty = "<\"}]\\\" \\u0022 \n\r\t\x01 {{title}} </script><script>alert(\"x\")</script> "
                            "\xE2\x80\xA8\xE2\x80\xA9 \xE2\x80\xAE \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x92\xA3 '";
  AlertText t;
  t.topics = nasty + ", mines";
  t.title = nasty;
  t.source = nasty;
  t.date = "<2024-11-20 14:05 UTC\"";
  t.link = "<https://news.example.org/a?b=\"c\"&d=\\e";
  t.summary = nasty + "\n\n" + nasty;
  t.also = nasty + ", " + nasty;
  MatchText m;
  m.topic = nasty;
  m.terms = nasty;
  m.snippet = nasty;
  m.marked = nasty;
  m.html = nasty;
  t.matches.push_back(m);
  return t;
}

struct JsonProblem {
  std::size_t at = 0;  // byte offset of the offending character in the document
  std::string reason;  // nlohmann's message without its prefix and the text it quotes
};

std::optional<JsonProblem> json_problem(const std::string& document) {
  if (nlohmann::json::accept(document)) return std::nullopt;
  try {
    (void)nlohmann::json::parse(document).is_null();  // throws: accept() said no; we want the place
  } catch (const nlohmann::json::parse_error& e) {
    std::string message = e.what();
    if (const auto colon = message.find(": "); message.starts_with("[json.exception") && colon != std::string::npos)
      message.erase(0, colon + 2);
    if (const auto last = message.find("; last read: '"); last != std::string::npos) {
      const auto end = message.find("'; ", last + 14);
      message.erase(last, end == std::string::npos ? std::string::npos : end + 1 - last);
    }
    // e.byte counts the bytes read, the offending one included.
    return JsonProblem{.at = e.byte == 0 ? 0 : e.byte - 1, .reason = std::move(message)};
  }
  return JsonProblem{.at = document.size(), .reason = "not valid JSON"};
}

}  // namespace

std::expected<void, TemplateError> check_json_template(const Template& body) {
  for (const AlertText& sample : {hostile_sample(), AlertText{}}) {
    std::string out;
    std::vector<std::size_t> starts;
    for (const auto& part : body.parts_) {
      starts.push_back(out.size());
      out += body.render_part(part, sample, Escape::json_string);
    }
    const auto problem = json_problem(out);
    if (!problem) continue;
    if (problem->at >= out.size() || starts.empty())
      return std::unexpected(body.error_at(body.text_.size(), "the template ends before the JSON document does"));
    std::size_t k = starts.size() - 1;
    while (k > 0 && starts[k] > problem->at) --k;
    const auto& part = body.parts_[k];
    if (part.is_field) {
      const std::string name(template_field_names()[static_cast<std::size_t>(part.field)]);
      return std::unexpected(
          body.error_at(part.offset, "field {" + name + "} is not inside a JSON string: write \"{" + name + "}\""));
    }
    return std::unexpected(body.error_at(body.source_offset(part, problem->at - starts[k]),
                                         "the template does not give valid JSON: " + problem->reason));
  }
  return {};
}

}  // namespace vigil::alerts
