// KPI lookup on a run's results.
#include "results/RunResult.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace greenfab {

const Kpi* RunResult::find(const std::string& name) const
{
  for (const auto& k : kpis)
    if (k.name == name)
      return &k;
  return nullptr;
}

const Table* RunResult::find_table(std::string_view name) const
{
  for (const auto& t : tables)
    if (t.name == name)
      return &t;
  return nullptr;
}

Table* RunResult::find_table(std::string_view name)
{
  for (auto& t : tables)
    if (t.name == name)
      return &t;
  return nullptr;
}

const Table& RunResult::table(std::string_view name) const
{
  if (const Table* t = find_table(name))
    return *t;
  throw std::out_of_range("no table named '" + std::string(name) + "'");
}

Table& RunResult::table(std::string_view name)
{
  if (Table* t = find_table(name))
    return *t;
  throw std::out_of_range("no table named '" + std::string(name) + "'");
}

Table& RunResult::add_table(Table t)
{
  const bool word = not t.name.empty() and std::all_of(t.name.begin(), t.name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) or c == '_';
  });
  if (not word)
    throw std::logic_error("table name '" + t.name + "' is empty or not letters, digits and _ only");
  if (find_table(t.name))
    throw std::logic_error("a second table named '" + t.name + "'");
  tables.push_back(std::move(t));
  return tables.back();
}

double RunResult::kpi(const std::string& name) const
{
  if (const Kpi* k = find(name))
    return k->value;
  throw std::out_of_range("no KPI named '" + name + "'");
}

} // namespace greenfab
