#include "net/curl_handles.hpp"

#include <mutex>
#include <stdexcept>

namespace vigil::net::detail {

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

bool append(CurlSlist& list, const char* text) {
  curl_slist* head = curl_slist_append(list.get(), text);
  if (!head) return false;
  (void)list.release();  // the same list (or a new one when it was empty), now owned by `head`
  list.reset(head);
  return true;
}

}  // namespace vigil::net::detail
