#include "config/schema.hpp"

namespace vigil::config::detail {

void apply_default(std::string_view literal, const std::function<void(const toml::node&)>& apply) {
  // The literals are ours and valid (the defaults test loads every one of them); a broken one
  // would surface as a parse_error in that test, not in users' hands.
  const auto holder = toml::parse("value = " + std::string(literal), std::string_view("<default>"));
  apply(*holder.get("value"));
}

std::string name_label(const toml::table& table, std::size_t index) {
  if (const auto* name = table.get_as<std::string>("name"); name && !name->get().empty())
    return quote_value(name->get());
  return "#" + std::to_string(index);
}

}  // namespace vigil::config::detail
