#pragma once
// A scratch world for end-to-end tests: feeds served over HTTP, an SMTP server, a webhook
// receiver and the vigil binary, all on 127.0.0.1, all torn down with the fixture.
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"

namespace vigil::test {

struct FeedEntry {
  std::string id;
  std::string title;
  std::string summary;
  std::string path;  // link path on the feed's site
};

enum class FeedFormat { rss2, rdf, atom };

// Writes a feed document in `format` holding `entries` (newest first), dated around now.
std::string render_feed(FeedFormat format, const std::string& site, const std::vector<FeedEntry>& entries);

class World {
 public:
  World();
  ~World();

  TempDir dir;
  std::string feeds_dir;                 // served at http://127.0.0.1:http_port/
  int http_port = 0;
  int smtp_port = 0;                     // reserved even while the SMTP server is down
  int hook_port = 0;                     // reserved too, so a config may name it before it runs
  std::string mail_log, hook_log, vigil_log;

  void start_http();
  void start_smtp(const std::vector<std::string>& extra_args = {});
  void start_hooks();
  void write_feed(const std::string& name, FeedFormat format, const std::vector<FeedEntry>& entries);
  // Writes vigil.toml: one source per (name, file), topics landmines and ukraine, channels mail and hook.
  std::string write_config(const std::vector<std::pair<std::string, std::string>>& sources, bool baseline);
  // The same with [[source]] tables written by the test (for HTML and sitemap sources).
  std::string write_config_text(const std::string& sources_toml);
  std::string url(const std::string& path) const;  // http://127.0.0.1:<http_port>/<path>

  void start_vigil(const std::string& config);
  // The same with extra environment variables ("NAME=value"), e.g. NOTIFY_SOCKET.
  void start_vigil(const std::string& config, const std::vector<std::string>& environment);
  void signal_vigil(int sig);  // e.g. SIGHUP: reload
  int stop_vigil(std::chrono::milliseconds timeout = std::chrono::seconds(5));  // SIGTERM; exit status
  void kill_vigil();  // SIGKILL: a crash, with no chance to finish anything
  // Where the "hook" channel of write_config/write_config_text posts; default the receiver's
  // http://127.0.0.1:<hook_port>/hook/desk.
  std::string hook_url;
  // [daemon] listen of write_config/write_config_text: "" (no endpoints, so tests running at
  // once never fight over a port) unless a test sets "127.0.0.1:<free_port()>".
  std::string listen;
  std::string daemon_toml;  // more [daemon] lines for write_config/write_config_text

  // Runs `vigil ARGS...` to completion; returns its stdout (stderr goes to cli.log), and
  // leaves its exit status in cli_status.
  std::string run_cli(const std::vector<std::string>& args);
  int cli_status = -1;

  std::vector<nlohmann::json> mails() const;
  std::vector<nlohmann::json> hooks() const;
  // Polls until `predicate` holds or the timeout passes; returns whether it held.
  template <typename P>
  bool eventually(P predicate, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  // How many times vigil logged `needle` so far.
  std::size_t log_count(const std::string& needle) const;

 private:
  std::unique_ptr<ChildProcess> http_, smtp_, hooks_, vigil_;
};

std::vector<nlohmann::json> read_json_lines(const std::string& file);

// "GET path" over a fresh HTTP/1.0 connection to 127.0.0.1:port: the body.
std::string http_get(int port, const std::string& path);

struct HttpReply {
  int status = 0;     // 0 when nothing (or no HTTP) came back
  std::string head;   // status line and headers
  std::string body;
};
// One request over a fresh connection to 127.0.0.1:port; `headers` are whole lines without CRLF.
HttpReply http_request(int port, const std::string& path, const std::vector<std::string>& headers = {},
                       const std::string& method = "GET");

template <typename P>
bool World::eventually(P predicate, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return predicate();
}

}  // namespace vigil::test
