#include "net/client.hpp"

#include <algorithm>
#include <cctype>
#include <list>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/http_transfer.hpp"
#include "net/mail_transfer.hpp"
#include "net/multi_bridge.hpp"

namespace vigil::net {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::connect: return "connect";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::too_many_redirects: return "too_many_redirects";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::cancelled: return "cancelled";
    case ErrorKind::other: return "other";
  }
  return "other";
}

std::string HttpResponse::header(std::string_view name) const {
  const auto same = [&](const std::string& candidate) {
    return std::ranges::equal(candidate, name, [](unsigned char a, unsigned char b) {
      return std::tolower(a) == std::tolower(b);
    });
  };
  for (const auto& [key, value] : headers)
    if (same(key)) return value;
  return {};
}

std::optional<std::string> host_of(const std::string& url) {
  auto key = detail::host_key(url);
  if (!key) return std::nullopt;
  return std::move(*key);
}

// Our own queue in front of curl: it enforces max_in_flight, max_per_host and each request's
// host spacing (curl would queue too, but its clock would already be running), and starts
// transfers in FIFO order per host among those whose host has room.
struct Client::Impl {
  using SteadyClock = std::chrono::steady_clock;

  Impl(boost::asio::io_context& io_context, ClientOptions client_options)
      : io(io_context),
        options(std::move(client_options)),
        spacing_timer(io_context),
        bridge(io_context, [this](CURL* easy, CURLcode code) { finished(easy, code); }) {
    options.max_in_flight = std::max<std::size_t>(1, options.max_in_flight);
    options.max_per_host = std::max<std::size_t>(1, options.max_per_host);
  }

  ~Impl() {
    alive.reset();  // completions already posted are dropped
    spacing_timer.cancel();
    for (auto& [easy, transfer] : running) bridge.remove(easy);
    running.clear();
    queue.clear();
  }

  void enqueue(std::unique_ptr<detail::Transfer> transfer) {
    queue.push_back(std::move(transfer));
    pump();
  }

  void pump() {
    const auto now = SteadyClock::now();
    std::optional<SteadyClock::time_point> wake;       // the earliest spacing that ends
    std::unordered_set<std::string> waiting_hosts;      // keeps FIFO order within a host
    for (auto it = queue.begin(); it != queue.end() && running.size() < options.max_in_flight;) {
      const std::string& key = (*it)->host_key();
      if (const auto host = per_host.find(key);
          waiting_hosts.contains(key) || (host != per_host.end() && host->second >= options.max_per_host)) {
        ++it;
        continue;
      }
      if (const auto ready = spacing_ends(**it); ready > now) {
        waiting_hosts.insert(key);
        wake = wake ? std::min(*wake, ready) : ready;
        ++it;
        continue;
      }
      auto transfer = std::move(*it);
      it = queue.erase(it);
      last_start[transfer->host_key()] = now;
      start(std::move(transfer));
    }
    if (wake) wake_at(*wake);
  }

  // When `transfer` may start as far as its host spacing is concerned.
  SteadyClock::time_point spacing_ends(const detail::Transfer& transfer) const {
    if (transfer.host_spacing().count() <= 0) return {};
    const auto last = last_start.find(transfer.host_key());
    return last == last_start.end() ? SteadyClock::time_point{} : last->second + transfer.host_spacing();
  }

  // One timer for all spacings: armed for the earliest, re-armed by the pump it triggers.
  void wake_at(SteadyClock::time_point when) {
    if (spacing_wake && *spacing_wake <= when && *spacing_wake > SteadyClock::now()) return;
    spacing_wake = when;
    spacing_timer.expires_at(when);
    spacing_timer.async_wait([this, alive_flag = std::weak_ptr<bool>(alive)](const boost::system::error_code& ec) {
      if (ec || alive_flag.expired()) return;
      spacing_wake.reset();
      pump();
    });
  }

  void start(std::unique_ptr<detail::Transfer> transfer) {
    if (auto error = transfer->start(options)) {
      deliver(transfer->fail(ErrorKind::protocol, std::move(*error)));
      return;
    }
    CURL* easy = transfer->easy();
    ++per_host[transfer->host_key()];
    auto& slot = running[easy];
    slot = std::move(transfer);
    if (!bridge.add(easy)) {
      auto failed = take(easy);
      deliver(failed->fail(ErrorKind::other, "curl refused the transfer"));
    }
  }

  // Removes a running transfer from our books (not from curl's).
  std::unique_ptr<detail::Transfer> take(CURL* easy) {
    auto found = running.find(easy);
    if (found == running.end()) return nullptr;
    auto transfer = std::move(found->second);
    running.erase(found);
    if (auto host = per_host.find(transfer->host_key()); host != per_host.end() && --host->second == 0)
      per_host.erase(host);
    return transfer;
  }

  void finished(CURL* easy, CURLcode code) {
    bridge.remove(easy);
    auto transfer = take(easy);
    if (!transfer) return;
    deliver(transfer->finish(code));
    transfer.reset();  // frees the easy handle before the next one starts
    pump();
  }

  void cancel_all() {
    auto stopped = std::move(running);
    running.clear();
    per_host.clear();
    auto waiting = std::move(queue);
    queue.clear();
    for (auto& [easy, transfer] : stopped) {
      bridge.remove(easy);
      deliver(transfer->fail(ErrorKind::cancelled, "cancelled"));
    }
    for (auto& transfer : waiting) deliver(transfer->fail(ErrorKind::cancelled, "cancelled"));
  }

  // Handlers always run posted: never inside curl, never inside our own bookkeeping.
  void deliver(detail::Completion completion) {
    boost::asio::post(io, [alive_flag = std::weak_ptr<bool>(alive), completion = std::move(completion)] {
      if (!alive_flag.expired()) completion();
    });
  }

  boost::asio::io_context& io;
  ClientOptions options;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  boost::asio::steady_timer spacing_timer;
  std::optional<SteadyClock::time_point> spacing_wake;  // when the armed spacing timer fires
  detail::MultiBridge bridge;
  std::list<std::unique_ptr<detail::Transfer>> queue;
  std::unordered_map<CURL*, std::unique_ptr<detail::Transfer>> running;
  std::unordered_map<std::string, std::size_t> per_host;
  // When the last transfer to each host started; one entry per host ever contacted, which
  // is bounded by the configuration (sources and channels).
  std::unordered_map<std::string, SteadyClock::time_point> last_start;
};

Client::Client(boost::asio::io_context& io, ClientOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(options))) {}

Client::~Client() = default;

void Client::request(HttpRequest request, std::function<void(HttpResponse)> done) {
  auto key = detail::host_key(request.url);
  if (!key) {
    HttpResponse response;
    response.error = ErrorKind::protocol;
    response.error_message = key.error();
    impl_->deliver([done = std::move(done), response = std::move(response)]() mutable { done(std::move(response)); });
    return;
  }
  impl_->enqueue(std::make_unique<detail::HttpTransfer>(std::move(*key), std::move(request), std::move(done)));
}

void Client::send_mail(MailRequest request, std::function<void(MailResult)> done) {
  auto key = detail::host_key(request.url);
  if (!key) {
    MailResult result;
    result.error = ErrorKind::protocol;
    result.reply = key.error();
    impl_->deliver([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
    return;
  }
  impl_->enqueue(std::make_unique<detail::MailTransfer>(std::move(*key), std::move(request), std::move(done)));
}

std::size_t Client::running() const { return impl_->running.size(); }
std::size_t Client::queued() const { return impl_->queue.size(); }
void Client::cancel_all() { impl_->cancel_all(); }

}  // namespace vigil::net
