#pragma once
// Owners for libcurl's C handles, and the one-time global initialisation. Internal to net/.
#include <curl/curl.h>

#include <memory>

namespace vigil::net::detail {

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
struct UrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};

using CurlEasy = std::unique_ptr<CURL, EasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, MultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, SlistDeleter>;
using CurlUrl = std::unique_ptr<CURLU, UrlDeleter>;

// curl_global_init, exactly once per process, before the first handle is made.
void ensure_curl_global_init();

// Appends a copy of `text`; false (and the list unchanged) when curl cannot allocate.
bool append(CurlSlist& list, const char* text);

}  // namespace vigil::net::detail
