#include "net/multi_bridge.hpp"

#include <unistd.h>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <utility>

#include <boost/asio/posix/stream_descriptor.hpp>

namespace vigil::net::detail {

namespace asio = boost::asio;

struct MultiBridge::Socket {
  Socket(asio::io_context& io, curl_socket_t socket_fd) : fd(socket_fd), descriptor(io, socket_fd) {}
  ~Socket() {
    // release(), not close(): the fd belongs to curl. It also cancels pending waits.
    try {
      (void)descriptor.release();
    } catch (...) {
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  curl_socket_t fd;
  asio::posix::stream_descriptor descriptor;
  int wanted = 0;        // CURL_POLL_IN / OUT / INOUT, as curl last asked
  bool reading = false;  // a wait_read is pending
  bool writing = false;  // a wait_write is pending
};

MultiBridge::MultiBridge(asio::io_context& io, Finished finished)
    : io_(io), finished_(std::move(finished)), timer_(io) {
  ensure_curl_global_init();
  multi_.reset(curl_multi_init());
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &MultiBridge::on_socket);
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &MultiBridge::on_timer);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
}

MultiBridge::~MultiBridge() {
  alive_.reset();
  multi_.reset();  // may still call on_socket / on_close_socket while closing cached connections
  sockets_.clear();
  timer_.cancel();
}

bool MultiBridge::add(CURL* easy) {
  // Set here rather than by the transfer: connections outlive transfers in curl's cache, and
  // their close hook must reach the bridge, which outlives them all.
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &MultiBridge::on_close_socket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
  return curl_multi_add_handle(multi_.get(), easy) == CURLM_OK;
}

void MultiBridge::remove(CURL* easy) { curl_multi_remove_handle(multi_.get(), easy); }

int MultiBridge::on_socket(CURL*, curl_socket_t fd, int what, void* self_pointer, void*) {
  auto* self = static_cast<MultiBridge*>(self_pointer);
  try {
    if (what == CURL_POLL_REMOVE) {
      self->forget(fd);
      return 0;
    }
    auto found = self->sockets_.find(fd);
    if (found == self->sockets_.end()) {
      auto socket = std::make_shared<Socket>(self->io_, fd);
      found = self->sockets_.emplace(fd, std::move(socket)).first;
      curl_multi_assign(self->multi_.get(), fd, found->second.get());
    }
    found->second->wanted = what;
    self->watch(found->second);
    return 0;
  } catch (const std::exception&) {
    return -1;  // exceptions must not cross curl's C frames; curl fails the transfer instead
  }
}

int MultiBridge::on_timer(CURLM*, long timeout_ms, void* self_pointer) {
  auto* self = static_cast<MultiBridge*>(self_pointer);
  if (timeout_ms < 0) {
    self->timer_.cancel();
    return 0;
  }
  // 0 means "as soon as possible": an expired timer is just a post, outside this callback.
  self->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  self->timer_.async_wait([self, alive = std::weak_ptr<bool>(self->alive_)](const boost::system::error_code& error) {
    if (alive.expired() || error) return;  // destroyed, or replaced by a newer timeout
    self->act(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

int MultiBridge::on_close_socket(void* self_pointer, curl_socket_t fd) {
  // curl normally says CURL_POLL_REMOVE first; if it did not, stop watching before the fd
  // number can be reused by a new socket.
  static_cast<MultiBridge*>(self_pointer)->sockets_.erase(fd);
  return ::close(fd);
}

void MultiBridge::forget(curl_socket_t fd) {
  if (sockets_.erase(fd) > 0) curl_multi_assign(multi_.get(), fd, nullptr);
}

void MultiBridge::watch(const std::shared_ptr<Socket>& socket) {
  const auto arm = [&](asio::posix::descriptor_base::wait_type type, int direction) {
    socket->descriptor.async_wait(type, [this, alive = std::weak_ptr<bool>(alive_), weak = std::weak_ptr<Socket>(socket),
                                         direction](const boost::system::error_code& error) {
      if (alive.expired()) return;
      on_ready(weak, direction, error);
    });
  };
  if ((socket->wanted & CURL_POLL_IN) && !socket->reading) {
    socket->reading = true;
    arm(asio::posix::descriptor_base::wait_read, CURL_CSELECT_IN);
  }
  if ((socket->wanted & CURL_POLL_OUT) && !socket->writing) {
    socket->writing = true;
    arm(asio::posix::descriptor_base::wait_write, CURL_CSELECT_OUT);
  }
}

void MultiBridge::on_ready(const std::weak_ptr<Socket>& weak, int direction, const boost::system::error_code& error) {
  curl_socket_t fd = CURL_SOCKET_BAD;
  {
    auto socket = weak.lock();
    if (!socket) return;  // curl removed this socket while the wait was pending
    (direction == CURL_CSELECT_IN ? socket->reading : socket->writing) = false;
    if (error == asio::error::operation_aborted) return;
    const int poll = direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
    if (!(socket->wanted & poll)) return;  // curl no longer cares about this direction
    fd = socket->fd;
  }  // hold no reference across act(): curl may remove the socket in there
  act(fd, error ? CURL_CSELECT_ERR : direction);
  if (auto socket = weak.lock()) watch(socket);
}

void MultiBridge::act(curl_socket_t fd, int events) {
  int running = 0;
  curl_multi_socket_action(multi_.get(), fd, events, &running);
  collect_finished();
}

void MultiBridge::collect_finished() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    // Copy before the callback removes the handle, which invalidates the message.
    CURL* easy = message->easy_handle;
    const CURLcode result = message->data.result;
    finished_(easy, result);
  }
}

}  // namespace vigil::net::detail
