#include "tests/alerts/alerts_test_support.hpp"

#include <csignal>
#include <cctype>
#include <chrono>
#include <fstream>
#include <stdexcept>

namespace vigil::alerts::test {

using namespace std::chrono_literals;

Alert sample_alert(std::string title) {
  Alert alert;
  alert.id = "a1b2c3d4e5";
  alert.channel = "desk";
  alert.topics = {"landmines"};
  alert.item.id = "urn:example:1";
  alert.item.source = "wire-news";
  alert.item.title = std::move(title);
  alert.item.link = "https://news.example.org/2024/11/mine-clearance?id=7&lang=en";
  alert.item.published = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 20}} + 14h + 5min;
  alert.item.summary = "<p>Teams cleared <b>120</b> anti-personnel mines &amp; other ordnance.</p>";
  alert.created = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 11 / 20}} + 14h + 7min;
  return alert;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
      continue;
    }
    if (i + 2 >= text.size()) throw std::runtime_error("truncated QP escape");
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::string decode_base64(std::string_view text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto index = kAlphabet.find(c);
    if (index == std::string::npos) throw std::runtime_error("not base64");
    value = (value << 6) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_encoded_words(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    if (value.substr(pos, 10) == "=?UTF-8?B?") {
      const std::size_t end = value.find("?=", pos + 10);
      if (end == std::string_view::npos) throw std::runtime_error("unterminated encoded-word");
      out += decode_base64(value.substr(pos + 10, end - pos - 10));
      pos = end + 2;
      last_was_word = true;
      continue;
    }
    // Whitespace between two encoded-words is not part of the text (RFC 2047 section 6.2).
    std::size_t ws = pos;
    while (ws < value.size() && (value[ws] == ' ' || value[ws] == '\t')) ++ws;
    if (last_was_word && ws > pos && value.substr(ws, 10) == "=?UTF-8?B?") {
      pos = ws;
      continue;
    }
    out += value[pos++];
    last_was_word = false;
  }
  return out;
}

Message split_message(std::string_view raw) {
  Message message;
  const std::size_t end = raw.find("\r\n\r\n");
  const std::string_view head = raw.substr(0, end);
  message.body = end == std::string_view::npos ? "" : std::string(raw.substr(end + 4));
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view line = head.substr(pos, eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !message.headers.empty()) {
      message.headers.back().second += "\r\n" + std::string(line);
    } else {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) throw std::runtime_error("header line without colon: " + std::string(line));
      std::string_view value = line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
      message.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    pos = eol + 2;
  }
  return message;
}

std::optional<std::string> header(const Message& message, std::string_view name) {
  for (const auto& [n, v] : message.headers) {
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < n.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(n[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    if (!same) continue;
    std::string unfolded;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v.compare(i, 2, "\r\n") == 0) {
        ++i;
        continue;
      }
      unfolded += v[i];
    }
    return unfolded;
  }
  return std::nullopt;
}

std::vector<Message> mime_parts(const Message& message, std::string_view boundary) {
  const std::string delimiter = "\r\n--" + std::string(boundary);
  const std::string body = "\r\n" + message.body;  // the first delimiter may start the body
  std::vector<Message> parts;
  std::size_t pos = body.find(delimiter);
  while (pos != std::string::npos) {
    const std::size_t start = pos + delimiter.size();
    if (body.compare(start, 2, "--") == 0) break;  // closing delimiter
    const std::size_t content = start + 2;         // past the CRLF after the delimiter
    const std::size_t next = body.find(delimiter, content);
    if (next == std::string::npos) throw std::runtime_error("part without closing boundary");
    parts.push_back(split_message(std::string_view(body).substr(content, next - content)));
    pos = next;
  }
  return parts;
}

nlohmann::json parse_with_python(const std::string& message) {
  vigil::test::TempDir dir;
  vigil::test::write_file(dir.file("message.eml"), message);
  vigil::test::ChildProcess parser({VIGIL_DEBIAN_PYTHON, std::string(VIGIL_SOURCE_DIR) + "/tests/support/smtp_server.py",
                                    "--parse", dir.file("message.eml")});
  return nlohmann::json::parse(parser.read_line());
}

std::vector<nlohmann::json> read_json_lines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TestServer::TestServer(const std::string& script, std::vector<std::string> options) : record_(dir_.file("record.jsonl")) {
  std::vector<std::string> argv{VIGIL_DEBIAN_PYTHON, std::string(VIGIL_SOURCE_DIR) + "/tests/support/" + script,
                                "--port", "0", "--record", record_};
  argv.insert(argv.end(), options.begin(), options.end());
  process_ = std::make_unique<vigil::test::ChildProcess>(argv, dir_.file("stderr.log"));
  const std::string first = process_->read_line(15s);
  if (!first.starts_with("PORT ")) throw std::runtime_error(script + " printed: " + first);
  port_ = std::stoi(first.substr(5));
}

int TestServer::stop() {
  process_->signal(SIGTERM);
  return process_->wait(10s);
}

TestServer smtp_server(std::vector<std::string> options) { return TestServer("smtp_server.py", std::move(options)); }
TestServer webhook_receiver(std::vector<std::string> options) {
  return TestServer("webhook_receiver.py", std::move(options));
}

NetHarness::NetHarness() {
  net::ClientOptions options;
  options.user_agent = "vigil-test/1.0";
  options.connect_timeout = 5s;
  options.timeout = 20s;
  client_ = std::make_unique<net::Client>(io_, options);
}

NetHarness::~NetHarness() = default;

Delivery NetHarness::send(Channel& channel, const Alert& alert) {
  std::optional<Delivery> result;
  int calls = 0;
  channel.send(alert, [&](Delivery d) {
    ++calls;
    result = std::move(d);
  });
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!result && std::chrono::steady_clock::now() < deadline) {
    io_.run_for(20ms);
    if (io_.stopped()) io_.restart();
  }
  if (!result) throw std::runtime_error("the channel never completed");
  io_.poll();  // a second, wrong call to done would show up here
  if (calls != 1) throw std::runtime_error("done ran " + std::to_string(calls) + " times");
  return *result;
}

int closed_port() { return vigil::test::free_port(); }

}  // namespace vigil::alerts::test
