#pragma once
// robots.txt per host, fetched when first needed and kept for a day (an unreadable one for an
// hour), shared by every source. Used for HTML list pages, sitemaps and followed pages of
// sources with robots = true. io thread only.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "feeds/robots.hpp"
#include "model/source.hpp"
#include "model/time.hpp"
#include "net/client.hpp"

namespace vigil::daemon {

class RobotsCache {
 public:
  explicit RobotsCache(net::Client& client) : client_(client) {}

  // done(nullopt) when `url` may be fetched for `source`, else done(the reason:
  // "robots.txt of https://ngo.example disallows /press"). file:// URLs and sources with
  // robots = false are always allowed. Calls for a host whose robots.txt is being fetched wait
  // for that one fetch.
  void check(const SourceSpec& source, const std::string& url, bool untrusted,
             std::function<void(std::optional<std::string>)> done);

  static constexpr std::string_view kUserAgent = "vigil";

 private:
  struct Waiter {
    std::string url;
    std::function<void(std::optional<std::string>)> done;
  };
  struct Entry {
    std::optional<feeds::Robots> robots;  // nullopt while the first fetch runs
    Timestamp expires{};
    bool fetching = false;
    std::vector<Waiter> waiting;
  };
  static void answer(const std::string& host, const feeds::Robots& robots, const Waiter& waiter);
  void fetched(const std::string& host, const net::HttpResponse& response);

  net::Client& client_;
  std::unordered_map<std::string, Entry> hosts_;
};

}  // namespace vigil::daemon
