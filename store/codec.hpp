#pragma once
// How model values are laid out in SQLite rows: string lists as JSON arrays, the columns of an
// item. Shared by the store's queries so every query reads items the same way.
#include <string>
#include <string_view>
#include <vector>

#include "model/item.hpp"
#include "store/sqlite_handle.hpp"
#include "store/store.hpp"

namespace vigil::store::sqlite {

// ["a","b"]; invalid UTF-8 (feeds are hostile) is replaced, never thrown on.
std::string encode_list(const std::vector<std::string>& values);
// Throws Failure when the text is not a JSON array of strings (a corrupt row).
std::vector<std::string> decode_list(std::string_view json);

// Match explanations as a JSON array of {"topic","terms","score","snippet","highlights":[[b,e]...]}.
std::string encode_matches(const std::vector<Match>& matches);
// Throws Failure on a corrupt value.
std::vector<Match> decode_matches(std::string_view json);

// The item columns of `items` AS i, in the order read_item expects.
inline constexpr std::string_view item_columns =
    "i.item_id, i.source, i.title, i.link, i.published, i.updated, i.summary, i.content, i.authors, i.lang";
inline constexpr int item_column_count = 10;
// Reads the item_columns starting at column `first`.
Item read_item(const Statement& row, int first);

// A health notice's text (alerts.notice): {"source","title","summary","link","at"}; read
// back as the Item its alert shows. decode throws Failure on a corrupt value.
std::string encode_notice(const HealthNotice& notice);
struct DecodedNotice {
  Item item;
  HealthEvent event = HealthEvent::failing;
};
DecodedNotice decode_notice(std::string_view json);

// The state column's text, and back (throws Failure on an unknown name).
AlertState parse_alert_state(std::string_view name);

}  // namespace vigil::store::sqlite
