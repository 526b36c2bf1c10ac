// Printable names of the store's enums; also the values of the alerts.state column.
#include "store/store.hpp"

namespace vigil::store {

const char* to_string(AlertState state) {
  switch (state) {
    case AlertState::pending: return "pending";
    case AlertState::sending: return "sending";
    case AlertState::retrying: return "retrying";
    case AlertState::delivered: return "delivered";
    case AlertState::dead: return "dead";
  }
  return "pending";
}

std::optional<AlertState> alert_state_from(std::string_view name) {
  for (AlertState state : {AlertState::pending, AlertState::sending, AlertState::retrying, AlertState::delivered, AlertState::dead})
    if (name == to_string(state)) return state;
  return std::nullopt;
}

}  // namespace vigil::store
