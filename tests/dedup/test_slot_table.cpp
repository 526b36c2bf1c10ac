#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "dedup/slot_table.hpp"

using vigil::dedup::SlotTable;

namespace {
std::vector<std::uint32_t> values_of(const SlotTable& table, std::uint32_t tag) {
  std::vector<std::uint32_t> out;
  table.for_each(tag, [&](std::uint32_t v) { out.push_back(v); });
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("a slot table finds every value under a tag", "[dedup][slots]") {
  SlotTable table;
  CHECK(values_of(table, 1).empty());
  table.insert(1, 10);
  table.insert(1, 11);
  table.insert(2, 20);
  CHECK(values_of(table, 1) == std::vector<std::uint32_t>{10, 11});
  CHECK(values_of(table, 2) == std::vector<std::uint32_t>{20});
  table.erase(1, 10);
  CHECK(values_of(table, 1) == std::vector<std::uint32_t>{11});
  table.erase(1, 99);  // absent: nothing happens
  CHECK(table.size() == 2);
}

TEST_CASE("a slot table agrees with a multimap through growth, deletion and shrinking", "[dedup][slots]") {
  SlotTable table;
  std::multimap<std::uint32_t, std::uint32_t> reference;
  std::mt19937 rng(7);
  // Few tags, so runs of equal and colliding tags are long and deletions shift them.
  std::uniform_int_distribution<std::uint32_t> tag(0, 3000);
  std::uint32_t next = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20000; ++i) {
      const auto t = tag(rng);
      if (std::count_if(reference.lower_bound(t), reference.upper_bound(t), [](auto&) { return true; }) <
          static_cast<long>(SlotTable::max_per_tag)) {
        REQUIRE(table.insert(t, next));
        reference.emplace(t, next);
      }
      ++next;
    }
    while (reference.size() > 100) {
      auto it = reference.begin();
      std::advance(it, static_cast<long>(rng() % reference.size()));
      table.erase(it->first, it->second);
      reference.erase(it);
    }
    REQUIRE(table.size() == reference.size());
    for (std::uint32_t t = 0; t <= 3000; ++t) {
      std::vector<std::uint32_t> expected;
      for (auto [it, end] = reference.equal_range(t); it != end; ++it) expected.push_back(it->second);
      std::sort(expected.begin(), expected.end());
      REQUIRE(values_of(table, t) == expected);
    }
  }
}

TEST_CASE("a tag holds a bounded number of values", "[dedup][slots]") {
  SlotTable table;
  for (std::uint32_t i = 0; i < SlotTable::max_per_tag; ++i) CHECK(table.insert(5, i));
  CHECK_FALSE(table.insert(5, 1000));
  CHECK(values_of(table, 5).size() == SlotTable::max_per_tag);
}
