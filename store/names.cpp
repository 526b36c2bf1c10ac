// Printable names of the store's enums; also the values of the alerts.state column.
#include "store/store.hpp"

namespace vigil::store {

const char* to_string(AlertState state) {
  switch (state) {
    case AlertState::pending: return "pending";
    case AlertState::retrying: return "retrying";
    case AlertState::delivered: return "delivered";
    case AlertState::dead: return "dead";
  }
  return "pending";
}

}  // namespace vigil::store
