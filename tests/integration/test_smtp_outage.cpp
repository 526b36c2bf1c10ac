// A dead SMTP relay loses nothing: the alert waits in the outbox and arrives, once, when the
// server is back.
#include <catch2/catch.hpp>

#include "tests/integration/daemon_fixture.hpp"

using namespace vigil::test;
using namespace std::chrono_literals;

TEST_CASE("an alert whose first SMTP attempt fails arrives once the server is back", "[integration][smtp]") {
  World w;
  w.start_http();
  w.start_hooks();  // the SMTP server is not running yet
  w.write_feed("ngo.xml", FeedFormat::rss2,
               {{"n-1", "Statement on landmine casualties in 2026", "Figures from field teams.", "/p/1"},
                {"n-2", "Office closed on Friday", "Back on Monday.", "/p/2"}});
  const auto config = w.write_config({{"ngo", "ngo.xml"}}, /*baseline=*/false);
  w.start_vigil(config);

  REQUIRE(w.eventually([&] { return w.log_count("channel mail: alert") >= 1 && w.log_count("failed") >= 1; }));
  CHECK(w.mails().empty());
  CHECK(w.eventually([&] { return w.hooks().size() == 1; }));  // the other channel is not held up

  w.start_smtp();
  REQUIRE(w.eventually([&] { return w.mails().size() >= 1; }, 30s));
  std::this_thread::sleep_for(3s);
  auto mails = w.mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["subject"].get<std::string>().find("Statement on landmine casualties in 2026") != std::string::npos);
  CHECK(w.hooks().size() == 1);
  CHECK(w.stop_vigil(5s) == 0);
}
