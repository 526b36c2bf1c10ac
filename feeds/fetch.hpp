#pragma once
// Fetch policy: the conditional GET for a source, the FetchResult it yields, and when to try a
// failing source again.
#include <chrono>
#include <functional>

#include "model/fetch.hpp"
#include "model/source.hpp"

namespace vigil::net { class Client; }

namespace vigil::feeds {

// Sends a GET for `source` with If-None-Match / If-Modified-Since from `state`; `done` runs on
// the client's io_context thread. A status other than 200/304 is an error of kind http_status.
void fetch_source(net::Client& client, const SourceSpec& source, const FetchState& state,
                  std::function<void(FetchResult)> done);

// How long to wait before polling a source again after `consecutive_failures` (>= 1) failures
// in a row: the interval doubled per failure up to 8x, at most 6 hours, with +-10% jitter so
// failing sources do not retry in lockstep.
std::chrono::seconds failure_backoff(int consecutive_failures, std::chrono::seconds interval);

}  // namespace vigil::feeds
