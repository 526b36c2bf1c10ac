#pragma once
// Helpers shared by the store tests: a store in a temporary directory, small records and
// direct SQL access for looking under the hood.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "tests/support/child_process.hpp"

namespace vigil::store::test {

// Seconds since the epoch, as the store keeps them.
inline Timestamp at(std::int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

// Opens the store at `file`; fails the test (with the store's message) if it cannot.
std::unique_ptr<Store> open_store(const std::string& file);

ItemRecord make_record(const std::string& source, const std::string& key, const std::string& fingerprint = "fp",
                       std::vector<std::string> topics = {"landmines"}, Timestamp first_seen = at(1000));
NewAlert make_alert(const std::string& id, const std::string& item_key, Timestamp created = at(1000),
                    const std::string& channel = "desk");
PollCommit make_poll(const std::string& source, std::vector<ItemRecord> items = {}, std::vector<NewAlert> alerts = {});

// Commits and fails the test with the store's message if the commit fails.
void commit(Store& store, const PollCommit& poll);

std::vector<std::string> ids_of(const std::vector<Alert>& alerts);

// Direct SQL on the database file, through a connection of its own.
void sql_execute(const std::string& file, const std::string& sql);
std::int64_t sql_integer(const std::string& file, const std::string& sql);
std::string sql_text(const std::string& file, const std::string& sql);

}  // namespace vigil::store::test
