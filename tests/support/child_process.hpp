#pragma once
// Test helper: a child process (a local server, the vigil binary) that is killed and reaped
// when the object goes away, so a failing test never leaves servers behind.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vigil::test {

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH) with stdout captured; stderr goes to `stderr_file` if set.
  explicit ChildProcess(std::vector<std::string> argv, std::string stderr_file = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Reads one line of the child's stdout (without the newline); throws on timeout or EOF.
  std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Sends a signal; returns immediately.
  void signal(int sig);
  // Waits for exit; returns the exit status (128+signal when killed), or -1 on timeout.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  int status_ = -1;
};

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// An unused TCP port on 127.0.0.1 (bound then released; good enough for tests).
int free_port();
// Polls until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

}  // namespace vigil::test
