// A result table's cell by the value of a key column: what the tests of entity tables read.
#pragma once
#include "results/Table.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace greenfab::test {

/** The value in `column` of the row whose `key_column` is `key`; fails the test if there is none. */
inline double cell(const Table& t, const std::string& key_column, const std::string& key, const std::string& column)
{
  const TextColumn* keys = t.find_text(key_column);
  REQUIRE(keys != nullptr);
  const Column* c = t.find(column);
  REQUIRE(c != nullptr);
  for (std::size_t row = 0; row < keys->values.size(); ++row)
    if (keys->values[row] == key)
      return c->values[row];
  FAIL("no row " << key << " in " << t.name);
  return 0;
}

} // namespace greenfab::test
