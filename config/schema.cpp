#include "config/schema.hpp"

namespace vigil::config::detail {

void apply_default(std::string_view literal, const std::function<void(const toml::node&)>& apply) {
  // The literals are ours and valid (the defaults test loads every one of them); a broken one
  // would surface as a parse_error in that test, not in users' hands.
  const auto holder = toml::parse("value = " + std::string(literal), std::string_view("<default>"));
  apply(*holder.get("value"));
}

void check_exclusive(Reader& reader, const KeyPositions& seen, std::string_view a, std::string_view b) {
  const Where* at_a = seen.find(a);
  const Where* at_b = seen.find(b);
  if (at_a == nullptr || at_b == nullptr) return;
  const bool a_later =
      std::pair(at_a->begin.line, at_a->begin.column) > std::pair(at_b->begin.line, at_b->begin.column);
  reader.error(a_later ? *at_a : *at_b,
               fmt::format("keys \"{}\" and \"{}\" in {} exclude each other; keep one", a, b, reader.section()));
}

std::string name_label(const toml::table& table, std::size_t index) {
  if (const auto* name = table.get_as<std::string>("name"); name && !name->get().empty())
    return quote_value(name->get());
  return "#" + std::to_string(index);
}

}  // namespace vigil::config::detail
