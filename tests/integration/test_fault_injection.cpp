// Fault injection against the real binary: one daemon polls many broken sources on a hostile
// local server (tests/support/http_server.py misbehaving on purpose) and one healthy source on
// another. Each broken source is marked failed with a clear reason in `vigil sources --json`
// and backed off as the fetch policy says; the healthy source keeps alerting meanwhile.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string kSupport = std::string(VIGIL_SOURCE_DIR) + "/tests/support/";


// Another instance of the fixture server, for the hostile host (and one speaking TLS).
class Server {
 public:
  Server(const TempDir& dir, const std::string& name, const std::string& root, std::vector<std::string> extra = {})
      : process_(make_argv(root, std::move(extra)), dir.file(name + ".log")) {
    const auto line = process_.read_line(15s);
    if (!line.starts_with("PORT ")) throw std::runtime_error(name + " server said: " + line);
    port_ = std::stoi(line.substr(5));
  }
  int port() const { return port_; }
  std::string url(const std::string& path, const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  json get_json(const std::string& path) const { return json::parse(http_get(port_, path)); }
  // Arrival times (Unix seconds) of the requests to `path`.
  std::vector<double> arrivals(const std::string& path) const {
    return get_json("/control/requests?path=" + path).get<std::vector<double>>();
  }
  int count(const std::string& path) const { return get_json("/stats")["paths"].value(path, 0); }

 private:
  static std::vector<std::string> make_argv(const std::string& root, std::vector<std::string> extra) {
    std::vector<std::string> argv{VIGIL_DEBIAN_PYTHON, kSupport + "http_server.py", "--port", "0", "--root", root};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }
  ChildProcess process_;
  int port_ = 0;
};

// A self-signed certificate for 127.0.0.1, made now (Debian's openssl package).
std::pair<std::string, std::string> self_signed_cert(const TempDir& dir) {
  const auto cert = dir.file("cert.pem"), key = dir.file("key.pem");
  ChildProcess openssl({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
                       dir.file("openssl.log"));
  if (openssl.wait(30s) != 0) throw std::runtime_error("openssl req failed (is Debian's openssl installed?)");
  return {cert, key};
}

std::string rss(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>T</title>"
         "<link>https://hostile.example.org/</link>\n" +
         items + "</channel></rss>\n";
}

std::string item(const std::string& id, const std::string& title, const std::string& description = "d") {
  return "<item><title>" + title + "</title><guid isPermaLink=\"false\">" + id + "</guid><link>https://hostile.example.org/" +
         id + "</link><description>" + description + "</description></item>\n";
}

std::string rfc822_ago(std::chrono::seconds age) {
  const std::time_t t = std::time(nullptr) - age.count();
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

// The documents a broken or hostile site serves, written into `root`.
void write_hostile_documents(const std::string& root) {
  write_file(root + "/empty.xml", "");
  write_file(root + "/moved.xml", rss(item("m1", "Moved feed item")));
  write_file(root + "/plain.xml", rss(item("p1", "Plain feed item")));
  std::string hourly;  // a source that publishes once an hour
  for (int i = 1; i <= 4; ++i)
    hourly += "<item><title>Hourly " + std::to_string(i) + "</title><guid>hourly-" + std::to_string(i) +
              "</guid><pubDate>" + rfc822_ago(std::chrono::hours(i)) + "</pubDate></item>\n";
  write_file(root + "/hourly.xml", rss(hourly));
  write_file(root + "/bad-utf8.xml", rss(item("u1", "Caf\xe9 landmine report \xff\xfe", "bytes \x80\x81 \xc3")));
  std::string nested;
  for (int i = 0; i < 1000; ++i) nested += "<div>";
  nested += "deep landmine text";
  for (int i = 0; i < 1000; ++i) nested += "</div>";
  write_file(root + "/deep.xml", rss(item("d1", "Deep landmine nesting", nested)));
  std::string entities = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    entities += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) entities += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    entities += "\">\n";
  }
  entities += "]>\n<rss version=\"2.0\"><channel><title>Laughs</title><link>https://hostile.example.org/</link>\n" +
              item("l1", "&lol9; landmine laughs", "&lol9;") + "</channel></rss>\n";
  write_file(root + "/laughs.xml", entities);
}

struct Fault {
  std::string name;
  std::string url;
  std::string keys;    // extra TOML lines for its [[source]]
  std::string reason;  // what its last_error must contain
};

std::string source_toml(const std::string& name, const std::string& url, const std::string& keys = "") {
  return "[[source]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\n" + keys + "\n";
}

std::string config_toml(const World& w, const std::string& sources) {
  return "[daemon]\nstate = \"" + w.dir.file("state") +
         "\"\ninterval = \"1s\"\nconcurrency = 64\nper_host = 32\nper_host_delay = \"0\"\ntimeout = \"2s\"\nlisten = \"\"\n\n" + sources +
         "[[topic]]\nname = \"landmines\"\nquery = 'landmine'\nnotify = [\"hook\"]\n\n"
         "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:" +
         std::to_string(w.hook_port) + "/hook/desk\"\nretry_max = \"5s\"\n";
}

std::map<std::string, json> sources_by_name(World& w, const std::string& config) {
  std::map<std::string, json> out;
  const auto text = w.run_cli({"sources", "--json", "-c", config});
  const auto list = json::parse(text, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& entry : list) out[entry["name"].get<std::string>()] = entry;
  return out;
}

std::int64_t epoch_of(const json& rfc3339) {
  std::tm tm{};
  std::istringstream in(rfc3339.get<std::string>());
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  return static_cast<std::int64_t>(timegm(&tm));
}

// The wait the policy may choose after `failures` failures in a row at a 1s interval:
// doubled per failure up to 8x, +-10% jitter, truncated to whole seconds, at least 1.
std::pair<std::int64_t, std::int64_t> backoff_bounds(int failures) {
  const double base = 1 << std::clamp(failures - 1, 0, 3);
  return {std::max<std::int64_t>(1, static_cast<std::int64_t>(base * 0.9)),
          std::max<std::int64_t>(1, static_cast<std::int64_t>(base * 1.1))};
}

std::size_t hooks_with_title(const World& w, const std::string& text) {
  std::size_t n = 0;
  for (const auto& hook : w.hooks())
    if (hook.contains("json") && hook["json"].is_object() &&
        hook["json"].value("title", "").find(text) != std::string::npos)
      ++n;
  return n;
}

}  // namespace

TEST_CASE("broken and hostile sources fail with clear reasons and back off while a healthy one keeps alerting",
          "[integration][faults]") {
  World w;
  TempDir hostile_root;
  write_hostile_documents(hostile_root.path());
  Server hostile(w.dir, "hostile", hostile_root.path());
  const auto [cert, key] = self_signed_cert(w.dir);
  Server tls(w.dir, "tls", hostile_root.path(), {"--tls-cert", cert, "--tls-key", key});
  w.start_http();
  w.start_hooks();
  w.write_feed("healthy.xml", FeedFormat::rss2, {{"h-1", "Quiet day at the office", "Nothing.", "/h/1"}});

  const std::vector<Fault> faults = {
      {"retry-seconds", hostile.url("/status/429?retry_after=5"), "", "HTTP 429 Too Many Requests (Retry-After 5s)"},
      {"retry-date", hostile.url("/retry-date/429?after=5"), "", "HTTP 429 Too Many Requests (Retry-After "},
      {"error-500", hostile.url("/status/500"), "", "HTTP 500 Internal Server Error"},
      {"error-503", hostile.url("/status/503"), "", "HTTP 503 Service Unavailable"},
      {"never-answers", hostile.url("/hang?max=20"), "", "timeout after 2s"},
      {"drips", hostile.url("/drip/600"), "", "timeout after 2s"},
      {"resets", hostile.url("/reset"), "", "Connection reset"},
      {"redirect-loop", hostile.url("/loop"), "", "redirects"},
      {"gzip-bomb", hostile.url("/gzipbomb/10000000"), "max_body = \"1MiB\"\n", "body larger than 1048576 bytes"},
      {"too-big", hostile.url("/huge/3000000"), "max_body = \"1MiB\"\n", "body larger than 1048576 bytes"},
      {"self-signed", tls.url("/plain.xml", "https"), "", "certificate"},
      {"empty-200", hostile.url("/empty.xml"), "", "empty document"},
  };
  std::string sources = source_toml("healthy", "http://127.0.0.1:" + std::to_string(w.http_port) + "/healthy.xml");
  for (const auto& fault : faults) sources += source_toml(fault.name, fault.url, fault.keys);
  sources += source_toml("gone", hostile.url("/status/410"));
  sources += source_toml("moved", hostile.url("/redirect-to?status=301&url=%2Fmoved.xml"));
  sources += source_toml("cached", hostile.url("/plain.xml?max_age=3"));
  sources += source_toml("adaptive", hostile.url("/hourly.xml"),
                         "interval = \"auto\"\nmin_interval = \"1s\"\nmax_interval = \"2h\"\n");
  // What a parser makes of these is its own business (fail, or recover safely); either way
  // they must not hurt the daemon. baseline = false: a recovered item alerts, so we see it.
  for (const char* name : {"bad-utf8", "deep", "laughs"})
    sources += source_toml(name, hostile.url(std::string("/") + name + ".xml"), "baseline = false\n");
  const auto config = w.dir.file("vigil.toml");
  write_file(config, config_toml(w, sources));

  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return w.log_count("source healthy: 1 items, 1 new or changed, 0 matching, 0 alerts (baseline)") == 1; }));
  w.write_feed("healthy.xml", FeedFormat::rss2,
               {{"h-2", "Coalition reports new landmine casualties", "Three farmers hurt.", "/h/2"},
                {"h-1", "Quiet day at the office", "Nothing.", "/h/1"}});
  REQUIRE(w.eventually([&] { return hooks_with_title(w, "new landmine casualties") == 1; }));

  // Every broken source has failed at least twice: enough to see its backoff.
  std::map<std::string, json> state;
  const bool settled = w.eventually(
      [&] {
        state = sources_by_name(w, config);
        return std::all_of(faults.begin(), faults.end(), [&](const Fault& f) {
          return state.contains(f.name) && state[f.name]["consecutive_failures"].get<int>() >= 2;
        });
      },
      30s);
  for (const auto& fault : faults) INFO(fault.name << ": " << state[fault.name].dump());
  REQUIRE(settled);

  for (const auto& fault : faults) {
    const auto& s = state[fault.name];
    INFO(fault.name << ": " << s.dump());
    CHECK(s["status"] == "failing");
    CHECK_THAT(s["last_error"].get<std::string>(), Catch::Contains(fault.reason));
    CHECK(s["last_success"].is_null());
    REQUIRE(s["next_poll"].is_string());
    REQUIRE(s["last_error_at"].is_string());
    const auto wait = epoch_of(s["next_poll"]) - epoch_of(s["last_error_at"]);
    const auto [low, high] = backoff_bounds(s["consecutive_failures"].get<int>());
    if (fault.name.starts_with("retry-")) {
      CHECK(s["retry_after_until"].is_string());
      CHECK(wait >= 4);
      CHECK(wait <= std::max<std::int64_t>(5, high));
    } else {
      CHECK(wait >= low);
      CHECK(wait <= high);
    }
  }

  // Retry-After, seconds and HTTP-date: the server is not asked again before it said.
  for (const char* path : {"/status/429", "/retry-date/429"}) {
    const auto times = hostile.arrivals(path);
    INFO(path);
    REQUIRE(times.size() >= 2);
    for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 3.0);
  }

  // 410: asked once, then never again.
  const auto gone = sources_by_name(w, config)["gone"];
  INFO("gone: " << gone.dump());
  CHECK(gone["status"] == "gone");
  CHECK(gone["next_poll"].is_null());
  CHECK_THAT(gone["last_error"].get<std::string>(), Catch::StartsWith("HTTP 410 Gone: the source is gone"));
  CHECK(hostile.count("/status/410") == 1);

  // 301: followed, and reported with its new URL; the config keeps the old one.
  const auto moved = state["moved"];
  INFO("moved: " << moved.dump());
  CHECK(moved["status"] == "ok");
  CHECK(moved["permanent_redirect"] == hostile.url("/moved.xml"));
  CHECK(moved["url"] == hostile.url("/redirect-to?status=301&url=%2Fmoved.xml"));
  CHECK(w.log_count("source moved: " + hostile.url("/redirect-to?status=301&url=%2Fmoved.xml") +
                    " redirects permanently to " + hostile.url("/moved.xml")) == 1);

  // Cache-Control max-age stretches a 1s interval; "auto" measured an hourly publisher.
  const auto cached = state["cached"];
  INFO("cached: " << cached.dump());
  CHECK(cached["status"] == "ok");
  CHECK(cached["interval"] == 3);
  const auto adaptive = state["adaptive"];
  INFO("adaptive: " << adaptive.dump());
  CHECK(adaptive["status"] == "ok");
  REQUIRE(adaptive["publishing_interval"].is_number());
  CHECK(adaptive["publishing_interval"].get<int>() >= 3595);
  CHECK(adaptive["publishing_interval"].get<int>() <= 3610);
  CHECK(adaptive["interval"] == adaptive["publishing_interval"]);
  CHECK(epoch_of(adaptive["next_poll"]) - epoch_of(adaptive["last_success"]) == adaptive["interval"].get<int>());
  CHECK(hostile.count("/hourly.xml") == 1);

  // Invalid UTF-8, deep nesting, entity expansion: failed with a reason, or recovered into
  // valid, unexpanded text that alerts like any item.
  for (const auto& [name, title] : std::vector<std::pair<std::string, std::string>>{
           {"bad-utf8", "landmine report"}, {"deep", "Deep landmine nesting"}, {"laughs", "landmine laughs"}}) {
    const auto& s = state[name];
    INFO(name << ": " << s.dump());
    if (s["status"] == "failing") {
      CHECK_FALSE(s["last_error"].get<std::string>().empty());
    } else {
      CHECK(s["status"] == "ok");
      CHECK(w.eventually([&] { return hooks_with_title(w, title) == 1; }, 10s));
    }
  }
  for (const auto& hook : w.hooks()) CHECK(hook["body"].get<std::string>().size() < 20000);  // nothing expanded

  // The healthy source: fine, and still polled all along.
  const auto healthy = sources_by_name(w, config)["healthy"];
  CHECK(healthy["status"] == "ok");
  CHECK(healthy["consecutive_failures"] == 0);
  CHECK(healthy["last_new_item"].is_string());

  // The human table says the same.
  const auto table = w.run_cli({"sources", "-c", config});
  CHECK_THAT(table, Catch::Contains("moved permanently to " + hostile.url("/moved.xml")));
  CHECK_THAT(table, Catch::Contains("gone"));

  CHECK(w.stop_vigil(15s) == 0);
}

TEST_CASE("a Retry-After outlives the run: the next `vigil once` does not ask before it ends",
          "[integration][faults][retry-after]") {
  World w;
  TempDir root;
  write_hostile_documents(root.path());
  Server hostile(w.dir, "hostile", root.path());
  w.start_hooks();
  const auto config = w.dir.file("vigil.toml");
  write_file(config, config_toml(w, source_toml("busy", hostile.url("/status/429?retry_after=600"))));

  w.run_cli({"once", "-c", config});
  CHECK(hostile.count("/status/429") == 1);
  auto busy = sources_by_name(w, config)["busy"];
  INFO(busy.dump());
  REQUIRE(busy["retry_after_until"].is_string());
  CHECK(epoch_of(busy["retry_after_until"]) - epoch_of(busy["last_error_at"]) == 600);

  w.run_cli({"once", "-c", config});
  CHECK(hostile.count("/status/429") == 1);
  CHECK_THAT(read_file(w.dir.file("cli.log")), Catch::Contains("source busy: waiting for the server's Retry-After until"));
}

TEST_CASE("retry_after_scope = \"host\" holds every source on that host, and only there",
          "[integration][faults][retry-after]") {
  World w;
  TempDir root;
  write_hostile_documents(root.path());
  Server hostile(w.dir, "hostile", root.path());
  w.start_http();
  w.start_hooks();
  w.write_feed("elsewhere.xml", FeedFormat::rss2, {{"e-1", "Quiet", "Nothing.", "/e/1"}});
  const auto config = w.dir.file("vigil.toml");
  write_file(config, config_toml(w, source_toml("busy", hostile.url("/status/429?retry_after=60"),
                                                "retry_after_scope = \"host\"\n") +
                                        source_toml("neighbour", hostile.url("/plain.xml")) +
                                        source_toml("elsewhere", "http://127.0.0.1:" + std::to_string(w.http_port) +
                                                                     "/elsewhere.xml")));
  w.start_vigil(config);
  REQUIRE(w.eventually([&] { return hostile.count("/status/429") == 1; }));
  const auto elsewhere_before = json::parse(http_get(w.http_port, "/stats"))["paths"].value("/elsewhere.xml", 0);
  std::this_thread::sleep_for(4s);  // four intervals
  CHECK(hostile.count("/status/429") == 1);
  CHECK(hostile.count("/plain.xml") <= 1);  // at most the poll that raced the 429
  const auto elsewhere_after = json::parse(http_get(w.http_port, "/stats"))["paths"].value("/elsewhere.xml", 0);
  CHECK(elsewhere_after - elsewhere_before >= 2);
  CHECK_THAT(sources_by_name(w, config)["busy"]["last_error"].get<std::string>(),
             Catch::EndsWith("(Retry-After 1m, whole host)"));
  CHECK(w.stop_vigil(10s) == 0);

  // The hold outlives the run: neither a restarted daemon nor `vigil once` asks that host again
  // before the minute is over, through any of its sources; other hosts go on.
  const auto neighbour_before = hostile.count("/plain.xml");
  w.run_cli({"once", "-c", config});
  CHECK_THAT(read_file(w.dir.file("cli.log")), Catch::Contains("source neighbour: host http://127.0.0.1:" + std::to_string(hostile.port()) + " asked to wait"));
  w.start_vigil(config);
  std::this_thread::sleep_for(3s);
  CHECK(hostile.count("/plain.xml") == neighbour_before);
  CHECK(hostile.count("/status/429") == 1);
  CHECK(w.stop_vigil(10s) == 0);
}
