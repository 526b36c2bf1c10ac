// Printable names of the model's enums, for logs, the CLI and the store.
#include "model/alert.hpp"
#include "model/fetch.hpp"

namespace vigil {

const char* to_string(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::none: return "none";
    case FetchErrorKind::timeout: return "timeout";
    case FetchErrorKind::connect: return "connect";
    case FetchErrorKind::too_large: return "too_large";
    case FetchErrorKind::too_many_redirects: return "too_many_redirects";
    case FetchErrorKind::http_status: return "http_status";
    case FetchErrorKind::protocol: return "protocol";
    case FetchErrorKind::cancelled: return "cancelled";
    case FetchErrorKind::other: return "other";
  }
  return "other";
}

const char* to_string(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::delivered: return "delivered";
    case DeliveryOutcome::retry: return "retry";
    case DeliveryOutcome::permanent: return "permanent";
  }
  return "retry";
}

}  // namespace vigil
