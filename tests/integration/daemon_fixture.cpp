#include "tests/integration/daemon_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vigil::test {
namespace {

const std::string kSupport = std::string(VIGIL_SOURCE_DIR) + "/tests/support/";

std::string date_rfc822(std::time_t t) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string date_rfc3339(std::time_t t) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int port_from(ChildProcess& child) {
  auto line = child.read_line(std::chrono::seconds(15));
  if (line.rfind("PORT ", 0) != 0) throw std::runtime_error("server did not announce its port: " + line);
  return std::stoi(line.substr(5));
}

}  // namespace

std::string render_feed(FeedFormat format, const std::string& site, const std::vector<FeedEntry>& entries) {
  std::ostringstream out;
  std::time_t t = std::time(nullptr) - 60;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  switch (format) {
    case FeedFormat::rss2:
      out << "<rss version=\"2.0\"><channel><title>Test RSS</title><link>" << site << "/</link>\n";
      for (const auto& e : entries) {
        out << "<item><title>" << e.title << "</title><link>" << site << e.path << "</link><guid isPermaLink=\"false\">"
            << e.id << "</guid><pubDate>" << date_rfc822(t--) << "</pubDate><description>" << e.summary
            << "</description></item>\n";
      }
      out << "</channel></rss>\n";
      break;
    case FeedFormat::rdf:
      out << "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\""
             " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel rdf:about=\""
          << site << "/\"><title>Test RDF</title><link>" << site << "/</link><description>d</description></channel>\n";
      for (const auto& e : entries) {
        out << "<item rdf:about=\"" << site << e.path << "\"><title>" << e.title << "</title><link>" << site << e.path
            << "</link><description>" << e.summary << "</description><dc:date>" << date_rfc3339(t--)
            << "</dc:date></item>\n";
      }
      out << "</rdf:RDF>\n";
      break;
    case FeedFormat::atom:
      out << "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Test Atom</title><id>urn:test:" << site
          << "</id><updated>" << date_rfc3339(t) << "</updated>\n";
      for (const auto& e : entries) {
        out << "<entry><title>" << e.title << "</title><id>urn:test:" << e.id << "</id><link rel=\"alternate\" href=\""
            << e.path << "\"/><updated>" << date_rfc3339(t--) << "</updated><summary>" << e.summary
            << "</summary></entry>\n";
      }
      out << "</feed>\n";
      break;
  }
  return out.str();
}

World::World() {
  feeds_dir = dir.file("feeds");
  std::filesystem::create_directories(feeds_dir);
  mail_log = dir.file("mail.jsonl");
  hook_log = dir.file("hooks.jsonl");
  vigil_log = dir.file("vigil.log");
  smtp_port = free_port();
  hook_port = free_port();
}

World::~World() {
  if (vigil_) stop_vigil(std::chrono::seconds(5));
}

void World::start_http() {
  http_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{VIGIL_DEBIAN_PYTHON, kSupport + "http_server.py", "--port", "0", "--root", feeds_dir},
      dir.file("http.log"));
  http_port = port_from(*http_);
}

void World::start_smtp(const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{VIGIL_DEBIAN_PYTHON, kSupport + "smtp_server.py", "--port", std::to_string(smtp_port),
                                "--record", mail_log};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  smtp_ = std::make_unique<ChildProcess>(argv, dir.file("smtp.log"));
  port_from(*smtp_);
}

void World::start_hooks() {
  hooks_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{VIGIL_DEBIAN_PYTHON, kSupport + "webhook_receiver.py", "--port",
                               std::to_string(hook_port), "--record", hook_log},
      dir.file("hooks.log"));
  hook_port = port_from(*hooks_);
}

void World::write_feed(const std::string& name, FeedFormat format, const std::vector<FeedEntry>& entries) {
  // Write then rename, so the server never serves half a document.
  const auto path = feeds_dir + "/" + name;
  const auto site = "https://" + name.substr(0, name.find('.')) + ".example.org";  // fieldwatch.xml -> fieldwatch
  write_file(path + ".tmp", render_feed(format, site, entries));
  std::filesystem::rename(path + ".tmp", path);
}

std::string World::write_config(const std::vector<std::pair<std::string, std::string>>& sources, bool baseline) {
  std::ostringstream c;
  for (const auto& [name, file] : sources) {
    c << "[[source]]\nname = \"" << name << "\"\nurl = \"" << url(file) << "\"\n"
      << "baseline = " << (baseline ? "true" : "false") << "\n\n";
  }
  return write_config_text(c.str());
}

std::string World::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(http_port) + "/" + path;
}

std::string World::write_config_text(const std::string& sources_toml) {
  std::ostringstream c;
  // All sources share 127.0.0.1: no spacing between requests, or polls queue behind each other.
  c << "[daemon]\nstate = \"" << dir.file("state") << "\"\ninterval = \"1s\"\nconcurrency = 8\nper_host = 2\n"
    << "per_host_delay = \"0\"\nlisten = \"" << listen << "\"\n" << daemon_toml << "\n";
  c << sources_toml << "\n";
  c << "[[topic]]\nname = \"landmines\"\nquery = 'landmine OR \"anti-personnel mine\"'\nnotify = [\"mail\", \"hook\"]\n\n"
    << "[[topic]]\nname = \"ukraine\"\nquery = 'Ukraine OR Kyiv OR Україна'\nnotify = [\"mail\", \"hook\"]\n\n"
    << "[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp = \"smtp://127.0.0.1:" << smtp_port << "\"\n"
    << "starttls = \"never\"\nfrom = \"vigil <alerts@vigil.test>\"\nto = [\"desk@vigil.test\"]\nretry_max = \"5s\"\n\n"
    << "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \""
    << (hook_url.empty() ? "http://127.0.0.1:" + std::to_string(hook_port) + "/hook/desk" : hook_url) << "\"\n";
  const auto path = dir.file("vigil.toml");
  write_file(path, c.str());
  return path;
}

void World::start_vigil(const std::string& config) {
  vigil_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{VIGIL_BINARY, "run", "-c", config, "--log-level", "debug"}, vigil_log);
}

void World::start_vigil(const std::string& config, const std::vector<std::string>& environment) {
  // env(1) execs vigil in its own place: the child's pid is vigil's, so signals reach it.
  std::vector<std::string> argv{"/usr/bin/env"};
  argv.insert(argv.end(), environment.begin(), environment.end());
  for (const char* arg : {VIGIL_BINARY, "run", "-c"}) argv.emplace_back(arg);
  argv.insert(argv.end(), {config, "--log-level", "debug"});
  vigil_ = std::make_unique<ChildProcess>(argv, vigil_log);
}

void World::signal_vigil(int sig) {
  if (vigil_) vigil_->signal(sig);
}

void World::kill_vigil() {
  if (!vigil_) return;
  vigil_->signal(SIGKILL);
  vigil_->wait();
  vigil_.reset();
}

int World::stop_vigil(std::chrono::milliseconds timeout) {
  if (!vigil_) return -1;
  vigil_->signal(SIGTERM);
  int status = vigil_->wait(timeout);
  vigil_.reset();
  return status;
}

std::string World::run_cli(const std::vector<std::string>& args) {
  std::vector<std::string> argv{VIGIL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess cli(argv, dir.file("cli.log"));
  std::string out;
  try {
    for (;;) out += cli.read_line() + "\n";
  } catch (const std::exception&) {  // EOF: the command is done
  }
  cli_status = cli.wait();
  return out;
}

std::vector<nlohmann::json> read_json_lines(const std::string& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));  // a line still being written is skipped
  }
  return out;
}

std::vector<nlohmann::json> World::mails() const { return read_json_lines(mail_log); }
std::vector<nlohmann::json> World::hooks() const { return read_json_lines(hook_log); }

std::size_t World::log_count(const std::string& needle) const {
  const auto text = read_file(vigil_log);
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

// "GET path" over a fresh HTTP/1.0 connection to 127.0.0.1:port: the body.
std::string http_get(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  const auto body = response.find("\r\n\r\n");
  if (body == std::string::npos) throw std::runtime_error("no HTTP response from port " + std::to_string(port));
  return response.substr(body + 4);
}

HttpReply http_request(int port, const std::string& path, const std::vector<std::string>& headers,
                       const std::string& method) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  timeval timeout{.tv_sec = 20, .tv_usec = 0};  // a hung server fails the test instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& header : headers) request += header + "\r\n";
    request += "\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  HttpReply reply;
  const auto end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || end == std::string::npos || response.size() < 12) return reply;
  reply.status = std::stoi(response.substr(9, 3));
  reply.head = response.substr(0, end);
  reply.body = response.substr(end + 4);
  return reply;
}

}  // namespace vigil::test
