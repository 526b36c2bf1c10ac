#pragma once
// The libcurl-multi ⇄ Boost.Asio bridge: curl tells us which sockets to watch and when to wake
// it (socket and timer callbacks); Asio waits; we call curl_multi_socket_action from our own
// handlers only, never from inside a curl callback. Internal to net/.
//
// Lifetimes follow curl's multi-uv.c: a Socket context is made on the first CURL_POLL_* for a
// socket and dropped on CURL_POLL_REMOVE (or when curl closes the socket). It wraps the fd
// without owning it: curl opened it and curl closes it. Pending waits hold only weak
// references, so a wait that completes after its socket was removed does nothing.
#include <curl/curl.h>

#include <functional>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include "net/curl_handles.hpp"

namespace vigil::net::detail {

class MultiBridge {
 public:
  // Called once per finished transfer, from the bridge's own Asio handler (never inside a curl
  // callback); it may add and remove easy handles.
  using Finished = std::function<void(CURL* easy, CURLcode result)>;

  MultiBridge(boost::asio::io_context& io, Finished finished);
  // Closes the connections curl still caches. Remove every easy handle first.
  ~MultiBridge();
  MultiBridge(const MultiBridge&) = delete;
  MultiBridge& operator=(const MultiBridge&) = delete;

  // Starts a transfer; false when curl refuses the handle.
  bool add(CURL* easy);
  // Stops a transfer (finished or not); no Finished call follows for it.
  void remove(CURL* easy);

 private:
  struct Socket;

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_context);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static int on_close_socket(void* self, curl_socket_t fd);

  void watch(const std::shared_ptr<Socket>& socket);
  void on_ready(const std::weak_ptr<Socket>& socket, int direction, const boost::system::error_code& error);
  void forget(curl_socket_t fd);
  void act(curl_socket_t fd, int events);
  void collect_finished();

  boost::asio::io_context& io_;
  Finished finished_;
  boost::asio::steady_timer timer_;
  std::unordered_map<curl_socket_t, std::shared_ptr<Socket>> sockets_;
  CurlMulti multi_;
  // Handlers that outlive the bridge (aborted waits still queued in the io_context) see it
  // expired and return without touching `this`.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vigil::net::detail
