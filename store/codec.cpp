#include "store/codec.hpp"

#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace vigil::store::sqlite {

std::string encode_list(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> decode_list(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) throw Failure("corrupt list in the database: " + std::string(json));
  std::vector<std::string> values;
  values.reserve(parsed.size());
  for (const auto& value : parsed) {
    if (!value.is_string()) throw Failure("corrupt list in the database: " + std::string(json));
    values.push_back(value.get<std::string>());
  }
  return values;
}

std::string encode_matches(const std::vector<Match>& matches) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& match : matches) {
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto& h : match.highlights) highlights.push_back({h.begin, h.end});
    out.push_back({{"topic", match.topic},
                   {"terms", match.terms},
                   {"score", match.score},
                   {"snippet", match.snippet},
                   {"highlights", std::move(highlights)}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Match> decode_matches(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  auto corrupt = [&] { return Failure("corrupt match explanations in the database: " + std::string(json)); };
  if (!parsed.is_array()) throw corrupt();
  std::vector<Match> matches;
  try {
    for (const auto& value : parsed) {
      Match match;
      match.topic = value.at("topic").get<std::string>();
      match.terms = value.at("terms").get<std::vector<std::string>>();
      match.score = value.at("score").get<double>();
      match.snippet = value.at("snippet").get<std::string>();
      for (const auto& h : value.at("highlights"))
        match.highlights.push_back({h.at(0).get<std::size_t>(), h.at(1).get<std::size_t>()});
      matches.push_back(std::move(match));
    }
  } catch (const nlohmann::json::exception&) {
    throw corrupt();
  }
  return matches;
}

Item read_item(const Statement& row, int first) {
  Item item;
  item.id = row.text(first);
  item.source = row.text(first + 1);
  item.title = row.text(first + 2);
  item.link = row.text(first + 3);
  item.published = row.optional_time(first + 4);
  item.updated = row.optional_time(first + 5);
  item.summary = row.text(first + 6);
  item.content = row.text(first + 7);
  item.authors = decode_list(row.text(first + 8));
  item.lang = row.text(first + 9);
  return item;
}

std::string encode_notice(const HealthNotice& notice) {
  const char* event = notice.event == HealthEvent::recovered ? "recovered"
                      : notice.event == HealthEvent::silent  ? "silent"
                                                             : "failing";
  const nlohmann::json out{{"event", event},
                           {"source", notice.source},
                           {"title", notice.title},
                           {"summary", notice.summary},
                           {"link", notice.link},
                           {"at", std::chrono::duration_cast<std::chrono::seconds>(notice.at.time_since_epoch()).count()}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

DecodedNotice decode_notice(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("at") || !parsed["at"].is_number_integer())
    throw Failure("corrupt health notice in the database: " + std::string(json));
  auto text = [&](const char* key) {
    const auto found = parsed.find(key);
    return found != parsed.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  Item item;
  item.source = text("source");
  item.title = text("title");
  item.summary = text("summary");
  item.link = text("link");
  item.published = Timestamp(std::chrono::seconds(parsed["at"].get<std::int64_t>()));
  const auto event = text("event");
  return {.item = std::move(item),
          .event = event == "recovered" ? HealthEvent::recovered
                   : event == "silent"  ? HealthEvent::silent
                                        : HealthEvent::failing};
}

AlertState parse_alert_state(std::string_view name) {
  if (auto state = alert_state_from(name)) return *state;
  throw Failure("unknown alert state in the database: " + std::string(name));
}

}  // namespace vigil::store::sqlite
