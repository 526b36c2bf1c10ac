#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "tests/store/store_fixtures.hpp"

using namespace vigil;
using namespace vigil::store;
using namespace vigil::store::test;

namespace {

constexpr int thread_count = 4;
constexpr int polls_per_thread = 25;

// Thread `t` commits polls of its own source, each with one new item and its alert, and
// delivers whatever is due in between. Returns the errors it met.
std::vector<std::string> poll_and_deliver(Store& store, int t, std::mutex& delivered_mutex,
                                          std::multiset<std::string>& delivered) {
  std::vector<std::string> errors;
  const std::string source = "source-" + std::to_string(t);
  for (int i = 0; i < polls_per_thread; ++i) {
    const std::string key = source + "-item-" + std::to_string(i);
    auto committed = store.commit_poll(make_poll(source, {make_record(source, key)}, {make_alert(key, key, at(i))}));
    if (!committed) errors.push_back(committed.error().message);

    auto due = store.due_alerts(at(1'000'000), 5);
    if (!due) {
      errors.push_back(due.error().message);
      continue;
    }
    for (const Alert& alert : *due) {
      // Another thread may have delivered it between due_alerts and here: that refusal is the
      // store protecting "delivered once", not an error of the store.
      if (store.mark_delivered(alert.id, "250 ok", at(1'000'000))) {
        const std::lock_guard lock(delivered_mutex);
        delivered.insert(alert.id);
      }
    }
    if (auto seen = store.seen_items(source, {key}); !seen || seen->size() != 1)
      errors.push_back("seen_items lost " + key);
  }
  return errors;
}

}  // namespace

TEST_CASE("four threads committing polls and delivering alerts share one store safely", "[store][threads]") {
  vigil::test::TempDir dir;
  auto store = open_store(dir.file("vigil.db"));
  std::mutex delivered_mutex;
  std::multiset<std::string> delivered;
  std::vector<std::vector<std::string>> errors(thread_count);

  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < thread_count; ++t)
      threads.emplace_back([&, t] { errors[t] = poll_and_deliver(*store, t, delivered_mutex, delivered); });
  }

  for (const auto& thread_errors : errors) CHECK(thread_errors.empty());
  // Whatever was left undelivered when the threads stopped, the outbox still has it.
  auto remaining = store->due_alerts(at(1'000'000), 1000);
  REQUIRE(remaining);
  for (const Alert& alert : *remaining) REQUIRE(store->mark_delivered(alert.id, "250 ok", at(1'000'000)));
  for (const Alert& alert : *remaining) delivered.insert(alert.id);
  CHECK(delivered.size() == thread_count * polls_per_thread);
  CHECK(std::set<std::string>(delivered.begin(), delivered.end()).size() == delivered.size());  // none twice
  auto sources = store->list_sources();
  REQUIRE(sources);
  CHECK(sources->size() == thread_count);
}

TEST_CASE("two stores open on one file both commit without lock errors", "[store][threads]") {
  vigil::test::TempDir dir;
  const std::string file = dir.file("vigil.db");
  auto first = open_store(file);
  auto second = open_store(file);
  std::atomic<int> failures{0};

  {
    std::vector<std::jthread> threads;
    for (Store* store : {first.get(), second.get()}) {
      threads.emplace_back([&, store] {
        const std::string source = store == first.get() ? "first" : "second";
        for (int i = 0; i < 50; ++i) {
          const std::string key = source + std::to_string(i);
          if (!store->commit_poll(make_poll(source, {make_record(source, key)}, {make_alert(key, key)}))) ++failures;
          if (!store->due_alerts(at(2000), 10)) ++failures;
        }
      });
    }
  }

  CHECK(failures == 0);
  CHECK(sql_integer(file, "SELECT COUNT(*) FROM alerts") == 100);
}
